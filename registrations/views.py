"""
The public's side of sign-ups: the form for one date, and the ticket (code,
QR code, calendar file, cancelling). None of these responses is ever cached:
they carry a CSRF token, live figures or personal data.
"""

import hashlib
import logging

import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import notices, seats
from .forms import CONSENT_VERSION, SignupForm
from .models import CODE_ALPHABET, CODE_LENGTH, Registration

logger = logging.getLogger(__name__)

HOUR = 3600


def _over_limit(name, value, limit):
    """Count one more try for ``value``; True once it has had ``limit`` this hour. A cache fault lets it through."""
    key = "kepu:signups:" + name + ":" + hashlib.sha256(value.encode()).hexdigest()[:32]
    try:
        if cache.add(key, 1, HOUR):
            return limit < 1
        return cache.incr(key) > limit
    except Exception:
        logger.warning("sign-up rate limit unavailable", exc_info=True)
        return False


def _refuse(request, context, message, status):
    context["refusal"] = message
    return render(request, "registrations/signup.html", context, status=status)


@never_cache
def signup(request, page_id, key, stamp):
    starts = seats.parse_stamp(stamp)
    occurrence = seats.find_date(page_id, key, starts) if starts else None
    if occurrence is None:
        raise Http404(_("没有找到这一场活动，或者它不在本平台报名。"))
    current = seats.seats_for([occurrence])[occurrence.pk]
    # Bound on every POST, even an empty one, so that it is refused with its errors shown.
    form = SignupForm(
        request.POST if request.method == "POST" else None, seats_per_person=occurrence.seats_per_person
    )
    context = {"occurrence": occurrence, "page": occurrence.page.specific, "seats": current, "form": form}
    if request.method != "POST":
        return render(request, "registrations/signup.html", context)
    if form.is_bot:
        return _refuse(request, context, _("提交未通过检查，请刷新页面后重新填写。"), 400)
    if not form.is_valid():
        return render(request, "registrations/signup.html", context, status=400)
    phone = form.cleaned_data["phone"]
    if _over_limit("address", get_client_ip_address(request) or "", settings.SIGNUPS_PER_ADDRESS_PER_HOUR):
        return _refuse(request, context, _("这个网络地址报名过于频繁，请一小时后再试。"), 429)
    if _over_limit("phone", phone, settings.SIGNUPS_PER_PHONE_PER_HOUR):
        return _refuse(request, context, _("这个手机号报名过于频繁，请一小时后再试。"), 429)
    try:
        registration = seats.sign_up(
            occurrence,
            name=form.cleaned_data["name"],
            phone=phone,
            email=form.cleaned_data["email"],
            party_size=form.cleaned_data["party_size"],
            consent_version=CONSENT_VERSION,
        )
    except seats.Refusal as refusal:
        return _refuse(request, context, refusal.message, refusal.status)
    except IntegrityError:
        # The same phone in two tabs at once: the database's constraint answered.
        return _refuse(request, context, _("这个手机号已经报名了这一场，请用报名码查看或取消。"), 409)
    return redirect("registrations:ticket", registration.code)


def _registration(code):
    code = code.upper()
    if len(code) != CODE_LENGTH or set(code) - set(CODE_ALPHABET):
        raise Http404(_("找不到这个报名码。"))
    return get_object_or_404(Registration.objects.select_related("roster__page"), code=code)


def check_in_url(registration):
    return notices.absolute(reverse("registrations_admin:check_in", args=[registration.code]))


def _ticket(request, registration, refusal="", status=200):
    occurrence = registration.roster.occurrence()
    qr = segno.make(check_in_url(registration), error="m")
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "page": registration.roster.page.specific,
        "position": seats.waiting_position(registration),
        "qr_svg": qr.svg_inline(scale=5, dark="#111", title=_("签到二维码")),
        "refusal": refusal,
    }
    return render(request, "registrations/ticket.html", context, status=status)


@never_cache
def ticket(request, code):
    return _ticket(request, _registration(code))


@never_cache
@require_POST
def cancel(request, code):
    registration = _registration(code)
    try:
        seats.cancel(registration.code)
    except seats.Refusal as refusal:
        return _ticket(request, registration, refusal.message, refusal.status)
    return redirect("registrations:ticket", registration.code)


@never_cache
def ticket_calendar(request, code):
    """The date as a calendar file, with the same UID as the site's calendars (no duplicate once subscribed)."""
    registration = _registration(code)
    occurrence = registration.roster.occurrence()
    if occurrence is None:
        raise Http404(_("这一场已经不在日程中。"))
    response = HttpResponse(notices.calendar_file(occurrence), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signup-{registration.code}.ics"'
    return response
