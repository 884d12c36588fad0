"""
Dates of every dated page type survive what happens to live pages: published
twice, moved to another section, refreshed by the nightly command over the
rows already there (never a clean table).
"""

import datetime
import io

import pytest
from django.core.management import call_command

from events.materialise import is_dated
from events.models import EventPage, Occurrence, TourPage, TourStop
from home.models import StandardPage
from lectures.tests.fixtures import make_lecture

from .fixtures import add_event, publish, soon


@pytest.fixture
def dated_pages(haidian, science_centre, planetarium):
    event = add_event(
        haidian, "周六观星夜", soon(3, 19), venue=science_centre, repeat="WEEKLY", repeat_count=3
    )
    lecture = make_lecture(haidian, "暴雨来了怎么办", soon(5, 14), venue=planetarium)
    tour = TourPage(
        title="科普大篷车进社区",
        stops=[
            TourStop(venue=science_centre, start_date=soon(2).date(), end_date=soon(4).date()),
            TourStop(venue=planetarium, start_date=soon(10).date(), end_date=soon(11).date()),
        ],
    )
    haidian.add_child(instance=tour)
    return {"event": event, "lecture": lecture, "tour": publish(tour)}


def _dates(page):
    return sorted(
        (o.key, o.start, o.end, o.status, o.venue_id, o.section_id, o.online_url)
        for o in Occurrence.objects.filter(page=page)
    )


@pytest.mark.parametrize("kind", ["event", "lecture", "tour"])
def test_a_dated_page_can_be_published_twice_moved_and_refreshed(dated_pages, chaoyang, kind):
    page = dated_pages[kind]
    first = _dates(page)
    assert first, "published dates are in the calendar"
    sequence = type(page).objects.get(pk=page.pk).ical_sequence

    page.save_revision().publish()
    assert _dates(page) == first
    assert type(page).objects.get(pk=page.pk).ical_sequence == sequence, "nothing changed for calendar apps"

    page.move(chaoyang, pos="last-child")
    moved = _dates(page)
    assert {row[5] for row in moved} == {chaoyang.pk}, "the organiser follows the page"

    assert Occurrence.objects.filter(page=page).exists(), "rows are there before the nightly run"
    call_command("refresh_occurrences", stdout=io.StringIO())
    assert _dates(page) == moved


def test_a_changed_tour_stop_tells_calendar_apps(dated_pages, planetarium):
    tour = dated_pages["tour"]
    before = TourPage.objects.get(pk=tour.pk).ical_sequence
    stops = list(tour.stops.all())  # what the editor's form holds and saves back
    stop = max(stops, key=lambda each: each.start_date)
    stop.status = "cancelled"
    stop.note = "场馆检修"
    tour.stops = stops
    tour.save_revision().publish()
    assert TourPage.objects.get(pk=tour.pk).ical_sequence == before + 1
    cancelled = Occurrence.objects.get(page=tour, key=f"stop-{stop.pk}")
    assert (cancelled.status, cancelled.note) == ("cancelled", "场馆检修")


def test_dated_pages_are_known_by_their_base_class(dated_pages, haidian):
    assert all(is_dated(page) for page in dated_pages.values())
    assert not is_dated(StandardPage(title="关于我们"))
    assert not is_dated(haidian)
    assert is_dated(EventPage(title="x", start=soon(1), end=soon(1) + datetime.timedelta(hours=1)))
