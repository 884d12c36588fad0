"""
Urgent answers reach warning systems: a CAP 1.2 message per change (checked
against the OASIS schema), an Atom index of the current ones read with
feedparser, signed webhooks to a real local receiver, and the e-mail that
tells duty experts an answer is waiting.
"""

import datetime
import hashlib
import hmac
import json
from pathlib import Path

import feedparser
import xmlschema
from django.core import mail
from django.utils import timezone

from articles.models import ClarificationPage, UrgentAlert
from home import content_version
from home.deliveries import Delivery, deliver
from tests.servers import Receiver

from .fixtures import in_a_day, make_clarification
from .test_review_flow import _approve_with_edits, _local, _submitted_by_editor

SCHEMA = xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "CAP-v1.2.xsd"))
CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def _cap(client, message):
    response = client.get(f"/clarifications/cap/{message.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    SCHEMA.validate(response.content)  # raises with the reason when invalid
    return SCHEMA.to_dict(response.content)


def _messages(page):
    return list(UrgentAlert.objects.filter(page_key=page.pk).order_by("pk"))


def test_an_urgent_answer_is_alerted_updated_and_cancelled_in_valid_cap(
    client, clarification_index, incident
):
    page = make_clarification(
        clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
    )
    page.answer = "地震无法准确预测，网传“今晚大地震”是谣言。"
    page.save_revision().publish()
    page.unpublish()

    alert, update, cancel = _messages(page)
    assert [alert.msg_type, update.msg_type, cancel.msg_type] == ["Alert", "Update", "Cancel"]

    first = _cap(client, alert)
    assert (first["status"], first["scope"], first["msgType"]) == ("Actual", "Public", "Alert")
    info = first["info"][0]
    assert info["language"] == "zh-CN" and info["headline"] == "今晚有大地震"
    assert info["category"] == ["Geo"] and info["certainty"] == "Unlikely"
    assert info["expires"] == timezone.localtime(page.urgent_until).replace(microsecond=0).isoformat()
    assert info["web"].endswith(page.url)
    assert info["senderName"] == "北京市科学技术协会"

    second = _cap(client, update)
    assert second["msgType"] == "Update"
    assert first["identifier"] in second["references"]
    assert "网传“今晚大地震”是谣言" in second["info"][0]["description"]

    third = _cap(client, cancel)
    assert third["msgType"] == "Cancel"
    assert first["identifier"] in third["references"] and second["identifier"] in third["references"]


def test_the_atom_index_lists_current_alerts_with_an_author_and_cap_links(
    client, clarification_index, incident
):
    urgent = make_clarification(
        clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
    )
    make_clarification(clarification_index, incident, "动物异常就是地震前兆吗")  # not urgent: not an alert
    response = client.get("/clarifications/cap/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.author == "北京市科学技术协会"
    assert [entry.title for entry in feed.entries] == ["今晚有大地震"]
    cap_links = [link for link in feed.entries[0].links if link.type == "application/cap+xml"]
    assert len(cap_links) == 1
    SCHEMA.validate(client.get(cap_links[0].href.replace("http://testserver", "")).content)
    assert any(link.href.endswith(urgent.url) for link in feed.entries[0].links)


def test_home_and_index_advertise_the_cap_index(client, clarification_index, incident):
    for path in ["/", "/clarifications/"]:
        html = client.get(path).content.decode()
        assert 'type="application/atom+xml"' in html
        assert 'title="应急科普 · CAP"' in html
        assert 'href="/clarifications/cap/"' in html, path


def test_an_expiry_cancels_the_alert_with_nobody_publishing(
    client, clarification_index, incident, haidian, monkeypatch
):
    until = timezone.now() + datetime.timedelta(hours=2)
    page = make_clarification(clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=until)
    assert 'class="urgent-banner"' in client.get(haidian.url).content.decode()
    api = f"/api/v3/pages/{page.pk}/"
    assert client.get(api).json()["is_urgent"] is True

    later = until + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert 'class="urgent-banner"' not in client.get(haidian.url).content.decode()
    assert client.get(api).json()["is_urgent"] is False
    alert, cancel = _messages(page)
    assert (cancel.msg_type, cancel.reason) == ("Cancel", "expired")
    assert cancel.expires == until
    feed = feedparser.parse(client.get("/clarifications/cap/").content)
    assert [entry.title for entry in feed.entries] == ["已撤销：今晚有大地震"]
    assert _cap(client, cancel)["msgType"] == "Cancel"
    # Noticed once, however many readers see it pass.
    client.get("/clarifications/cap/")
    assert len(_messages(page)) == 2


def test_the_version_moves_on_when_an_expiry_passes(clarification_index, incident, monkeypatch):
    until = timezone.now() + datetime.timedelta(hours=1)
    make_clarification(clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=until)
    before = content_version.current()
    assert content_version.current() == before
    monkeypatch.setattr(timezone, "now", lambda: until + datetime.timedelta(seconds=1))
    assert content_version.current() != before


def _verify(request, secret):
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Kepu-Signature"], expected)


def test_webhooks_are_signed_retried_after_a_500_and_never_lost(
    clarification_index, incident, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_SECRET = "s3cret-for-the-test"
    with Receiver(statuses=[500, 503, 200]) as receiver:
        settings.WEBHOOK_URLS = [receiver.url + "/push"]
        with django_capture_on_commit_callbacks(execute=True):
            page = make_clarification(
                clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
            )
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.RETRYING and delivery.attempts == 1
        assert "HTTP 500" in delivery.last_error
        deliver.call(str(delivery.pk))  # what the worker does when the retry is due
        deliver.call(str(delivery.pk))
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 3
        deliver.call(str(delivery.pk))  # a late duplicate run sends nothing more
        assert len(receiver.requests) == 3

    bodies = {request["body"] for request in receiver.requests}
    assert len(bodies) == 1, "every retry sends the same signed body"
    request = receiver.requests[-1]
    assert _verify(request, "s3cret-for-the-test")
    assert not _verify(request, "another-secret")
    assert request["headers"]["X-Kepu-Event"] == "clarification.urgent.published"
    body = json.loads(request["body"])
    assert body["msg_type"] == "Alert" and body["clarification"]["id"] == page.pk
    assert body["clarification"]["url"].endswith(page.url)
    assert body["cap_url"].endswith(f"/clarifications/cap/{UrgentAlert.objects.get().pk}/")


def test_a_receiver_that_is_down_delays_nothing(
    client, clarification_index, incident, people, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_URLS = ["http://127.0.0.1:9/unreachable"]
    page = _submitted_by_editor(client, clarification_index, incident, people)
    with django_capture_on_commit_callbacks(execute=True):
        response = _approve_with_edits(
            client, page, people["duty_expert"], incident, urgent="on", urgent_until=_local(in_a_day())
        )
    assert response.status_code == 302
    assert ClarificationPage.objects.get(pk=page.pk).is_urgent
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.RETRYING and delivery.next_attempt_at is not None


def test_the_duty_expert_is_emailed_a_link_to_the_review(client, clarification_index, incident, people):
    for person in people.values():
        person.email = f"{person.username}@example.org.cn"
        person.save()
    mail.outbox.clear()
    page = _submitted_by_editor(client, clarification_index, incident, people)
    to_expert = [message for message in mail.outbox if "duty@example.org.cn" in message.to]
    assert len(to_expert) == 1
    message = to_expert[0]
    assert "今晚有大地震" in message.subject and "值班专家审核" in message.subject
    assert f"/admin/pages/{page.pk}/edit/" in message.body
    assert not [m for m in mail.outbox if "clar-editor@example.org.cn" in m.to], (
        "not the person who submitted"
    )
