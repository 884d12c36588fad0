"""Publishing turns a schedule into dated rows; editors cannot save impossible schedules."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventDateChange, EventPage, Occurrence, Status, TourPage, TourStop
from events.models.schedule import MAX_DATES_PER_PAGE

from .fixtures import add_event, next_weekday, publish, soon

pytestmark = pytest.mark.django_db


def dates_of(page):
    return list(Occurrence.objects.filter(page=page).order_by("start").values_list("start", "status"))


def test_a_one_off_event_has_one_date_in_its_section(haidian, science_centre):
    event = add_event(haidian, "机器人工作坊", soon(10, 14), venue=science_centre)
    [occurrence] = Occurrence.objects.filter(page=event)
    assert occurrence.start == soon(10, 14)
    assert occurrence.section == haidian
    assert occurrence.venue == science_centre
    assert event.section == haidian


def test_weekly_series_with_a_cancelled_and_a_postponed_date(haidian, science_centre, planetarium):
    first = next_weekday(5, 19)  # a Saturday evening
    event = add_event(
        haidian,
        "周六观星夜",
        first,
        venue=science_centre,
        repeat="WEEKLY",
        repeat_count=6,
        date_changes=[
            EventDateChange(
                date=(first + datetime.timedelta(weeks=1)).date(), change="cancelled", note="天气预报有雨"
            ),
            EventDateChange(date=(first + datetime.timedelta(weeks=2)).date(), change="postponed"),
            EventDateChange(
                date=(first + datetime.timedelta(weeks=3)).date(),
                change="moved",
                new_start=first + datetime.timedelta(weeks=3, days=1),
                new_venue=planetarium,
            ),
        ],
    )
    rows = list(Occurrence.objects.filter(page=event).order_by("original_start"))
    assert [row.status for row in rows] == [
        Status.SCHEDULED,
        Status.CANCELLED,
        Status.POSTPONED,
        Status.RESCHEDULED,
        Status.SCHEDULED,
        Status.SCHEDULED,
    ]
    assert rows[1].note == "天气预报有雨"
    moved = rows[3]
    assert moved.start == first + datetime.timedelta(weeks=3, days=1)
    assert moved.original_start == first + datetime.timedelta(weeks=3)
    assert moved.venue == planetarium


def test_an_open_ended_daily_rule_is_bounded_by_the_window(haidian):
    event = add_event(haidian, "每日科普广播", soon(-1000, 8), repeat="DAILY")
    count = Occurrence.objects.filter(page=event).count()
    assert 1400 < count <= MAX_DATES_PER_PAGE
    assert Occurrence.objects.filter(page=event, start__lt=soon(-732)).count() == 0
    assert Occurrence.objects.filter(page=event, start__gt=soon(732)).count() == 0


def test_until_and_weekdays_follow_the_rule(haidian):
    monday = next_weekday(0, 9)
    event = add_event(
        haidian,
        "科普课堂",
        monday,
        repeat="WEEKLY",
        repeat_weekdays="MO,WE",
        repeat_until=(monday + datetime.timedelta(days=13)).date(),
    )
    starts = [start.astimezone(monday.tzinfo) for start, _status in dates_of(event)]
    assert [start.weekday() for start in starts] == [0, 2, 0, 2]


def test_unpublishing_removes_the_dates_and_republishing_a_change_raises_the_sequence(haidian):
    event = add_event(haidian, "气象站开放日", soon(20, 9))
    assert Occurrence.objects.filter(page=event).get().sequence == 0
    event.start, event.end = soon(21, 9), soon(21, 11)
    publish(event)
    assert Occurrence.objects.filter(page=event).get().sequence == 1
    event.title = "气象站开放日（更新）"
    publish(event)
    assert Occurrence.objects.filter(page=event).get().sequence == 1, "a title change is not a date change"
    event.unpublish()
    assert not Occurrence.objects.filter(page=event).exists()


def test_tour_stops_are_all_day_dates_with_their_own_status(haidian, science_centre, haidian_library):
    tour = TourPage(
        title="科普大篷车",
        stops=[
            TourStop(venue=science_centre, start_date=soon(3).date(), end_date=soon(5).date()),
            TourStop(
                venue=haidian_library, start_date=soon(8).date(), end_date=soon(9).date(), status="cancelled"
            ),
        ],
    )
    haidian.add_child(instance=tour)
    publish(tour)
    rows = list(Occurrence.objects.filter(page=tour).order_by("start"))
    assert [(row.all_day, row.status, row.last_day) for row in rows] == [
        (True, Status.SCHEDULED, soon(5).date()),
        (True, Status.CANCELLED, soon(9).date()),
    ]


@pytest.mark.parametrize(
    "fields, field_with_error",
    [
        ({"start": soon(5, 14), "end": soon(5, 12)}, "end"),
        ({"start": soon(5, 14), "end": soon(5, 16), "repeat_count": 3}, "repeat"),
        (
            {
                "start": soon(5, 14),
                "end": soon(5, 16),
                "repeat": "WEEKLY",
                "repeat_count": 3,
                "repeat_until": soon(30).date(),
            },
            "repeat_until",
        ),
        (
            {"start": soon(5, 14), "end": soon(5, 16), "repeat": "DAILY", "repeat_weekdays": "MO"},
            "repeat_weekdays",
        ),
        (
            {"start": soon(5, 14), "end": soon(5, 16), "repeat": "DAILY", "repeat_until": soon(1).date()},
            "repeat_until",
        ),
    ],
)
def test_impossible_schedules_do_not_validate(fields, field_with_error):
    event = EventPage(title="测试活动", slug="test", **fields)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert field_with_error in error.value.message_dict


def _admin_post(client, parent, **overrides):
    # SectionPage.subpage_types is home's to widen; the calendar already takes events.
    start = next_weekday(5, 19)
    data = {
        "title": "周六观星夜",
        "slug": "",
        "summary": "",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "repeat": "WEEKLY",
        "repeat_interval": "1",
        "signup_opens_days": "14",
        "signup_closes_hours": "2",
        "seats_per_person": "1",
        "repeat_count": "4",
        "is_free": "on",
        "body": streamfield([]),
        "tags": "",
        "date_changes": inline_formset([]),
        "stops": inline_formset([]),
    }
    data.update(overrides)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))
    return client.post(url, nested_form_data(data)), start


def test_editor_cannot_change_a_date_the_rule_never_produces(admin_client, calendar):
    start = next_weekday(5, 19)
    wrong_day = (start + datetime.timedelta(days=3)).date()
    response, _start = _admin_post(
        admin_client,
        calendar,
        date_changes=inline_formset([{"date": wrong_day.isoformat(), "change": "cancelled", "note": ""}]),
    )
    assert response.status_code == 200
    assert "不是这个活动的日期" in response.content.decode()
    assert not EventPage.objects.exists()


def test_editor_can_cancel_a_real_date(admin_client, calendar):
    start = next_weekday(5, 19)
    response, _start = _admin_post(
        admin_client,
        calendar,
        date_changes=inline_formset(
            [
                {
                    "date": (start + datetime.timedelta(weeks=1)).date().isoformat(),
                    "change": "cancelled",
                    "note": "闭馆",
                }
            ]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get()
    assert event.date_changes.get().note == "闭馆"


def test_editor_cannot_save_an_event_that_ends_before_it_starts(admin_client, calendar):
    start = next_weekday(5, 19)
    response, _start = _admin_post(
        admin_client,
        calendar,
        end=(start - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        repeat="",
    )
    assert response.status_code == 200
    assert "结束时间不能早于开始时间" in response.content.decode()
    assert not EventPage.objects.exists()


def test_the_nightly_refresh_rebuilds_every_live_pages_dates(haidian, calendar):
    from django.core.management import call_command

    event = add_event(haidian, "周三科学咖啡馆", next_weekday(2, 19), repeat="WEEKLY", repeat_count=5)
    draft = EventPage(title="草稿活动", start=soon(3, 10), end=soon(3, 12), live=False)
    calendar.add_child(instance=draft)
    draft.save_revision()  # never published: no dates
    Occurrence.objects.all().delete()
    call_command("refresh_occurrences", stdout=io.StringIO())
    assert Occurrence.objects.filter(page=event).count() == 5
    assert not Occurrence.objects.filter(page=draft).exists()


def test_moving_an_event_to_another_section_moves_its_dates_in_the_section_calendar(haidian, chaoyang):
    event = add_event(haidian, "流动天文课", soon(6, 10))
    event.move(chaoyang, pos="last-child")
    assert Occurrence.objects.get(page=event).section == chaoyang
    assert EventPage.objects.get(pk=event.pk).section == chaoyang
