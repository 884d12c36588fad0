"""
What the platform sends to other systems, kept until it arrives: signed JSON
webhooks (the app's push service, the city's warning platform) and CDN purges.

Each is a ``Delivery`` row written in the same transaction as the change that
caused it, then attempted by a background task (Django's tasks API: the
database backend and ``manage.py db_worker`` by default). A receiver that is
down, slow or answering 500 delays nothing and loses nothing: the attempt is
retried with growing pauses, and the admin shows every delivery's state
(home.wagtail_hooks). Receivers check ``X-Kepu-Signature``, an HMAC-SHA256 of
the body with the shared secret (``WEBHOOK_SECRET``).
"""

import datetime
import hashlib
import hmac
import json
import logging
import uuid

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

logger = logging.getLogger(__name__)

# Pauses before each retry: about a day of trying in all.
RETRY_DELAYS = [10, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
TIMEOUT_SECONDS = 5


class Delivery(models.Model):
    class Kind(models.TextChoices):
        WEBHOOK = "webhook", _("推送通知")
        PURGE = "purge", _("CDN 缓存清除")

    class Status(models.TextChoices):
        PENDING = "pending", _("等待发送")
        RETRYING = "retrying", _("失败，稍后重试")
        DELIVERED = "delivered", _("已送达")
        GAVE_UP = "gave-up", _("多次失败，已放弃")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    event = models.CharField(_("事件"), max_length=80)
    target = models.URLField(_("接收地址"), max_length=500)
    payload = models.JSONField(_("内容"), encoder=DjangoJSONEncoder, default=dict)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("对外推送")
        verbose_name_plural = _("对外推送")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.event} → {self.target}"

    def body(self):
        """The exact bytes sent, and signed: the payload with this delivery's id."""
        document = {"id": str(self.id), "event": self.event, "created_at": self.created_at, **self.payload}
        return json.dumps(document, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder).encode()


def signature(body, secret=None):
    secret = settings.WEBHOOK_SECRET if secret is None else secret
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(event, payload, urls=None):
    """One delivery per receiver (WEBHOOK_URLS unless given), sent once the current transaction commits."""
    deliveries = [
        Delivery.objects.create(kind=Delivery.Kind.WEBHOOK, event=event, target=url, payload=payload)
        for url in (settings.WEBHOOK_URLS if urls is None else urls)
    ]
    for delivery in deliveries:
        _enqueue(delivery)
    return deliveries


def record_purge_failure(url, location, error):
    """A CDN purge that failed: kept and retried like a webhook, and shown to publishers."""
    delivery = Delivery.objects.create(
        kind=Delivery.Kind.PURGE,
        event="purge",
        target=url,
        payload={"location": location},
        status=Delivery.Status.RETRYING,
        attempts=1,
        last_error=str(error)[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[0]),
    )
    _enqueue(delivery, run_after=delivery.next_attempt_at)
    return delivery


def _enqueue(delivery, run_after=None):
    def enqueue():
        job = deliver
        if run_after is not None:
            if not job.get_backend().supports_defer:
                # A backend that runs tasks at once cannot wait: `manage.py retry_deliveries` will.
                return
            job = job.using(run_after=run_after)
        try:
            job.enqueue(str(delivery.pk))
        except Exception:
            # The row is kept: `manage.py retry_deliveries` (or the next run) sends it.
            logger.exception("could not queue delivery %s", delivery.pk)

    transaction.on_commit(enqueue)


def _attempt(delivery):
    """Send once. Returns None on success, else what went wrong."""
    try:
        if delivery.kind == Delivery.Kind.WEBHOOK:
            body = delivery.body()
            response = requests.post(
                delivery.target,
                data=body,
                timeout=TIMEOUT_SECONDS,
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": "kepu-platform-webhook/1",
                    "X-Kepu-Event": delivery.event,
                    "X-Kepu-Delivery": str(delivery.pk),
                    "X-Kepu-Signature": signature(body),
                },
            )
        else:
            response = purge_request(delivery.target, delivery.payload["location"])
    except requests.RequestException as error:
        return f"{type(error).__name__}: {error}"
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}: {response.text[:300]}"


def purge_request(url, location):
    """PURGE one URL at the proxy or CDN at ``location``, as Wagtail's HTTP backend does."""
    from urllib.parse import urlsplit, urlunsplit

    location = urlsplit(location)
    parts = urlsplit(url)
    return requests.request(
        "PURGE",
        urlunsplit([location.scheme, location.netloc, parts.path, parts.query, ""]),
        headers={"Host": parts.netloc},
        timeout=TIMEOUT_SECONDS,
    )


@task()
def deliver(delivery_id):
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (Delivery.Status.DELIVERED, Delivery.Status.GAVE_UP):
            return
        error = _attempt(delivery)
        delivery.attempts += 1
        if error is None:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        elif delivery.attempts > len(RETRY_DELAYS):
            delivery.status = Delivery.Status.GAVE_UP
            delivery.next_attempt_at = None
            delivery.last_error = error
            logger.error("gave up delivering %s after %s attempts: %s", delivery, delivery.attempts, error)
        else:
            delivery.status = Delivery.Status.RETRYING
            delivery.last_error = error
            pause = RETRY_DELAYS[delivery.attempts - 1] * settings.DELIVERY_RETRY_SCALE
            delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
            logger.warning(
                "delivery %s failed (%s); retrying at %s", delivery, error, delivery.next_attempt_at
            )
        delivery.save()
        if delivery.status == Delivery.Status.RETRYING:
            _enqueue(delivery, run_after=delivery.next_attempt_at)


def retry_due(now=None):
    """Queue every delivery whose next attempt is due (for a worker that was down, or cron)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING]).filter(
        models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
    )
    count = 0
    for delivery in due:
        _enqueue(delivery)
        count += 1
    return count
