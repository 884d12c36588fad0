import datetime
from zoneinfo import ZoneInfo

import pytest

from events.models import EventIndexPage, EventPage, FestivalPage, Venue

BEIJING = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def soon(days, hour=0, minute=0):
    """A Beijing time ``days`` after today: materialised dates live in a window around now."""
    day = datetime.datetime.now(BEIJING).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BEIJING)


def next_weekday(weekday, hour, weeks_ahead=1):
    """The first ``weekday`` (0 = Monday) at least ``weeks_ahead`` weeks from today, at ``hour``."""
    start = soon(7 * weeks_ahead, hour)
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_event(parent, title, start, end=None, **fields):
    event = EventPage(title=title, start=start, end=end or start + datetime.timedelta(hours=2), **fields)
    parent.add_child(instance=event)
    return publish(event)


def make_calendar(home):
    index = home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar", show_in_menus=True))
    return publish(index)


@pytest.fixture
def calendar(home):
    return make_calendar(home)


def make_science_centre():
    return Venue.objects.create(
        name="北京科学中心",
        address="北京市西城区北辰路9号院",
        district="xicheng",
        latitude="39.958300",
        longitude="116.379800",
        transport="地铁8号线安华桥站",
    )


def make_planetarium():
    return Venue.objects.create(
        name="北京天文馆",
        address="北京市西城区西直门外大街138号",
        district="xicheng",
        latitude="39.936900",
        longitude="116.336300",
    )


def make_haidian_library():
    return Venue.objects.create(name="海淀区图书馆", address="北京市海淀区丹棱街16号", district="haidian")


@pytest.fixture
def science_centre(db):
    return make_science_centre()


@pytest.fixture
def planetarium(db):
    return make_planetarium()


@pytest.fixture
def haidian_library(db):
    return make_haidian_library()


def make_science_week(calendar, science_centre):
    festival = FestivalPage(
        title="2026北京科技周",
        slug="science-week-2026",
        theme="科技创新 美好生活",
        year=2026,
        start_date=datetime.date(2026, 5, 16),
        end_date=datetime.date(2026, 5, 23),
        main_venue=science_centre,
    )
    calendar.add_child(instance=festival)
    return publish(festival)


@pytest.fixture
def science_week(calendar, science_centre):
    return make_science_week(calendar, science_centre)


@pytest.fixture
def programme(calendar, haidian, chaoyang, science_centre, planetarium, haidian_library, science_week):
    return make_programme(
        calendar, haidian, chaoyang, science_centre, planetarium, haidian_library, science_week
    )


def make_programme(calendar, haidian, chaoyang, science_centre, planetarium, haidian_library, science_week):
    """A small calendar with every kind of date: series with changes, one-offs, all-day, a tour."""
    from events.models import EventDateChange, TourPage, TourStop

    first = next_weekday(5, 19)
    series = add_event(
        haidian,
        "周六观星夜",
        first,
        venue=science_centre,
        repeat="WEEKLY",
        repeat_count=8,
        audience="children,families",
        date_changes=[
            EventDateChange(
                date=(first + datetime.timedelta(weeks=1)).date(), change="cancelled", note="天气预报有雨"
            ),
            EventDateChange(
                date=(first + datetime.timedelta(weeks=2)).date(), change="postponed", note="另行通知"
            ),
            EventDateChange(
                date=(first + datetime.timedelta(weeks=3)).date(),
                change="moved",
                new_start=first + datetime.timedelta(weeks=3, hours=1),
                new_venue=haidian_library,
                note="改在海淀区图书馆",
            ),
        ],
    )
    lecture = add_event(
        chaoyang,
        "人工智能与生活",
        soon(9, 14),
        venue=haidian_library,
        audience="seniors",
        is_free=False,
        registration_url="https://example.org.cn/signup",
    )
    lecture.tags.add("人工智能")
    publish(lecture)
    fair = add_event(
        calendar, "科普嘉年华", soon(12), end=soon(13), all_day=True, venue=planetarium, festival=science_week
    )
    tour = TourPage(
        title="科普大篷车进社区",
        stops=[
            TourStop(venue=science_centre, start_date=soon(2).date(), end_date=soon(4).date()),
            TourStop(
                venue=haidian_library, start_date=soon(6).date(), end_date=soon(8).date(), status="cancelled"
            ),
            TourStop(venue=planetarium, start_date=soon(15).date(), end_date=soon(16).date()),
        ],
    )
    haidian.add_child(instance=tour)
    publish(tour)
    return {"series": series, "lecture": lecture, "fair": fair, "tour": tour, "first": first}
