"""
E-mail leaves in the background: Wagtail sends workflow notifications inside
the request that submits or approves, and a slow or unreachable mail server
would hold that request (an approval during an incident) for as long as it
takes. ``QueuedEmailBackend`` hands each message to a task, which sends it
through the configured backend (``EMAIL_URL``) and retries with growing pauses.

(config/settings/base.py reads ``EMAIL_URL``.)
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

RETRY_DELAYS = [30, 120, 600, 1800, 3600]


def _serialise(message):
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        # Text attachments only (a calendar file); kept as text so the task's arguments stay JSON.
        "attachments": [
            [name, content.decode() if isinstance(content, bytes) else str(content), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


def _message(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data.get("attachments", []):
        message.attach(name, content, mimetype)
    return message


@task()
def send_queued_email(data, attempt=1):
    try:
        get_connection(settings.EMAIL_DELIVERY_BACKEND).send_messages([_message(data)])
    except Exception as error:
        if attempt > len(RETRY_DELAYS) or not send_queued_email.get_backend().supports_defer:
            logger.error("gave up sending e-mail %r to %s: %s", data["subject"], data["to"], error)
            raise
        pause = datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1] * settings.DELIVERY_RETRY_SCALE)
        logger.warning("e-mail %r not sent (%s); retrying in %s", data["subject"], error, pause)
        send_queued_email.using(run_after=timezone.now() + pause).enqueue(data, attempt + 1)


class QueuedEmailBackend(BaseEmailBackend):
    """An e-mail backend that queues: ``send_messages`` returns at once; a task does the sending."""

    def send_messages(self, messages):
        for message in messages:
            transaction.on_commit(partial(send_queued_email.enqueue, _serialise(message)))
        return len(messages)
