"""
Sign-ups for dates that take them (an event, lecture or tour stop with
「在本平台报名」): one ``Roster`` per date, which a sign-up locks while it
counts the seats, and one ``Registration`` per person or family.

A roster is keyed by its date's identity (page, key, RECURRENCE-ID), not by
the Occurrence row: publishing rewrites those rows, a postponed date keeps its
identity, and the people registered for it stay registered.
"""

import secrets

from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: read aloud at a door, typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Roster(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="rosters")
    key = models.CharField(max_length=40, default="event")
    starts = models.DateTimeField(
        _("场次"), help_text="the date's RECURRENCE-ID (events.materialise.identity)"
    )
    # What is left once personal data is deleted (registrations.retention).
    registered_count = models.PositiveIntegerField(null=True, editable=False)
    attended_count = models.PositiveIntegerField(null=True, editable=False)
    purged_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("报名场次")
        verbose_name_plural = _("报名场次")
        ordering = ["starts"]
        constraints = [models.UniqueConstraint(fields=["page", "key", "starts"], name="one_roster_per_date")]

    def __str__(self):
        return f"{self.page_id} {self.key} {timezone.localtime(self.starts):%Y-%m-%d %H:%M}"

    def occurrence(self):
        """The published date this roster is for, or None once it has left the calendar."""
        from events.models import Occurrence

        return (
            Occurrence.objects.filter(page_id=self.page_id, key=self.key)
            .filter(Q(original_start=self.starts) | Q(original_start__isnull=True, start=self.starts))
            .select_related("venue")
            .first()
        )

    def seats_taken(self):
        return self.registrations.confirmed().aggregate(taken=Sum("party_size"))["taken"] or 0


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def annotate_status_label(self):
        """The status in words, for spreadsheets (SpreadsheetExportMixin reads attributes)."""
        return self.annotate(
            status_label=models.Case(
                *(
                    models.When(status=value, then=models.Value(str(label)))
                    for value, label in Registration.Status.choices
                ),
                output_field=models.CharField(),
            )
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="registrations")
    code = models.CharField(_("报名码"), max_length=CODE_LENGTH, unique=True, default=new_code)
    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("手机号"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True)
    party_size = models.PositiveSmallIntegerField(_("人数"), default=1)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    consent_version = models.CharField(_("同意的告知版本"), max_length=20)
    consented_at = models.DateTimeField(_("同意时间"))
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "pk"]
        constraints = [
            # One phone holds one place per date, whether confirmed or waiting.
            models.UniqueConstraint(
                fields=["roster", "phone"],
                condition=~Q(status="cancelled"),
                name="one_place_per_phone_and_date",
            )
        ]
        indexes = [models.Index(fields=["roster", "status", "created_at"])]

    def __str__(self):
        return f"{self.code} {self.masked_name}"

    @property
    def masked_name(self):
        return self.name[:1] + "*" * max(len(self.name) - 1, 1)

    @property
    def masked_phone(self):
        return f"{self.phone[:3]}****{self.phone[-4:]}"
