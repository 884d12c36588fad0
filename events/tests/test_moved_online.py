"""A date moved online shows the same way on the page, in iCal, in JSON-LD and in the API."""

import datetime
import json

import icalendar
import pytest
from django.core.exceptions import ValidationError

from events.models import EventDateChange, Occurrence, Status

from .fixtures import add_event, next_weekday

pytestmark = pytest.mark.django_db

STREAM = "https://live.example.org.cn/kepu/2026"


@pytest.fixture
def series(calendar, haidian, science_centre):
    first = next_weekday(5, 19)
    return add_event(
        haidian,
        "周六科学沙龙",
        first,
        venue=science_centre,
        repeat="WEEKLY",
        repeat_count=3,
        date_changes=[
            EventDateChange(
                date=(first + datetime.timedelta(weeks=1)).date(),
                change="online",
                online_url=STREAM,
                note="因场馆检修改为线上直播",
            )
        ],
    )


def test_the_date_has_no_venue_and_a_link_to_watch(series):
    online = Occurrence.objects.get(page=series, status=Status.MOVED_ONLINE)
    assert online.venue is None and online.online_url == STREAM
    assert Occurrence.objects.filter(page=series, status=Status.SCHEDULED).count() == 2
    [api_date] = [date for date in series.specific.dates if date["status"] == "online"]
    assert api_date["online_url"] == STREAM and api_date["status_label"] == "改为线上"


def test_page_json_ld_and_ical_agree(client, series):
    html = client.get(series.url).content.decode()
    assert "改为线上" in html and f'href="{STREAM}"' in html
    nodes = [
        json.loads(block.split(">", 1)[1])
        for block in html.split('<script type="application/ld+json"')[1:]
        if "</script>" in block
        for block in [block.split("</script>")[0]]
    ]
    events = [node for item in nodes for node in (item if isinstance(item, list) else [item])]
    online = [node for node in events if node.get("eventStatus") == "https://schema.org/EventMovedOnline"]
    assert len(online) == 1
    assert online[0]["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online[0]["location"] == {"@type": "VirtualLocation", "url": STREAM}

    feed = icalendar.Calendar.from_ical(client.get(f"{series.url}ical/").content)
    overrides = [event for event in feed.walk("VEVENT") if event.get("recurrence-id")]
    assert [str(event["location"]) for event in overrides] == [f"线上：{STREAM}"]
    assert str(overrides[0]["status"]) == "CONFIRMED"


def test_moving_online_needs_a_link():
    change = EventDateChange(date=datetime.date(2026, 12, 5), change="online")
    with pytest.raises(ValidationError) as error:
        change.clean()
    assert "online_url" in error.value.message_dict
