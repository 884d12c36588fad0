"""
The organiser's evening: the list of their dates, a date's list exported for
the door, people checked in by code or by scanning their QR code on a phone;
and what the channels (API, iCal, JSON-LD) say about the seats.
"""

import csv
import io
import threading

import extruct
import icalendar
import openpyxl
import pytest
from django.db import close_old_connections, connection

from home.sections import add_person
from registrations import seats
from registrations.models import Registration
from registrations.tests.fixtures import make_signup_event


def signed_up(event, phone, party_size=1, name="张三"):
    return seats.sign_up(
        event.occurrences.get(), name=name, phone=phone, email="", party_size=party_size, consent_version="t"
    )


def roster_url(event):
    occurrence = event.occurrences.get()
    return f"/admin/registrations/{event.pk}/event/{seats.stamp(occurrence.identity)}/"


@pytest.fixture
def organiser(haidian):
    user, _password = add_person(haidian, "haidian-organiser")
    return user


def test_the_organiser_exports_the_list_and_checks_people_in_by_code_and_by_scan(
    client, signup_event, organiser
):
    family = signed_up(signup_event, "13800000001", party_size=2, name="李四")
    waiting = signed_up(signup_event, "13800000002", name="王五")
    client.force_login(organiser)

    dates = client.get("/admin/registrations/").content.decode()
    assert signup_event.title in dates and "2 / 2" in dates

    listing = client.get(roster_url(signup_event)).content.decode()
    assert "李四" in listing and "13800000001" in listing and "王五" in listing

    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(roster_url(signup_event) + "?export=csv").streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [(row["姓名"], row["人数"], row["状态"]) for row in rows] == [
        ("李四", "2", "已确认"),
        ("王五", "1", "候补"),
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(roster_url(signup_event) + "?export=xlsx").streaming_content))
    )
    assert [cell.value for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))][:3] == [
        family.code,
        "李四",
        "13800000001",
    ]

    # Typed at the door: the code leads to the person, 签到 checks them in.
    found = client.get(f"/admin/registrations/check-in/?code={family.code.lower()}")
    assert found.status_code == 302 and found["Location"].endswith(f"/check-in/{family.code}/")
    page = client.get(found["Location"]).content.decode()
    assert "李四" in page and "签到" in page
    client.post(found["Location"])
    family.refresh_from_db()
    assert family.checked_in_at is not None
    again = client.post(found["Location"], follow=True).content.decode()
    assert "已经在" in again and "签到过了" in again
    # A waiting person cannot be checked in.
    client.post(f"/admin/registrations/check-in/{waiting.code}/")
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None

    # The QR code on the ticket opens that same check-in page on the organiser's phone.
    ticket = client.get(f"/signup/ticket/{family.code}/").content.decode()
    assert "<svg" in ticket
    from registrations.views import check_in_url

    assert check_in_url(family).endswith(f"/admin/registrations/check-in/{family.code}/")


def test_an_editor_of_another_section_sees_none_of_it(client, signup_event, chaoyang):
    person = signed_up(signup_event, "13800000001", name="李四")
    outsider, _password = add_person(chaoyang, "chaoyang-organiser")
    client.force_login(outsider)
    assert signup_event.title not in client.get("/admin/registrations/").content.decode()
    for url in [
        roster_url(signup_event),
        roster_url(signup_event) + "?export=csv",
        f"/admin/registrations/check-in/{person.code}/",
    ]:
        response = client.get(url)
        assert "李四" not in response.content.decode() if not response.streaming else True
        assert response.status_code in (200, 404), url
    assert client.post(f"/admin/registrations/check-in/{person.code}/").status_code == 404
    person.refresh_from_db()
    assert person.checked_in_at is None


def test_the_app_calendar_and_search_engines_read_the_seats(client, signup_event):
    signed_up(signup_event, "13800000001")
    item = next(
        i
        for i in client.get("/api/v3/occurrences/?registration=true").json()["items"]
        if i["page_id"] == signup_event.pk
    )
    assert (item["signup_state"], item["seats_left"]) == ("open", 1)
    assert item["signup_url"].startswith("http://testserver/signup/")

    html = client.get(signup_event.url).content.decode()
    events = [
        node
        for node in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        if node.get("@type") == "Event"
    ]
    assert events[0]["offers"]["availability"] == "https://schema.org/InStock"
    assert events[0]["offers"]["inventoryLevel"]["value"] == 1

    signed_up(signup_event, "13800000002")
    calendar = icalendar.Calendar.from_ical(client.get(signup_event.url + "ical/").content)
    description = str(next(iter(calendar.walk("VEVENT")))["DESCRIPTION"])
    assert "已满，可候补" in description and "报名：http://testserver/signup/" in description
    html = client.get(signup_event.url).content.decode()
    assert "SoldOut" in html


def test_a_cached_event_page_and_api_list_show_seats_taken_since(
    client, signup_event, page_cache, django_capture_on_commit_callbacks
):
    assert "1 / 2" not in client.get(signup_event.url).content.decode()
    assert client.get(signup_event.url)["X-Page-Cache"] == "hit"
    client.get("/api/v3/occurrences/")
    with django_capture_on_commit_callbacks(execute=True):
        signed_up(signup_event, "13800000001")
    page = client.get(signup_event.url)
    assert page["X-Page-Cache"] == "miss" and "1 / 2" in page.content.decode()
    assert client.get("/api/v3/occurrences/").json()["items"][0]["seats_left"] == 1


@pytest.mark.django_db(transaction=True)
def test_people_pressing_at_once_never_get_more_seats_than_there_are(haidian):
    """Twelve at once for five seats: five confirmed, seven waiting (bench/registration_bench.py: 500 over HTTP)."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is one connection")
    event = make_signup_event(haidian, capacity=5, seats_per_person=1)
    start = threading.Barrier(12)
    errors = []

    def press(number):
        try:
            start.wait()
            signed_up(event, f"139{number:08d}")
        except Exception as error:
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=press, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 5 and statuses.count("waitlisted") == 7
