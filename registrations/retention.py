"""
Personal data kept no longer than needed: REGISTRATION_RETENTION_DAYS after a
date has ended, its registrations are deleted and only the counts stay on the
roster (how many registered, how many came). Reminders go out the day before.
Both run from cron (README): ``purge_registrations`` daily, ``send_registration_reminders`` hourly.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from events.models import Occurrence

from . import notices
from .models import Registration, Roster

REMIND_AHEAD = datetime.timedelta(hours=24)


def _ended_before(moment):
    """Rosters whose date ended before ``moment``, or that no longer have a date and began before it."""
    rosters = Roster.objects.filter(purged_at__isnull=True)
    stale = []
    for roster in rosters.filter(starts__lt=moment):
        occurrence = roster.occurrence()
        if occurrence is None or occurrence.end < moment:
            stale.append(roster)
    return stale


def purge(now=None):
    """Delete the people of dates that ended more than the retention period ago. Returns how many."""
    now = now or timezone.now()
    removed = 0
    for roster in _ended_before(now - datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)):
        with transaction.atomic():
            people = roster.registrations.confirmed()
            roster.registered_count = people.aggregate(n=Sum("party_size"))["n"] or 0
            roster.attended_count = (
                people.filter(checked_in_at__isnull=False).aggregate(n=Sum("party_size"))["n"] or 0
            )
            roster.purged_at = now
            roster.save(update_fields=["registered_count", "attended_count", "purged_at"])
            removed += roster.registrations.all().delete()[0]
    return removed


def remind(now=None):
    """Tell everyone confirmed for a date starting within a day, once. Returns how many were told."""
    now = now or timezone.now()
    soon = Occurrence.objects.filter(
        capacity__isnull=False, start__gt=now, start__lte=now + REMIND_AHEAD
    ).exclude(status__in=["cancelled", "postponed"])
    told = 0
    for occurrence in soon:
        people = Registration.objects.confirmed().filter(
            roster__page_id=occurrence.page_id, roster__key=occurrence.key, reminded_at__isnull=True
        )
        people = people.filter(
            Q(roster__starts=occurrence.original_start)
            if occurrence.original_start
            else Q(roster__starts=occurrence.start)
        ).select_related("roster__page")
        for registration in people:
            with transaction.atomic():
                notices.tell(registration, "reminder", occurrence)
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                told += 1
    return told
