"""
Urgent clarifications as Common Alerting Protocol 1.2 messages (OASIS), the
format warning systems and alert aggregators read, and an Atom index of the
current ones at ``/clarifications/cap/`` (OASIS CAP feeds practice: one entry
per alert, its link typed application/cap+xml).

The messages are the records in articles.models.alerts; the XML is built with
ElementTree in the order the CAP 1.2 schema requires (checked against the
schema in articles/tests/data/CAP-v1.2.xsd).
"""

import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.feeds import AtomFeed

from .models import ClarificationIndexPage, UrgentAlert

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CONTENT_TYPE = "application/cap+xml; charset=utf-8"
# A withdrawal stays in the index this long, so aggregators that poll learn of it.
CANCELLED_LISTED_FOR = datetime.timedelta(hours=24)

CATEGORY = {
    "earthquake": "Geo",
    "weather": "Met",
    "food": "Health",
    "health": "Health",
    "accident": "Safety",
}
# The rumour's claimed hazard, by verdict: a false claim makes it unlikely.
CERTAINTY = {"false": "Unlikely", "misleading": "Unlikely", "unproven": "Possible", "true-context": "Likely"}
SEVERITY = {"false": "Minor", "misleading": "Minor", "unproven": "Moderate", "true-context": "Moderate"}


def sender():
    return settings.CAP_SENDER or f"kepu@{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}"


def identifier(message):
    return f"kepu-clarification-{message.page_key}-{message.pk}"


def _time(moment):
    # CAP's dateTime: seconds, with the offset, never "Z" or fractions.
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def reference(message):
    return f"{sender()},{identifier(message)},{_time(message.sent)}"


def _index():
    return ClarificationIndexPage.objects.live().public().defer_streamfields().first()


def message_url(message, index=None):
    index = index or _index()
    if index is None:
        return ""
    return index.get_full_url() + index.reverse_subpage("cap_message", args=[message.pk])


def _sender_name():
    from wagtail.models import Site

    from home.settings import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).association_name if site else settings.WAGTAIL_SITE_NAME


def _add(parent, tag, text):
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def alert_xml(message, sender_name=None):
    """One CAP 1.2 <alert> for a recorded message, as bytes."""
    ElementTree.register_namespace("", NAMESPACE)
    q = f"{{{NAMESPACE}}}"
    alert = ElementTree.Element(f"{q}alert")
    _add(alert, f"{q}identifier", identifier(message))
    _add(alert, f"{q}sender", sender())
    _add(alert, f"{q}sent", _time(message.sent))
    _add(alert, f"{q}status", "Actual")
    _add(alert, f"{q}msgType", message.msg_type)
    _add(alert, f"{q}scope", "Public")
    if message.is_cancel:
        _add(alert, f"{q}note", message.get_reason_display())
    if message.references:
        _add(alert, f"{q}references", message.references)

    info = ElementTree.SubElement(alert, f"{q}info")
    _add(info, f"{q}language", "zh-CN")
    _add(info, f"{q}category", CATEGORY.get(message.incident_kind, "Other"))
    _add(
        info, f"{q}event", _("应急科普：%(incident)s") % {"incident": message.incident_name or _("谣言澄清")}
    )
    _add(info, f"{q}responseType", "AllClear" if message.is_cancel else "Monitor")
    _add(info, f"{q}urgency", "Past" if message.is_cancel else "Immediate")
    _add(info, f"{q}severity", SEVERITY.get(message.verdict, "Unknown"))
    _add(info, f"{q}certainty", CERTAINTY.get(message.verdict, "Unknown"))
    _add(info, f"{q}effective", _time(message.sent))
    _add(info, f"{q}expires", _time(message.expires))
    _add(info, f"{q}senderName", sender_name or _sender_name())
    headline = (
        message.headline if not message.is_cancel else _("已撤销：%(title)s") % {"title": message.headline}
    )
    _add(info, f"{q}headline", headline)
    _add(
        info,
        f"{q}description",
        _("【%(verdict)s】%(answer)s\n网传：%(claim)s")
        % {"verdict": message.verdict_label, "answer": message.answer, "claim": message.claim},
    )
    _add(info, f"{q}instruction", _("以本解答为准，不信谣、不传谣；请关注官方发布的后续信息。"))
    _add(info, f"{q}web", message.url)
    area = ElementTree.SubElement(info, f"{q}area")
    _add(area, f"{q}areaDesc", settings.CAP_AREA_DESC)
    return ElementTree.tostring(alert, encoding="utf-8", xml_declaration=True)


def current_messages(now=None):
    """The newest message about each answer that is urgent now, or was withdrawn in the last day."""
    now = now or timezone.now()
    newest = UrgentAlert.objects.values("page_key").annotate(last=Max("pk")).values("last")
    return (
        UrgentAlert.objects.filter(pk__in=newest)
        .exclude(msg_type=UrgentAlert.MessageType.CANCEL, sent__lt=now - CANCELLED_LISTED_FOR)
        .exclude(expires__lte=now - CANCELLED_LISTED_FOR)
        .order_by("-sent", "-pk")
    )


class CapAtomFeed(AtomFeed):
    """Atom whose entries link to their CAP message, typed so aggregators know what they fetch."""

    def add_item_elements(self, handler, item):
        link, item["link"] = item["link"], item["page_link"]
        super().add_item_elements(handler, item)
        item["link"] = link
        handler.addQuickElement("link", "", {"rel": "alternate", "type": "application/cap+xml", "href": link})


class CapIndex(Feed):
    feed_type = CapAtomFeed

    def get_object(self, request, index):
        return {"index": index, "request": request, "sender_name": _sender_name()}

    def title(self, scope):
        return _("%(title)s · 预警（CAP）") % {"title": scope["index"].title}

    def link(self, scope):
        return scope["index"].get_full_url(scope["request"])

    def feed_url(self, scope):
        index = scope["index"]
        return index.get_full_url(scope["request"]) + index.reverse_subpage("cap_index")

    def subtitle(self, scope):
        return _("当前的紧急辟谣解答，每条一个 CAP 1.2 消息。")

    def author_name(self, scope):
        return scope["sender_name"]

    def author_link(self, scope):
        return scope["request"].build_absolute_uri("/")

    def items(self, scope):
        from .alerts import record_expiries

        record_expiries()
        messages = list(current_messages())
        for message in messages:
            message.cap_link = message_url(message, scope["index"])
        return messages

    def item_title(self, message):
        if message.is_cancel:
            return _("已撤销：%(title)s") % {"title": message.headline}
        return message.headline

    def item_description(self, message):
        return f"【{message.verdict_label}】{message.answer}"

    def item_link(self, message):
        return message.cap_link

    def item_guid(self, message):
        return f"urn:kepu:cap:{identifier(message)}"

    def item_pubdate(self, message):
        return message.sent

    def item_updateddate(self, message):
        return message.sent

    def item_extra_kwargs(self, message):
        return {"page_link": message.url}


def cap_index(request, index):
    return CapIndex()(request, index=index)


def cap_message(request, index, pk):
    from django.shortcuts import get_object_or_404

    message = get_object_or_404(UrgentAlert, pk=pk)
    return HttpResponse(alert_xml(message), content_type=CONTENT_TYPE)
