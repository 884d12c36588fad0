"""
Signing up the way people do it: through the form, in order — the seats run
out, the next person waits, someone cancels and the first in line moves up and
is told; the organiser changes the date and everyone hears; the data goes away
after the date.
"""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventDateChange
from home.deliveries import Delivery
from registrations import retention, seats
from registrations.forms import CONSENT_VERSION
from registrations.models import Registration

SMS = "http://127.0.0.1:9/sms"


@pytest.fixture(autouse=True)
def sms_gateway(settings):
    settings.SMS_WEBHOOK_URLS = [SMS]


def form(name="张三", phone="13800138000", party_size=1, **extra):
    return {"name": name, "phone": phone, "party_size": party_size, "consent": "on", **extra}


def the_date(event):
    return event.occurrences.get()


def sign_up(client, event, **fields):
    return client.post(seats.signup_url(the_date(event)), form(**fields))


def ticket_of(response):
    assert response.status_code == 302, response.content.decode()[:500]
    return Registration.objects.get(code=re.search(r"/ticket/(\w+)/", response["Location"]).group(1))


def sms_to(phone):
    return [
        d.payload["text"]
        for d in Delivery.objects.filter(target=SMS).order_by("created_at")
        if d.payload["phone"] == phone
    ]


def test_seats_run_out_the_next_person_waits_and_moves_up_when_someone_cancels(client, signup_event):
    page = client.get(signup_event.url).content.decode()
    assert "剩余名额" in page and "2 / 2" in page

    family = ticket_of(
        sign_up(
            client, signup_event, name="李家", phone="13800000001", party_size=2, email="li@example.org.cn"
        )
    )
    assert family.status == Registration.Status.CONFIRMED
    assert family.consent_version == CONSENT_VERSION and family.consented_at is not None
    ticket = client.get(f"/signup/ticket/{family.code}/").content.decode()
    assert "报名成功" in ticket and family.code in ticket and "<svg" in ticket
    assert "138****0001" in ticket and "13800000001" not in ticket
    assert "已满" in client.get(signup_event.url).content.decode()
    attachment = client.get(f"/signup/ticket/{family.code}/calendar.ics")
    (date,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    assert date.decoded("DTSTART") == the_date(signup_event).start
    assert str(date["UID"]).startswith(f"event-{signup_event.pk}@")  # the same UID as the site's calendars

    waiting = ticket_of(sign_up(client, signup_event, name="王五", phone="13800000002"))
    assert waiting.status == Registration.Status.WAITLISTED
    assert "候补第 1 位" in client.get(f"/signup/ticket/{waiting.code}/").content.decode()
    assert "名额已满" in sms_to("13800000002")[0]

    response = client.post(f"/signup/ticket/{family.code}/cancel/")
    assert response.status_code == 302
    family.refresh_from_db()
    waiting.refresh_from_db()
    assert family.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED and waiting.promoted_at
    assert "候补成功" in sms_to("13800000002")[-1] and waiting.code in sms_to("13800000002")[-1]
    assert [message.subject for message in mail.outbox] == ["报名成功", "已取消报名"]
    (name, calendar_text, mimetype) = mail.outbox[0].attachments[0]
    assert mimetype == "text/calendar" and name == f"{family.code}.ics"
    assert icalendar.Calendar.from_ical(calendar_text).walk("VEVENT")[0]["SUMMARY"] == signup_event.title
    assert "报名成功" in client.get(f"/signup/ticket/{waiting.code}/").content.decode()
    # Cancelling twice changes nothing and says so.
    again = client.post(f"/signup/ticket/{family.code}/cancel/")
    assert again.status_code == 409 and "已经取消" in again.content.decode()


def test_a_family_too_big_for_the_seats_left_waits_and_nobody_jumps_the_queue(client, signup_event):
    ticket_of(sign_up(client, signup_event, phone="13800000001"))
    family = ticket_of(sign_up(client, signup_event, phone="13800000002", party_size=3))
    assert family.status == Registration.Status.WAITLISTED
    # One seat is left, but a family is waiting: the next single person queues behind them.
    single = ticket_of(sign_up(client, signup_event, phone="13800000003"))
    assert single.status == Registration.Status.WAITLISTED


@pytest.mark.parametrize(
    "data, status, message",
    [
        (form(phone="1234"), 400, "11 位手机号"),
        (form(name="  "), 400, "请填写姓名"),
        ({**form(), "consent": ""}, 400, "请阅读并同意"),
        (form(party_size=4), 400, "选择一个有效的选项"),
        (form(website="http://spam.example"), 400, "提交未通过检查"),
        (form(name="=HYPERLINK(1)"), 400, "姓名不能以"),
        ({}, 400, "请填写手机号"),
    ],
)
def test_bad_sign_ups_get_a_clear_message_and_nothing_is_kept(client, signup_event, data, status, message):
    response = client.post(seats.signup_url(the_date(signup_event)), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_one_phone_holds_one_place_per_date_until_it_cancels(client, signup_event):
    first = ticket_of(sign_up(client, signup_event))
    again = sign_up(client, signup_event, name="另一个名字")
    assert again.status_code == 409 and "已经报名了这一场" in again.content.decode()
    client.post(f"/signup/ticket/{first.code}/cancel/")
    assert ticket_of(sign_up(client, signup_event)).status == Registration.Status.CONFIRMED


def test_sign_ups_are_rate_limited_per_address_and_per_phone(client, signup_event, settings):
    settings.SIGNUPS_PER_PHONE_PER_HOUR = 2
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    assert sign_up(client, signup_event, phone="13800000001").status_code == 302
    assert sign_up(client, signup_event, phone="13800000001").status_code == 409  # already holds a place
    limited = sign_up(client, signup_event, phone="13800000001")
    assert limited.status_code == 429 and "这个手机号报名过于频繁" in limited.content.decode()
    limited = sign_up(client, signup_event, phone="13800000002")
    assert limited.status_code == 429 and "这个网络地址报名过于频繁" in limited.content.decode()


def test_sign_up_opens_and_closes_relative_to_each_date(client, haidian):
    from registrations.tests.fixtures import make_signup_event

    later = make_signup_event(haidian, "下月讲座", days=40, signup_opens_days=14)
    page = client.get(later.url).content.decode()
    assert "尚未开放报名" in page
    assert "尚未开放报名" in client.get(seats.signup_url(the_date(later))).content.decode()
    refused = sign_up(client, later)  # a form posted anyway
    assert refused.status_code == 403 and "还没有开放报名" in refused.content.decode()
    assert not Registration.objects.exists()
    soon = make_signup_event(haidian, "今晚讲座", days=0.05, signup_closes_hours=2)
    assert "报名已截止" in client.get(soon.url).content.decode()
    with pytest.raises(seats.Refusal):
        seats.sign_up(
            the_date(soon), name="张三", phone="13800000009", email="", party_size=1, consent_version="x"
        )


def _publish_change(event, **change):
    """The organiser adds a per-date change (the admin's 个别日期的变更) and publishes."""
    occurrence = the_date(event)
    event.date_changes.add(EventDateChange(date=occurrence.local_start.date(), **change))
    event.save_revision().publish()
    event.refresh_from_db()


def test_everyone_registered_hears_when_their_date_is_postponed_or_moved(
    client, signup_event, science_centre
):
    confirmed = ticket_of(sign_up(client, signup_event, phone="13800000001", party_size=2))
    waiting = ticket_of(sign_up(client, signup_event, phone="13800000002"))
    signup_event.save_revision().publish()  # publishing again without a change tells nobody
    assert len(sms_to("13800000001")) == 1

    new_start = signup_event.start + datetime.timedelta(days=7)
    _publish_change(signup_event, change="moved", new_start=new_start, new_venue=science_centre)
    for registration in (confirmed, waiting):
        told = sms_to(registration.phone)[-1]
        assert "改到" in told and timezone.localtime(new_start).strftime("%m月%d日 %H:%M") in told
        assert "北京科学中心" in told
    # Their places survive the republish: the date keeps its identity.
    confirmed.refresh_from_db()
    assert confirmed.status == Registration.Status.CONFIRMED
    assert "报名成功" in client.get(f"/signup/ticket/{confirmed.code}/").content.decode()


def test_a_cancelled_date_tells_everyone_and_takes_no_more_sign_ups(client, signup_event):
    person = ticket_of(sign_up(client, signup_event))
    _publish_change(signup_event, change="cancelled")
    assert "已取消" in sms_to(person.phone)[-1]
    page = client.get(signup_event.url).content.decode()
    assert "已取消" in page and "剩余名额" not in page and "报名</a>" not in page
    refused = sign_up(client, signup_event, phone="13800000005")
    assert refused.status_code == 403 and "不再接受报名" in refused.content.decode()
    (item,) = client.get("/api/v3/occurrences/").json()["items"]
    assert (item["status"], item["signup_state"]) == ("cancelled", "cancelled")


def test_more_seats_published_move_the_waiting_list_up(client, signup_event):
    ticket_of(sign_up(client, signup_event, party_size=2, phone="13800000001"))
    waiting = ticket_of(sign_up(client, signup_event, phone="13800000002"))
    signup_event.capacity = 3
    signup_event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert "候补成功" in sms_to("13800000002")[-1]


def test_reminders_go_once_and_personal_data_goes_after_the_retention_period(client, signup_event, settings):
    person = ticket_of(sign_up(client, signup_event))
    the_day_before = the_date(signup_event).start - datetime.timedelta(hours=20)
    assert retention.remind(now=the_day_before) == 1
    assert retention.remind(now=the_day_before) == 0
    assert "提醒" in sms_to(person.phone)[-1]

    seats.check_in(person)
    settings.REGISTRATION_RETENTION_DAYS = 30
    end = the_date(signup_event).end
    assert retention.purge(now=end + datetime.timedelta(days=29)) == 0
    assert retention.purge(now=end + datetime.timedelta(days=31)) == 1
    assert not Registration.objects.exists()
    roster = person.roster
    roster.refresh_from_db()
    assert (roster.registered_count, roster.attended_count) == (1, 1)
    assert client.get(f"/signup/ticket/{person.code}/").status_code == 404


def test_unknown_or_malformed_codes_and_dates_are_404s(client, signup_event):
    for url in [
        "/signup/ticket/AAAAAAAA/",
        "/signup/ticket/<script>/",
        f"/signup/{signup_event.pk}/event/notadate/",
        f"/signup/{signup_event.pk}/event/20200101T000000Z/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/signup/ticket/AAAAAAAA/cancel/").status_code == 404


def test_a_touring_exhibition_takes_sign_ups_per_stop(client, haidian, science_centre, planetarium):
    from events.models import TourPage, TourStop
    from events.tests.fixtures import publish, soon

    tour = TourPage(
        title="科普大篷车",
        takes_signups=True,
        capacity=40,
        signup_closes_hours=0,
        stops=[
            TourStop(venue=science_centre, start_date=soon(2).date(), end_date=soon(3).date()),
            TourStop(venue=planetarium, start_date=soon(60).date(), end_date=soon(61).date()),
        ],
    )
    haidian.add_child(instance=tour)
    publish(tour)
    page = client.get(tour.url).content.decode()
    assert "剩余名额" in page and "40 / 40" in page and "尚未开放报名" in page  # the second stop opens later
    first = tour.occurrences.order_by("start").first()
    person = ticket_of(client.post(seats.signup_url(first), form()))
    assert person.status == Registration.Status.CONFIRMED and person.roster.key == first.key
    assert "39 / 40" in client.get(tour.url).content.decode()
