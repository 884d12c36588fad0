"""The calendar as a visitor uses it, on a phone and a desktop: browse, filter, programme, add to calendar."""

import datetime
from pathlib import Path

import pytest

from events.models import EventDateChange, EventIndexPage, FestivalPage, Venue
from events.tests.fixtures import add_event, next_weekday, publish, soon


@pytest.fixture
def calendar_site(haidian, chaoyang):
    home = haidian.get_parent().get_parent()
    calendar = home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar", show_in_menus=True))
    publish(calendar)
    centre = Venue.objects.create(
        name="北京科学中心",
        address="北京市西城区北辰路9号院",
        district="xicheng",
        latitude="39.9583",
        longitude="116.3798",
    )
    library = Venue.objects.create(name="海淀区图书馆", address="北京市海淀区丹棱街16号", district="haidian")
    festival = FestivalPage(
        title="2026北京科技周",
        slug="science-week",
        theme="科技创新 美好生活",
        year=2026,
        start_date=soon(3).date(),
        end_date=soon(9).date(),
        main_venue=centre,
    )
    calendar.add_child(instance=festival)
    publish(festival)
    first = next_weekday(5, 19)
    series = add_event(
        haidian,
        "周六观星夜",
        first,
        venue=centre,
        repeat="WEEKLY",
        repeat_count=6,
        summary="用望远镜看月亮和木星。",
        date_changes=[
            EventDateChange(
                date=(first + datetime.timedelta(weeks=1)).date(), change="cancelled", note="天气预报有雨"
            )
        ],
    )
    add_event(haidian, "海淀科普市集", soon(4, 9), venue=library, festival=festival, audience="families")
    add_event(chaoyang, "社区健康讲座", soon(5, 14), venue=centre, festival=festival, audience="seniors")
    return {"calendar": calendar, "festival": festival, "series": series}


def test_calendar_on_a_phone_lists_whats_on_and_is_accessible(visit, calendar_site):
    response = visit.goto("/calendar/")
    assert response.status == 200
    page = visit.page
    assert page.locator("h1").inner_text() == "活动日历"
    assert page.get_by_role("link", name="海淀科普市集").is_visible()
    assert page.get_by_text("已取消").first.is_visible()
    page.get_by_text("筛选活动").click()  # the filters fold away on a phone until asked for
    assert page.get_by_label("区", exact=True).is_visible()
    subscribe = page.get_by_role("link", name="订阅到手机日历").locator("visible=true").first
    assert subscribe.get_attribute("href").startswith("webcal://")
    if visit.name == "phone":  # within reach: above the list, not after every event of the week
        assert subscribe.bounding_box()["y"] < page.locator(".occurrence").first.bounding_box()["y"]
    assert "iCal" not in page.locator("main").inner_text(), "the format's name stays in titles"
    assert page.locator('link[rel="alternate"][type="text/calendar"]').count() == 1
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"calendar-{visit.name}")


def test_filtering_by_district_keeps_a_shareable_url(visit, calendar_site):
    visit.goto("/calendar/")
    visit.page.get_by_text("筛选活动").click()
    visit.page.get_by_label("区", exact=True).select_option(label="海淀区")
    visit.page.get_by_role("button", name="筛选").click()
    visit.page.wait_for_url("**/calendar/?*district=haidian*")
    main = visit.page.locator("main")
    assert "海淀科普市集" in main.inner_text()
    assert "社区健康讲座" not in main.inner_text()
    assert "区：海淀区" in main.inner_text()
    feed = visit.page.locator('link[rel="alternate"][type="text/calendar"]').get_attribute("href")
    assert "district=haidian" in feed
    assert visit.axe_violations() == []


def test_month_grid_is_an_accessible_table(visit, calendar_site):
    day = soon(4)
    visit.goto(f"/calendar/?month={day:%Y-%m}")
    table = visit.page.get_by_role("table")
    assert f"{day.year}年{day.month}月" in table.locator("caption").inner_text()
    assert table.locator("th").count() == 7
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"calendar-month-{visit.name}")


def test_festival_programme_by_day_and_venue(visit, calendar_site):
    response = visit.goto(calendar_site["festival"].url)
    assert response.status == 200
    main = visit.page.locator("main")
    assert visit.page.get_by_role("heading", name="活动日程").is_visible()
    assert main.get_by_role("heading", name="海淀区图书馆").is_visible()
    assert "社区健康讲座" in main.inner_text()
    programme = main.locator(".programme").inner_text()
    assert programme.count("海淀区图书馆") == 1, "the venue heads its events, not repeated under each"
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"festival-{visit.name}")


def test_event_page_offers_add_to_calendar(visit, calendar_site):
    series = calendar_site["series"]
    response = visit.goto(series.url)
    assert response.status == 200
    assert visit.page.get_by_text("天气预报有雨").is_visible()
    button = visit.page.get_by_role("link", name="添加到日历")
    assert button.is_visible()
    with visit.page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == f"event-{series.pk}.ics"
    body = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in body and "RRULE:FREQ=WEEKLY" in body and "STATUS:CANCELLED" in body
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"event-{visit.name}")


def test_the_venue_pages_sidebar_cards_line_up(visit, calendar_site):
    """The 场馆信息 and 订阅到日历 cards had different widths, paddings and edges."""
    library = Venue.objects.get(name="海淀区图书馆")
    visit.goto(f"/calendar/venues/{library.pk}/")
    cards = [visit.page.locator(selector) for selector in (".contact-card", ".subscribe-box")]
    boxes = [card.bounding_box() for card in cards]
    assert boxes[0]["x"] == boxes[1]["x"] and boxes[0]["width"] == boxes[1]["width"]
    paddings = [card.evaluate("node => getComputedStyle(node).padding") for card in cards]
    assert paddings[0] == paddings[1]
    assert visit.axe_violations() == []
    visit.screenshot(f"venue-{visit.name}")
