"""
What people who signed up are told, and how: a short message (fit for an SMS)
with the date, their code and the link to their ticket, sent to the SMS
gateway's webhook (SMS_WEBHOOK_URLS, kept and retried as home.deliveries
does) and by e-mail when they gave an address (queued, home.mail). Both are
written in the transaction that changed the registration, so a message is
never sent for a change that was rolled back, nor lost for one that was kept.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from home.deliveries import send_webhook

SUBJECTS = {
    "confirmed": gettext_lazy("报名成功"),
    "waitlisted": gettext_lazy("已进入候补名单"),
    "promoted": gettext_lazy("候补成功，已为您保留名额"),
    "cancelled": gettext_lazy("已取消报名"),
    "changed": gettext_lazy("活动日期有变"),
    "reminder": gettext_lazy("活动提醒"),
}


def when(moment):
    return timezone.localtime(moment).strftime("%m月%d日 %H:%M")


def absolute(path):
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def ticket_url(registration):
    return absolute(reverse("registrations:ticket", args=[registration.code]))


def text(registration, what, occurrence=None, change=""):
    roster = registration.roster
    title = roster.page.title
    date = when(occurrence.start if occurrence else roster.starts)
    link = ticket_url(registration)
    code = registration.code
    lines = {
        "confirmed": _("您已报名「%(title)s」%(date)s，%(n)s 人。报名码 %(code)s，入场时出示：%(link)s")
        % {"title": title, "date": date, "n": registration.party_size, "code": code, "link": link},
        "waitlisted": _(
            "「%(title)s」%(date)s 名额已满，您已进入候补名单，有人取消时按顺序递补并通知您。报名码 %(code)s：%(link)s"
        )
        % {"title": title, "date": date, "code": code, "link": link},
        "promoted": _(
            "候补成功：您已获得「%(title)s」%(date)s 的名额，%(n)s 人。报名码 %(code)s，入场时出示：%(link)s"
        )
        % {"title": title, "date": date, "n": registration.party_size, "code": code, "link": link},
        "cancelled": _("您已取消「%(title)s」%(date)s 的报名（报名码 %(code)s）。")
        % {"title": title, "date": date, "code": code},
        "changed": _("您报名的「%(title)s」原定 %(original)s 的场次%(change)s。详情：%(link)s")
        % {"title": title, "original": when(roster.starts), "change": change, "link": link},
        "reminder": _("提醒：您报名的「%(title)s」将于 %(date)s 开始，%(n)s 人。报名码 %(code)s：%(link)s")
        % {"title": title, "date": date, "n": registration.party_size, "code": code, "link": link},
    }
    return f"【{settings.WAGTAIL_SITE_NAME}】" + lines[what]


def tell(registration, what, occurrence=None, change=""):
    message = text(registration, what, occurrence, change)
    send_webhook(
        f"registration.{what}",
        {"phone": registration.phone, "text": message, "code": registration.code},
        urls=settings.SMS_WEBHOOK_URLS,
    )
    if registration.email:
        email = EmailMessage(str(SUBJECTS[what]), message, to=[registration.email])
        if occurrence is not None and what in CALENDAR_FILE:
            email.attach(f"{registration.code}.ics", calendar_file(occurrence), "text/calendar")
        email.send()
    return message


# Messages that carry the date as a calendar file, to add (or update) it in one tap.
CALENDAR_FILE = {"confirmed", "promoted", "changed"}


def calendar_file(occurrence):
    from events.ical import CalendarBuilder

    return CalendarBuilder(occurrence.page.title, None).add([occurrence]).to_ical().decode()
