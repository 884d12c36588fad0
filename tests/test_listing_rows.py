"""
Listings draw each row once for what it shows (home.fragments): a calendar seen
again draws no date again, a publish redraws its own dates and no others, and
what a visitor reads is always the latest title, time, venue and seat count.
The filter form's options are drawn once per publish for each choice of values.
"""

import datetime

from events.models import EventDateChange
from events.tests.fixtures import add_event, publish, soon
from home import content_version

ROW = "events/includes/occurrence.html"
FILTER_FIELDS = "includes/filter_fields.html"


def drawn(response, template):
    return [used.name for used in response.templates].count(template)


def test_a_publish_redraws_its_own_dates_and_no_others(client, calendar, haidian, science_centre):
    weekly = add_event(
        haidian, "周末观星", soon(2, 19), venue=science_centre, repeat="WEEKLY", repeat_count=3
    )
    add_event(haidian, "机器人工作坊", soon(4, 10), venue=science_centre)

    first = client.get("/calendar/")
    assert drawn(first, ROW) == 4
    again = client.get("/calendar/")
    assert drawn(again, ROW) == 0, "nothing changed: every row comes from the first drawing"
    assert again.content == first.content

    weekly.title = "周末观星（改到天文馆楼顶）"
    weekly.start += datetime.timedelta(hours=1)
    weekly.end += datetime.timedelta(hours=1)
    publish(weekly)
    after = client.get("/calendar/")
    page = after.content.decode()
    assert drawn(after, ROW) == 3, "the three dates of the edited event, not the workshop's"
    assert page.count("周末观星（改到天文馆楼顶）") == 3 and "周末观星</a>" not in page
    assert page.count(">20:00</time>") == 3 and ">19:00</time>" not in page
    assert "机器人工作坊" in page


def test_a_renamed_venue_and_a_called_off_date_are_drawn_anew(client, calendar, haidian, science_centre):
    event = add_event(haidian, "科学实验秀", soon(3, 14), venue=science_centre)
    assert "北京科学中心</a>" in client.get("/calendar/").content.decode()

    science_centre.name = "北京科学中心（东馆）"
    science_centre.save()
    response = client.get("/calendar/")
    assert drawn(response, ROW) == 1
    assert "北京科学中心（东馆）</a>" in response.content.decode()

    event.date_changes = [EventDateChange(date=soon(3).date(), change="cancelled", note="场馆检修")]
    publish(event)
    response = client.get("/calendar/")
    page = response.content.decode()
    assert drawn(response, ROW) == 1
    assert 'class="badge badge-cancelled"' in page and "场馆检修" in page


def test_the_filters_are_drawn_once_per_choice_and_again_after_a_publish(
    client, calendar, haidian, science_centre
):
    add_event(haidian, "科学实验秀", soon(3, 14), venue=science_centre)
    assert drawn(client.get("/calendar/"), FILTER_FIELDS) == 1
    assert drawn(client.get("/calendar/"), FILTER_FIELDS) == 0

    chosen = client.get(f"/calendar/?venue={science_centre.pk}")
    assert drawn(chosen, FILTER_FIELDS) == 1, "another choice is drawn on its own"
    assert f'<option value="{science_centre.pk}" selected>' in chosen.content.decode()
    assert f'<option value="{science_centre.pk}" selected>' not in client.get("/calendar/").content.decode()

    refused = client.get("/calendar/?start=2026-13-40")
    assert refused.status_code == 400 and drawn(refused, FILTER_FIELDS) == 1
    assert "has-error" in refused.content.decode(), "a refused value is shown with its error, never kept"

    talk = add_event(haidian, "天文摄影讲座", soon(5, 19), venue=science_centre)
    talk.tags.add("天文摄影")
    publish(talk)
    after = client.get("/calendar/")
    assert drawn(after, FILTER_FIELDS) == 1 and ">天文摄影</option>" in after.content.decode()


def test_kept_answers_are_bounded(db, monkeypatch):
    """Kept keys can come from visitors' query strings: the oldest go first."""
    monkeypatch.setattr(content_version, "KEPT_MOST", 3)
    for n in range(2):
        content_version.kept(("bounded", n), lambda n=n: n)
    assert content_version.kept(("bounded", 0), lambda: "again") == 0, "below the bound, everything is kept"
    for n in range(2, 5):
        content_version.kept(("bounded", n), lambda n=n: n)
    assert content_version.kept(("bounded", 4), lambda: "again") == 4
    assert content_version.kept(("bounded", 0), lambda: "again") == "again", "the oldest went first"


def test_answers_of_a_kind_visitors_choose_are_bounded_on_their_own(db, monkeypatch):
    """A listing's rows are large: few are kept, without pushing out the small answers beside them."""
    content_version.kept(("small",), lambda: "small")
    for n in range(5):
        content_version.kept(("rows", n), lambda n=n: n, most=2)
    assert [content_version.kept(("rows", n), lambda: "again") for n in (3, 4)] == [3, 4]
    assert content_version.kept(("rows", 0), lambda: "again") == "again", "the oldest rows went first"
    assert content_version.kept(("small",), lambda: "again") == "small"


def test_answers_of_some_kinds_can_be_forgotten_alone(db):
    """A bench asks a question as its first visitor would: that query's answers go, the site's stay."""
    content_version.kept(("shape", "科普"), lambda: "walk")
    content_version.kept(("synonyms",), lambda: "groups")
    content_version.forget_kept("shape")
    assert content_version.kept(("shape", "科普"), lambda: "again") == "again"
    assert content_version.kept(("synonyms",), lambda: "again") == "groups"


def test_the_listing_moves_on_at_midnight(client, calendar, haidian, science_centre, monkeypatch):
    from django.utils import timezone

    tonight = add_event(haidian, "今晚观星", soon(0, 20), venue=science_centre)
    add_event(haidian, "明晚观星", soon(1, 20), venue=science_centre)
    for path in ("/calendar/", f"/calendar/venues/{science_centre.pk}/"):
        assert "今晚观星" in client.get(path).content.decode(), path
    assert "今晚观星" in client.get("/calendar/").content.decode(), "seen again, from the kept page"

    monkeypatch.setattr(timezone, "now", lambda: tonight.start + datetime.timedelta(days=1))
    for path in ("/calendar/", f"/calendar/venues/{science_centre.pk}/"):
        page = client.get(path).content.decode()
        assert "今晚观星" not in page and "明晚观星" in page, path


def test_a_listing_seen_before_a_page_is_made_private_never_shows_it_again(
    client, calendar, haidian, science_centre, science_week
):
    from wagtail.models import PageViewRestriction

    members = add_event(haidian, "会员观测夜", soon(3, 19), venue=science_centre, festival=science_week)
    paths = [
        "/calendar/",
        f"/calendar/venues/{science_centre.pk}/",
        science_week.url,
        "/calendar/?section=haidian",
    ]
    for path in paths:
        assert "会员观测夜" in client.get(path).content.decode(), path

    PageViewRestriction.objects.create(page=members, restriction_type="login")
    for path in paths:
        assert "会员观测夜" not in client.get(path).content.decode(), path


def test_a_busy_day_in_the_month_grid_counts_every_date_and_shows_the_first_three(
    client, calendar, haidian, science_centre
):
    day = soon(9)
    talks = [
        add_event(haidian, f"科普讲座{n}", day.replace(hour=9 + n), venue=science_centre) for n in range(5)
    ]
    month = f"/calendar/?month={day:%Y-%m}"

    def cell(html):
        return html.split(f'<time datetime="{day:%Y-%m-%d}">', 1)[1].split("</td>", 1)[0]

    shown = cell(client.get(month).content.decode())
    assert "5 项" in shown and shown.count("<li ") == 3
    assert [f"科普讲座{n}" in shown for n in range(5)] == [True, True, True, False, False], (
        "the earliest three"
    )

    talks[0].title = "科普讲座0（改为线上）"
    publish(talks[0])
    again = client.get(month)
    assert "科普讲座0（改为线上）" in cell(again.content.decode())
    assert drawn(again, "events/includes/month_entry.html") == 1, (
        "the other days and dates are drawn as before"
    )


def test_each_listing_is_drawn_once_until_a_publish_changes_it(
    client, calendar, haidian, science_centre, science_week, series
):
    from lectures.tests.fixtures import make_lecture

    talk = add_event(haidian, "科学实验秀", soon(3, 14), venue=science_centre, festival=science_week)
    make_lecture(series, "火星上的一天", soon(6, 19))
    listings = {
        "/calendar/": "events/includes/day_list.html",
        "/calendar/?section=haidian": "events/includes/day_list.html",
        f"/calendar/?month={soon(3):%Y-%m}": "events/includes/month_grid.html",
        f"/calendar/venues/{science_centre.pk}/": "events/includes/day_list.html",
        science_week.url: "events/includes/programme.html",
        series.url: "events/includes/day_list.html",
    }
    first = {path: client.get(path) for path in listings}
    for path, listing in listings.items():
        shows = "火星上的一天" if path == series.url else "科学实验秀"
        assert shows in first[path].content.decode(), path
        again = client.get(path)
        assert drawn(first[path], listing) == 1 and drawn(again, listing) == 0, (
            f"{path}: seen again, drawn once"
        )
        assert again.content == first[path].content, path

    talk.title = "科学实验秀（加场）"
    publish(talk)
    for path, listing in listings.items():
        after = client.get(path)
        if path != series.url:
            assert "科学实验秀（加场）" in after.content.decode(), path
        assert drawn(after, listing) == 1, f"{path}: a publish draws the listing anew"


def test_the_lecture_archive_is_drawn_once_until_a_publish_renames_a_lecture(
    client, series, recorded_lecture
):
    cards = "lectures/includes/archive_cards.html"
    first = client.get(series.url)
    assert recorded_lecture.title in first.content.decode() and drawn(first, cards) == 1
    again = client.get(series.url)
    assert drawn(again, cards) == 0 and again.content == first.content

    recorded_lecture.title = "黑洞第一张照片是怎样拍成的（重播）"
    publish(recorded_lecture)
    after = client.get(series.url)
    assert "黑洞第一张照片是怎样拍成的（重播）" in after.content.decode() and drawn(after, cards) == 1


def test_the_article_list_is_drawn_once_until_an_article_is_published(client, article_index, haidian):
    from urllib.parse import quote

    from taggit.models import Tag

    from articles.tests.fixtures import make_article

    make_article(haidian, "冬季用电安全", tags=["安全"])
    cards = "articles/includes/article_cards.html"
    paths = (article_index.url, f"{article_index.url}?topic={quote(Tag.objects.get(name='安全').slug)}")
    for path in paths:
        first = client.get(path)
        assert "冬季用电安全" in first.content.decode() and drawn(first, cards) == 1, path
        again = client.get(path)
        assert drawn(again, cards) == 0 and again.content == first.content, path

    make_article(haidian, "家庭节水小窍门", tags=["安全"])
    for path in paths:
        after = client.get(path)
        assert "家庭节水小窍门" in after.content.decode() and drawn(after, cards) == 1, path


def test_the_sections_are_drawn_once_until_a_section_is_added(client, haidian, chaoyang):
    from home.sections import setup_section

    index = haidian.get_parent()
    kinds = "home/includes/sections_by_kind.html"
    first = client.get(index.url)
    assert "海淀区科协" in first.content.decode() and drawn(first, kinds) == 1
    again = client.get(index.url)
    assert drawn(again, kinds) == 0 and again.content == first.content

    setup_section(kind="district", name="西城区科协", slug="xicheng")
    after = client.get(index.url)
    page = after.content.decode()
    assert "西城区科协" in page and drawn(after, kinds) == 1
    assert '<span class="count">3</span>' in page, "the kind's count follows"
