"""
Deliveries through the real task worker: the database backend and
`manage.py db_worker`, as `make run` and production run them.
"""

import time

import pytest
from django.core import mail
from django.core.management import call_command

from articles.tests.fixtures import in_a_day, make_clarification
from home.deliveries import Delivery
from tests.servers import Receiver

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def _run_worker_until(done, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
        if done():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_a_webhook_until_the_receiver_takes_it(settings, clarification_index, incident):
    settings.TASKS = DATABASE_TASKS
    settings.WEBHOOK_SECRET = "x" * 40
    with Receiver(statuses=[500, 500, 200]) as receiver:
        settings.WEBHOOK_URLS = [receiver.url + "/hook"]
        page = make_clarification(
            clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
        )
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.PENDING, "publishing does not wait for the receiver"
        assert _run_worker_until(lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED)
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and len(receiver.requests) == 3
    assert str(page.pk) in receiver.requests[-1]["body"].decode()


@pytest.mark.django_db(transaction=True)
def test_e_mail_is_queued_and_sent_by_the_worker(settings):
    from django.core.mail import EmailMessage, send_mail

    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "home.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_mail(
        "【应急科普】有解答待审核",
        "请审核：http://testserver/admin/pages/1/edit/",
        None,
        ["duty-expert@example.org.cn"],
    )
    signup = EmailMessage("报名成功", "报名码 ABCD2345", to=["visitor@example.org.cn"])
    signup.attach("ABCD2345.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    signup.send()
    assert mail.outbox == [], "nothing is sent inside the request"
    assert _run_worker_until(lambda: len(mail.outbox) == 2)
    assert mail.outbox[0].subject == "【应急科普】有解答待审核"
    assert mail.outbox[0].to == ["duty-expert@example.org.cn"]
    assert mail.outbox[1].attachments == [
        ("ABCD2345.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_delivery_left_by_a_stopped_worker_is_sent_by_retry_deliveries(
    settings, clarification_index, incident
):
    settings.TASKS = DATABASE_TASKS
    with Receiver() as receiver:
        settings.WEBHOOK_URLS = [receiver.url]
        make_clarification(
            clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
        )
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()  # the queue was lost; the delivery row was not
        call_command("retry_deliveries", verbosity=0)
        assert _run_worker_until(lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED)
    assert len(receiver.requests) == 1


def test_approvers_and_duty_experts_see_deliveries_and_section_editors_do_not(
    client, clarification_index, incident, people, haidian, settings, django_capture_on_commit_callbacks
):
    from home.sections import add_person

    settings.WEBHOOK_URLS = ["http://127.0.0.1:9/down"]
    with django_capture_on_commit_callbacks(execute=True):
        make_clarification(
            clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
        )
    for person in (people["approver"], people["duty_expert"]):
        client.force_login(person)
        listing = client.get("/admin/deliveries/")
        assert listing.status_code == 200
        html = listing.content.decode()
        assert "clarification.urgent.published" in html and "失败，稍后重试" in html
    editor, _password = add_person(haidian, "haidian-editor")
    client.force_login(editor)
    assert client.get("/admin/deliveries/").status_code in (302, 403)
    assert "对外推送" not in client.get("/admin/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_cdn_is_purged_again_once_every_server_has_seen_the_publish(
    settings, clarification_index, incident
):
    """
    An app server serves its page-cache copy from before a publish for up to
    CONTENT_VERSION_MEMO_SECONDS; a proxy refetching in that second kept the old
    page for its whole max-age (seen through Varnish). The worker purges at once and
    again after that second.
    """
    settings.TASKS = DATABASE_TASKS
    settings.CONTENT_VERSION_MEMO_SECONDS = 0.5
    with Receiver() as cdn:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {"BACKEND": "home.purge.RetryingHTTPBackend", "LOCATION": cdn.url}
        }
        make_clarification(
            clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
        )
        assert _run_worker_until(lambda: cdn.requests)
        first = time.monotonic()
        urls = sorted(request["path"] for request in cdn.requests)
        assert _run_worker_until(lambda: len(cdn.requests) >= 2 * len(urls))
        assert time.monotonic() - first >= 0.4, "the second round waits for the memo"
        assert sorted(request["path"] for request in cdn.requests[len(urls) :]) == urls
        assert {request["method"] for request in cdn.requests} == {"PURGE"}
