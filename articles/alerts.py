"""
Telling other systems about urgent clarifications: when an urgent answer goes
live, changes, is withdrawn or expires, a CAP message is recorded (articles.cap
serves them) and a signed webhook goes to the app's push service and the
city's warning platform (home.deliveries). Wired to publishing and to the
content version's scheduled changes in signal_handlers.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from home.deliveries import send_webhook

from .models import ClarificationPage, UrgentAlert

Type = UrgentAlert.MessageType
Reason = UrgentAlert.Reason

WEBHOOK_EVENTS = {
    Type.ALERT: "clarification.urgent.published",
    Type.UPDATE: "clarification.urgent.updated",
    Type.CANCEL: "clarification.urgent.withdrawn",
}


def latest_message(page_key):
    return UrgentAlert.objects.filter(page_key=page_key).order_by("-sent", "-pk").first()


def _is_active(message):
    return message is not None and not message.is_cancel


def _references(page_key):
    """CAP references: "sender,identifier,sent" of every earlier message about this answer."""
    from .cap import reference

    return " ".join(
        reference(message) for message in UrgentAlert.objects.filter(page_key=page_key).order_by("pk")
    )


def _record(page, msg_type, reason, previous, now=None):
    now = now or timezone.now()
    incident = page.incident
    message = UrgentAlert.objects.create(
        clarification=page,
        page_key=page.pk,
        msg_type=msg_type,
        reason=reason,
        sent=now.replace(microsecond=0),
        headline=page.title[:255],
        answer=page.answer[:255],
        claim=page.claim,
        verdict=page.verdict,
        verdict_label=page.verdict_label,
        incident_name=incident.name if incident else "",
        incident_kind=incident.kind if incident else "",
        url=page.get_full_url() or "",
        # A withdrawal ends the alert now; an expiry ends it at the moment it was due.
        expires=page.urgent_until if msg_type != Type.CANCEL or reason == Reason.EXPIRED else now,
        references=_references(page.pk) if previous else "",
    )
    send_webhook(WEBHOOK_EVENTS[msg_type], _payload(message, page))
    return message


def _payload(message, page):
    from .cap import message_url

    return {
        "msg_type": message.msg_type,
        "reason": message.reason,
        "sent": message.sent,
        "cap_url": message_url(message),
        "clarification": {
            "id": message.page_key,
            "title": message.headline,
            "url": message.url,
            "answer": message.answer,
            "claim": message.claim,
            "verdict": message.verdict,
            "verdict_label": message.verdict_label,
            "incident": message.incident_name,
            "urgent": message.msg_type != Type.CANCEL,
            "urgent_until": page.urgent_until,
        },
    }


@transaction.atomic
def clarification_published(page):
    previous = latest_message(page.pk)
    if page.is_urgent:
        if _is_active(previous):
            return _record(page, Type.UPDATE, Reason.CHANGED, previous)
        return _record(page, Type.ALERT, Reason.PUBLISHED, previous)
    if _is_active(previous):
        lapsed = page.urgent and page.urgent_until and page.urgent_until <= timezone.now()
        return _record(page, Type.CANCEL, Reason.EXPIRED if lapsed else Reason.WITHDRAWN, previous)
    return None


@transaction.atomic
def clarification_withdrawn(page):
    previous = latest_message(page.pk)
    if _is_active(previous):
        return _record(page, Type.CANCEL, Reason.WITHDRAWN, previous)
    return None


def record_expiries(now=None):
    """Cancel messages for urgent answers whose expiry has passed with nobody publishing. Idempotent."""
    now = now or timezone.now()
    recorded = []
    lapsed = (
        UrgentAlert.objects.filter(expires__lte=now)
        .exclude(msg_type=Type.CANCEL)
        .values_list("page_key", flat=True)
        .distinct()
    )
    for page_key in lapsed:
        with transaction.atomic():
            # One Cancel per expiry, however many processes notice it at once.
            if not Page.objects.select_for_update().filter(pk=page_key).exists():
                continue
            previous = latest_message(page_key)
            if not _is_active(previous) or previous.expires > now:
                continue
            page = ClarificationPage.objects.filter(pk=page_key).first()
            if page is None:
                continue
            recorded.append(_record(page, Type.CANCEL, Reason.EXPIRED, previous, now=now))
    return recorded
