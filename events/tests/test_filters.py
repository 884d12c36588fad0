"""Every filter narrows the calendar as its label says; bad input gets a message, never a 500."""

import datetime
import re

import pytest

from tests.fixtures import make_chaoyang, make_haidian, make_home, module_transaction

from .fixtures import (
    add_event,
    make_calendar,
    make_haidian_library,
    make_planetarium,
    make_programme,
    make_science_centre,
    make_science_week,
    soon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_programme(django_db_setup, django_db_blocker):
    """Built once for the module: these tests only read the calendar."""
    with module_transaction(django_db_blocker):
        calendar = make_calendar(make_home())
        centre = make_science_centre()
        week = make_science_week(calendar, centre)
        yield make_programme(
            calendar,
            make_haidian(),
            make_chaoyang(),
            centre,
            make_planetarium(),
            make_haidian_library(),
            week,
        )


@pytest.fixture
def programme(module_programme, db):
    return module_programme


TITLE = re.compile(r'<p class="occurrence-title">\s*<a href="[^"]+">([^<]+)</a>')


def titles(client, query):
    start, end = soon(0).date(), soon(60).date()
    response = client.get(f"/calendar/?start={start}&end={end}&{query}")
    assert response.status_code == 200
    return set(TITLE.findall(response.content.decode()))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"周六观星夜", "人工智能与生活", "科普嘉年华", "科普大篷车进社区"}),
        ("district=haidian", {"周六观星夜", "人工智能与生活", "科普大篷车进社区"}),
        ("district=xicheng", {"周六观星夜", "科普嘉年华", "科普大篷车进社区"}),
        ("section=chaoyang", {"人工智能与生活"}),
        ("festival=science-week-2026", {"科普嘉年华"}),
        ("audience=seniors", {"人工智能与生活"}),
        ("audience=families", {"周六观星夜"}),
        ("cost=paid", {"人工智能与生活"}),
        ("registration=required", {"人工智能与生活"}),
        ("tag=%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD", {"人工智能与生活"}),  # 人工智能
        ("district=haidian&section=haidian", {"周六观星夜", "科普大篷车进社区"}),
        ("district=yanqing", set()),
    ],
)
def test_each_filter_narrows_the_calendar(client, programme, query, expected):
    assert titles(client, query) == expected


def test_a_sections_calendar_links_its_own_feed(client, programme):
    html = client.get("/calendar/?section=haidian").content.decode()
    assert 'href="/calendar/ical/?section=haidian"' in html
    assert "webcal://testserver/calendar/ical/?section=haidian" in html


def test_the_month_grid_puts_events_on_their_days(client, programme):
    fair = soon(12)
    html = client.get(f"/calendar/?month={fair:%Y-%m}").content.decode()
    assert "<table" in html and f"{fair.year}年{fair.month}月活动月历" in html
    cell = html.split(f'datetime="{fair:%Y-%m-%d}"', 1)[1].split("</td>", 1)[0]
    assert "科普嘉年华" in cell


def test_the_month_grid_shows_the_neighbouring_months_days_complete(client, programme):
    """12月5日 in the November view listed only what had begun in November, not the day's own events."""
    from events.views import grid_days

    month = soon(40).date().replace(day=1)
    while grid_days(month)[1].month == month.month:  # a month ending on a Sunday has no spill-over
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    spill = grid_days(month)[1]
    assert spill.month != month.month
    add_event(programme["fair"].get_parent().specific, "月末观星会", soon((spill - soon(0).date()).days, 19))
    html = client.get(f"/calendar/?month={month:%Y-%m}").content.decode()
    cell = html.split(f'datetime="{spill:%Y-%m-%d}"', 1)[1].split("</td>", 1)[0]
    assert "月末观星会" in cell


def test_the_list_heading_says_the_day_once_and_counts_in_words(client, programme):
    """Not 「12月19日至2026年12月19日的活动 4」 but 「12月19日的活动（4项）」."""
    from home.templatetags.dates import day

    fair = soon(12).date()
    html = client.get(f"/calendar/?start={fair}&end={fair}").content.decode()
    heading = re.search(r'<h2 id="results-heading">(.*?)</h2>', html, re.S).group(1).strip()
    listed = html.count('<li class="occurrence')
    assert listed >= 1 and heading == f"{day(fair)}的活动（{listed}项）"
    week = client.get(f"/calendar/?start={fair}&end={fair + datetime.timedelta(days=6)}").content.decode()
    assert f"{day(fair)}至{day(fair + datetime.timedelta(days=6))}的活动（" in week


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2026-13-45", "有效的日期"),
        ("start=yesterday", "有效的日期"),
        ("start=2026-05-01&end=2026-04-01", "结束日期不能早于开始日期"),
        ("start=0001-01-01&end=9999-12-31", "年之间的日期"),
        ("start=2026-01-01&end=2036-01-01", "最多查看 366 天"),
        ("end=2099-12-31", "最多查看 366 天"),
        ("month=2026-13", "月份的格式"),
        ("month=9999-01", "月份的格式"),
        ("section=atlantis", "没有找到这个主办单位"),
        ("festival=<script>alert(1)</script>", "没有找到这个活动周"),
        ("venue=abc", "选择一个有效的选项"),
        ("venue=99999", "选择一个有效的选项"),
        ("district=narnia", "选择一个有效的选项"),
        ("audience=robots", "选择一个有效的选项"),
        ("tag=' OR 1=1 --", "没有找到这个主题"),
        ("view=year", "选择一个有效的选项"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(client, programme, query, message):
    page = client.get(f"/calendar/?{query}")
    assert page.status_code == 400
    html = page.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    feed = client.get(f"/calendar/ical/?{query}")
    assert feed.status_code == 400
    assert message in feed.content.decode()


def test_bad_page_numbers_and_unknown_venues_do_not_break(client, programme):
    assert client.get("/calendar/?page=999").status_code == 200
    assert client.get("/calendar/?page=abc").status_code == 200
    assert client.get("/calendar/venues/99999/").status_code == 404
    assert client.get("/calendar/venues/99999/ical/").status_code == 404
