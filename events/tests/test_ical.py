"""
What a calendar app shows after subscribing equals what the HTML calendar shows
for the same filter: feeds are parsed back with icalendar and expanded with
recurring_ical_events, the way a client would.
"""

import datetime
import re

import icalendar
import pytest
import recurring_ical_events

from events.ical import STATUS
from events.tests.fixtures import BEIJING, publish, soon

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'<li class="occurrence[^"]*"[^>]*data-start="([^"]+)" data-status="([a-z]+)"')


def html_dates(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return sorted((start, STATUS[status]) for start, status in ITEM.findall(response.content.decode()))


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content), response


def shown_dates(calendar, start, end):
    shown = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        value = event.decoded("dtstart")
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time.min, tzinfo=BEIJING)
        shown.append((value.astimezone(BEIJING).isoformat(), str(event.get("status"))))
    return sorted(shown)


def period(days=60):
    start, end = soon(0).date(), soon(days).date()
    return start, end, f"start={start}&end={end}"


@pytest.mark.parametrize(
    "filters",
    [
        "",
        "district=xicheng",
        "district=haidian",
        "section=haidian",
        "audience=families",
        "festival=science-week-2026",
    ],
)
def test_feed_dates_equal_the_html_calendar(client, programme, filters):
    start, end, dates = period()
    query = "&".join(part for part in (dates, filters) if part)
    html = html_dates(client, f"/calendar/?{query}")
    calendar, _response = feed(client, f"/calendar/ical/?{query}")
    assert html, "the filter should match something, or the comparison proves nothing"
    assert shown_dates(calendar, start, end + datetime.timedelta(days=1)) == html


def test_the_unfiltered_feed_sends_series_as_rules_with_overrides(client, programme):
    calendar, _response = feed(client, "/calendar/ical/")
    series = [e for e in calendar.walk("VEVENT") if e["uid"] == f"event-{programme['series'].pk}@testserver"]
    master = [e for e in series if "RECURRENCE-ID" not in e]
    overrides = {e.decoded("recurrence-id").date(): e for e in series if "RECURRENCE-ID" in e}
    assert len(master) == 1 and "RRULE" in master[0]
    first = programme["first"]
    assert overrides[(first + datetime.timedelta(weeks=1)).date()]["status"] == "CANCELLED"
    assert overrides[(first + datetime.timedelta(weeks=2)).date()]["status"] == "CANCELLED"
    moved = overrides[(first + datetime.timedelta(weeks=3)).date()]
    assert moved.decoded("dtstart") == first + datetime.timedelta(weeks=3, hours=1)
    assert "海淀区图书馆" in moved["location"]
    # …and the whole calendar, expanded, shows what the HTML shows over the same weeks.
    start, end, dates = period(70)
    assert shown_dates(calendar, start, end + datetime.timedelta(days=1)) == html_dates(
        client, f"/calendar/?{dates}"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/ical/",
        "/calendar/ical/?district=haidian",
        "/calendar/science-week-2026/ical/",
        "/districts/haidian/ke-pu-da-peng-che-jin-she-qu/ical/",
        "/districts/haidian/zhou-liu-guan-xing-ye/ical/",
        "VENUE",
    ],
)
def test_every_kind_of_feed_is_complete_stable_and_cacheable(client, programme, science_centre, url):
    if url == "VENUE":
        url = f"/calendar/venues/{science_centre.pk}/ical/"
    calendar, response = feed(client, url)
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert calendar["PRODID"] and calendar["X-WR-CALNAME"]
    events = list(calendar.walk("VEVENT"))
    assert events
    timezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in events:
        assert event["UID"].endswith("@testserver")
        assert event["URL"].startswith("http://testserver/")
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name in event and "TZID" in event[name].params:
                assert event[name].params["TZID"] in timezones
    again = client.get(url)
    assert again.content == response.content, "two requests of unchanged content give the same bytes"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_a_changed_event_gets_a_new_etag_and_a_higher_sequence(client, programme):
    url = f"{programme['lecture'].url}ical/"
    _calendar, before = feed(client, url)
    lecture = programme["lecture"]
    lecture.start, lecture.end = soon(10, 14), soon(10, 16)
    publish(lecture)
    calendar, after = feed(client, url)
    assert after["ETag"] != before["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    [event] = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event.decoded("dtstart") == soon(10, 14)


def test_the_add_to_calendar_file_downloads_one_event_with_place_and_link(client, programme):
    lecture = programme["lecture"]
    calendar, response = feed(client, f"{lecture.url}ical/")
    assert response["Content-Disposition"] == f'attachment; filename="event-{lecture.pk}.ics"'
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "人工智能与生活"
    assert "海淀区图书馆" in event["LOCATION"]
    assert event["URL"] == f"http://testserver{lecture.url}"
    assert event.decoded("dtstamp") == lecture.last_published_at.replace(microsecond=0)


def test_tour_stops_are_all_day_events_with_their_own_uids(client, programme, science_centre):
    calendar, _response = feed(client, f"{programme['tour'].url}ical/")
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [type(e.decoded("dtstart")) for e in events] == [datetime.date] * 3
    assert len({e["UID"] for e in events}) == 3
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert events[0].decoded("dtend") == soon(5).date(), "DTEND of an all-day event is the day after"
    assert "GEO" in events[0]


def test_pages_that_list_dates_advertise_their_feed(client, programme, science_centre):
    pages = ["/calendar/", "/calendar/?section=haidian", programme["series"].url, programme["tour"].url]
    pages += ["/calendar/science-week-2026/", f"/calendar/venues/{science_centre.pk}/"]
    for url in pages:
        html = client.get(url).content.decode()
        match = re.search(r'<link rel="alternate" type="text/calendar"[^>]* href="([^"]+)"', html)
        assert match, url
        assert client.get(match.group(1).replace("&amp;", "&")).status_code == 200
        assert "webcal://" in html or url == programme["series"].url
