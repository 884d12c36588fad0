"""
The organisers' side: the dates of their own section that take sign-ups, each
date's list (exported as CSV or Excel), and checking people in by code or by
scanning the ticket's QR code with a phone (it opens the check-in page here).

Who may see a date's list is who may edit its page (Wagtail's page
permissions), so a section's editors see their own section's people only.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import Occurrence

from . import seats
from .models import Registration, Roster

RECENT = datetime.timedelta(days=7)


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def may_organise(user):
    return user.is_active and (user.is_superuser or editable_pages(user).exists())


def _date_or_404(user, page_id, key, stamp):
    starts = seats.parse_stamp(stamp)
    page = Page.objects.filter(pk=page_id).first() if starts else None
    if page is None or not page.permissions_for_user(user).can_edit():
        # Another section's date reads exactly like one that does not exist.
        raise Http404
    return page, starts


class OrganiserView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_organise(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("registrations_admin:index"), "label": _("活动报名")},
            {"url": "", "label": self.get_page_title()},
        ]


class DatesView(OrganiserView):
    """Every date of the user's pages that takes sign-ups, from a week ago on."""

    template_name = "registrations/admin/dates.html"
    page_title = _("活动报名")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dates = (
            Occurrence.objects.filter(capacity__isnull=False, end__gt=timezone.now() - RECENT)
            .filter(page__in=editable_pages(self.request.user))
            .select_related("page", "venue")
            .order_by("start", "page__title")[:300]
        )
        found = seats.seats_for(dates)
        context["dates"] = [
            {
                "occurrence": occurrence,
                "seats": found[occurrence.pk],
                "stamp": seats.stamp(occurrence.identity),
            }
            for occurrence in dates
        ]
        return context


class RosterView(SpreadsheetExportMixin, OrganiserView):
    """One date's registrations: who, how many, status; export; check in by code."""

    template_name = "registrations/admin/roster.html"
    list_export = [
        "code",
        "name",
        "phone",
        "email",
        "party_size",
        "status_label",
        "created_at",
        "promoted_at",
        "checked_in_at",
    ]
    export_headings = {"status_label": _("状态")}

    def get_page_title(self):
        return self.page.title

    def dispatch(self, request, page_id, key, stamp):
        self.page, self.starts = _date_or_404(request.user, page_id, key, stamp)
        self.key, self.stamp = key, stamp
        self.roster = Roster.objects.filter(page=self.page, key=key, starts=self.starts).first()
        return super().dispatch(request, page_id, key, stamp)

    def registrations(self):
        if self.roster is None:
            return Registration.objects.none()
        return self.roster.registrations.annotate_status_label().order_by("status", "created_at", "pk")

    def get_filename(self):
        return f"signups-{self.page.pk}-{self.stamp}"

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.registrations(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occurrence = self.roster.occurrence() if self.roster else None
        if occurrence is None:
            occurrence = seats.find_date(self.page.pk, self.key, self.starts)
        registrations = list(self.registrations())
        context.update(
            occurrence=occurrence,
            seats=seats.seats_for([occurrence]).get(occurrence.pk) if occurrence else None,
            registrations=registrations,
            checked_in=sum(r.party_size for r in registrations if r.checked_in_at),
            export_url=reverse("registrations_admin:roster", args=[self.page.pk, self.key, self.stamp]),
            purged=self.roster.purged_at if self.roster else None,
            roster=self.roster,
        )
        return context


class CheckInView(OrganiserView):
    """Opened by scanning a ticket's QR code, or from a typed code: who it is, and the 签到 button."""

    template_name = "registrations/admin/check_in.html"
    page_title = _("现场签到")

    def dispatch(self, request, code=None):
        if not may_organise(request.user):
            raise Http404
        typed = (request.GET.get("code") or "").strip().upper()
        if code is None and typed:
            return redirect("registrations_admin:check_in", typed[:20])
        self.registration = None
        if code is not None:
            self.registration = (
                Registration.objects.select_related("roster__page").filter(code=code.upper()).first()
            )
            page = self.registration.roster.page if self.registration else None
            if page is None or not page.permissions_for_user(request.user).can_edit():
                self.registration = None
                self.not_found = code
        return super().dispatch(request)

    def post(self, request, *args, **kwargs):
        if self.registration is None:
            raise Http404
        try:
            seats.check_in(self.registration)
        except seats.Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(name)s 已签到（%(n)s 人）。")
                % {"name": self.registration.name, "n": self.registration.party_size},
            )
        return redirect("registrations_admin:check_in", self.registration.code)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        context["registration"] = registration
        context["not_found"] = getattr(self, "not_found", None)
        if registration:
            registration.refresh_from_db()
            context["occurrence"] = registration.roster.occurrence()
            context["roster_url"] = reverse(
                "registrations_admin:roster",
                args=[
                    registration.roster.page_id,
                    registration.roster.key,
                    seats.stamp(registration.roster.starts),
                ],
            )
        return context
