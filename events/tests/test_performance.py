"""
The month grid, the upcoming list and every feed take a bounded number of
queries however many dates there are. Query counts only: never wall-clock time.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventPage, Occurrence, Venue
from home import content_version

from .fixtures import publish, soon

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def calendar_events(parent, festival, pages=25):
    venues = Venue.objects.bulk_create(
        Venue(name=f"场馆{n}", address=f"北京市海淀区测试路{n}号", district="haidian") for n in range(10)
    )
    events = []
    for n in range(pages):
        event = EventPage(
            title=f"活动{n}", start=soon(1, 9), end=soon(1, 11), venue=venues[n % 10], festival=festival
        )
        parent.add_child(instance=event)
        events.append(publish(event))
    return events, venues


def add_dates(events, venues, dates_per_page):
    """Bulk rows, as publishing would write them, spread over 60 days and 10 venues."""
    Occurrence.objects.bulk_create(
        Occurrence(
            page=event,
            start=soon(n % 60, 9 + d % 10),
            end=soon(n % 60, 10 + d % 10),
            venue=venues[(n + d) % 10],
            section_id=event.section_id,
            festival_id=event.festival_id,
            published_at=event.last_published_at,
            original_start=soon(n % 60, 9),
            key=f"extra-{d}-{len(venues)}",
        )
        for n, event in enumerate(events)
        for d in range(dates_per_page)
    )


URLS = [
    "/calendar/",
    "/calendar/?view=month",
    "MONTH",
    "/calendar/?district=haidian&section=haidian",
    "/calendar/ical/",
    "/calendar/ical/?district=haidian",
    "/calendar/science-week-2026/",
    "/calendar/science-week-2026/ical/",
    "VENUE",
]


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    cache.clear()  # but build feeds again: their serialised copies live in the cache
    content_version.forget_kept()  # and in this process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_calendar_pages_and_feeds_take_the_same_queries_for_25_or_600_dates(
    client, calendar, haidian, science_week, subtests
):
    events, venues = calendar_events(haidian, science_week)
    urls = [
        url.replace("MONTH", f"/calendar/?month={soon(30):%Y-%m}").replace(
            "VENUE", f"/calendar/venues/{venues[0].pk}/"
        )
        for url in URLS
    ]
    few = {url: count_queries(client, url) for url in urls}
    add_dates(events, venues, 24)
    assert Occurrence.objects.count() >= 600
    for url in urls:
        with subtests.test(url=url):
            many = count_queries(client, url)
            assert many == few[url]
            assert many <= MAX_QUERIES


def test_feed_of_a_range_holds_every_date(client, calendar, haidian, science_week):
    events, venues = calendar_events(haidian, science_week)
    add_dates(events, venues, 24)
    start, end = soon(0).date(), soon(365).date()
    body = client.get(f"/calendar/ical/?start={start}&end={end}").content.decode()
    assert body.count("BEGIN:VEVENT") == Occurrence.objects.filter(end__gt=soon(0)).count()


def test_feed_of_weekly_series_takes_the_same_queries_for_2_or_8_series(client, calendar, haidian):
    """Series go out as RRULE plus overrides (CalendarBuilder._series): that path is bounded too."""
    from events.models import EventDateChange

    def add_series(start, stop):
        for n in range(start, stop):
            first = soon(1 + n, 19)
            event = EventPage(
                title=f"每周系列{n}",
                start=first,
                end=first.replace(hour=21),
                repeat="WEEKLY",
                repeat_count=10,
                date_changes=[EventDateChange(date=soon(8 + n).date(), change="cancelled")],
            )
            haidian.add_child(instance=event)
            publish(event)

    add_series(0, 2)
    few = count_queries(client, "/calendar/ical/")
    add_series(2, 8)
    many = count_queries(client, "/calendar/ical/")
    body = client.get("/calendar/ical/").content.decode()
    assert body.count("RRULE:FREQ=WEEKLY") == 8
    assert many == few


def test_a_feed_is_built_once_until_its_own_dates_change(client, calendar, haidian, science_week):
    """Publishing elsewhere empties the page cache; the calendar is not built again for it."""
    events, venues = calendar_events(haidian, science_week, pages=5)
    first = client.get("/calendar/ical/")
    built = count_queries(client, "/calendar/ical/")
    content_version.bump()  # an article published: every cached page is gone
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/calendar/ical/")
    assert again.content == first.content
    assert len(queries) < built
    # Wagtail's routing to the page is all that is left, and the one aggregate behind the ETag.
    assert [q["sql"] for q in queries.captured_queries if "events_occurrence" in q["sql"]] == [
        next(q["sql"] for q in queries.captured_queries if "COUNT" in q["sql"])
    ]
    events[0].title = "改名后的活动"
    publish(events[0])
    assert "改名后的活动" in client.get("/calendar/ical/").content.decode()
