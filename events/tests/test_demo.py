"""The demo calendar: realistic, complete enough to try every feature, and idempotent."""

import io

import pytest
from django.core.management import call_command

from events.models import EventIndexPage, EventPage, FestivalPage, Occurrence, Status, TourPage, Venue


def counts():
    return (
        EventPage.objects.count(),
        FestivalPage.objects.count(),
        Venue.objects.count(),
        Occurrence.objects.count(),
    )


@pytest.mark.django_db
def test_demo_calendar_has_festivals_series_and_a_tour_and_loads_twice_without_duplicates(
    demo_site, settings, client
):
    calendar = EventIndexPage.objects.get()
    assert calendar.slug == "calendar" and calendar.show_in_menus
    week = FestivalPage.objects.get(title="2026北京科技周")
    week_dates = Occurrence.objects.filter(festival=week)
    assert week_dates.count() >= 30
    assert week_dates.values("venue").distinct().count() >= 6
    assert week_dates.values("section").distinct().count() >= 6
    assert Occurrence.objects.filter(festival__title="2025北京科技周").exists(), (
        "last year's edition is browsable"
    )
    assert Occurrence.objects.filter(festival__title="2026全国科普日北京主会场").count() >= 5

    series = EventPage.objects.get(title="周六观星会")
    statuses = list(Occurrence.objects.filter(page=series).values_list("status", flat=True))
    assert {Status.CANCELLED, Status.POSTPONED, Status.RESCHEDULED} <= set(statuses)

    tour = TourPage.objects.get()
    assert tour.stops.count() >= 8
    assert len({stop.venue.district for stop in tour.stops.all()}) >= 8

    before = counts()
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before

    for url in ["/calendar/", week.url, series.url, tour.url, "/calendar/?month=2026-05"]:
        assert client.get(url).status_code == 200, url
