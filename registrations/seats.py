"""
Taking, giving back and checking seats. Every change to a date's seats
happens inside one transaction that holds its Roster row locked
(``select_for_update`` on PostgreSQL; SQLite's IMMEDIATE transactions admit
one writer at a time), so however many people press the button at once, the
seats confirmed never exceed the capacity and the waiting list keeps its order.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Occurrence, Status
from home import live_figures

from . import notices
from .models import Registration, Roster


class Refusal(Exception):
    """A sign-up, cancellation or check-in that cannot be done, with what to tell the person."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclasses.dataclass(frozen=True)
class Seats:
    capacity: int
    taken: int
    waiting: int
    state: str  # open | full | not-open | closed | cancelled (the date itself is cancelled or postponed)
    opens: datetime.datetime | None
    url: str

    LABELS = {
        "open": _("剩余名额"),
        "full": _("已满，可候补"),
        "not-open": _("尚未开放报名"),
        "closed": _("报名已截止"),
        "cancelled": _("本场不再接受报名"),
    }

    @property
    def left(self):
        return max(self.capacity - self.taken, 0)

    @property
    def label(self):
        return self.LABELS[self.state]

    @property
    def accepts(self):
        return self.state in ("open", "full")


def stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_stamp(text):
    try:
        return datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def signup_url(occurrence):
    return reverse(
        "registrations:signup", args=[occurrence.page_id, occurrence.key, stamp(occurrence.identity)]
    )


def state_of(occurrence, taken, waiting, now=None):
    now = now or timezone.now()
    if occurrence.status in (Status.CANCELLED, Status.POSTPONED):
        return "cancelled"
    if now >= occurrence.signup_closes:
        return "closed"
    if now < occurrence.signup_opens:
        return "not-open"
    if waiting or taken >= occurrence.capacity:
        return "full"
    return "open"


def seats_of(occurrence, taken=0, waiting=0, now=None):
    return Seats(
        capacity=occurrence.capacity,
        taken=taken,
        waiting=waiting,
        state=state_of(occurrence, taken, waiting, now),
        opens=occurrence.signup_opens,
        url=signup_url(occurrence),
    )


def seats_for(occurrences, now=None):
    """{occurrence.pk: Seats} for dates that take sign-ups, from one query."""
    occurrences = [occurrence for occurrence in occurrences if occurrence.takes_signups]
    if not occurrences:
        return {}
    counts = {
        (roster.page_id, roster.key, roster.starts): (roster.taken or 0, roster.waiting)
        for roster in Roster.objects.filter(
            page_id__in={occurrence.page_id for occurrence in occurrences},
            starts__in={occurrence.identity for occurrence in occurrences},
        ).annotate(
            taken=Sum(
                "registrations__party_size", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
    }
    return {
        occurrence.pk: seats_of(
            occurrence,
            *counts.get((occurrence.page_id, occurrence.key, occurrence.identity), (0, 0)),
            now=now,
        )
        for occurrence in occurrences
    }


def find_date(page_id, key, starts):
    """The published, public date a sign-up URL names, or None."""
    return (
        Occurrence.objects.visible()
        .filter(page_id=page_id, key=key, capacity__isnull=False)
        .filter(Q(original_start=starts) | Q(original_start__isnull=True, start=starts))
        .select_related("page", "venue")
        .first()
    )


def _locked_roster(occurrence):
    roster, _created = Roster.objects.get_or_create(
        page_id=occurrence.page_id, key=occurrence.key, starts=occurrence.identity
    )
    return Roster.objects.select_for_update().get(pk=roster.pk)


def _changed():
    transaction.on_commit(live_figures.bump)


@transaction.atomic
def sign_up(occurrence, *, name, phone, email, party_size, consent_version, now=None):
    """Confirm a place if the seats allow and nobody is waiting, else join the waiting list."""
    roster = _locked_roster(occurrence)
    # Read once the lock is held, so the waiting list's order is the order seats were decided in.
    now = now or timezone.now()
    if party_size > occurrence.seats_per_person:
        raise Refusal(_("每次报名最多 %(n)s 人。") % {"n": occurrence.seats_per_person}, status=400)
    if roster.registrations.active().filter(phone=phone).exists():
        raise Refusal(_("这个手机号已经报名了这一场，请用报名码查看或取消。"))
    taken = roster.seats_taken()
    waiting = roster.registrations.waiting().exists()
    state = state_of(occurrence, taken, waiting, now)
    if state == "not-open":
        raise Refusal(_("这一场还没有开放报名。"), status=403)
    if state == "closed":
        raise Refusal(_("这一场的报名已经截止。"), status=403)
    if state == "cancelled":
        raise Refusal(_("这一场已经取消或延期，不再接受报名。"), status=403)
    fits = not waiting and taken + party_size <= occurrence.capacity
    registration = Registration.objects.create(
        roster=roster,
        name=name,
        phone=phone,
        email=email,
        party_size=party_size,
        status=Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED,
        created_at=now,
        consent_version=consent_version,
        consented_at=now,
    )
    notices.tell(registration, "confirmed" if fits else "waitlisted", occurrence)
    _changed()
    return registration


def promote(roster, occurrence, now=None):
    """Move people up from the waiting list, in order, while their party fits. Call with the roster locked."""
    if occurrence is None or occurrence.capacity is None or occurrence.status == Status.CANCELLED:
        return []
    now = now or timezone.now()
    free = occurrence.capacity - roster.seats_taken()
    promoted = []
    for registration in roster.registrations.waiting():
        if registration.party_size > free:
            break
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        free -= registration.party_size
        promoted.append(registration)
        notices.tell(registration, "promoted", occurrence)
    if promoted:
        _changed()
    return promoted


@transaction.atomic
def cancel(code, now=None):
    """Give back a place (the person's own, by code); the first who fit on the waiting list move up."""
    registration = Registration.objects.select_related("roster").filter(code=code).first()
    if registration is None:
        raise Refusal(_("找不到这个报名码。"), status=404)
    roster = Roster.objects.select_for_update().get(pk=registration.roster_id)
    registration.refresh_from_db()
    if registration.status == Registration.Status.CANCELLED:
        raise Refusal(_("这个报名已经取消过了。"))
    occurrence = roster.occurrence()
    if occurrence is not None and occurrence.start <= (now or timezone.now()):
        raise Refusal(_("活动已经开始，不能再取消。"), status=403)
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    notices.tell(registration, "cancelled", occurrence)
    if was_confirmed:
        promote(roster, occurrence, now)
    _changed()
    return registration


@transaction.atomic
def check_in(registration, now=None):
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise Refusal(
            _("这个报名不是已确认状态（%(status)s），不能签到。")
            % {"status": registration.get_status_display()}
        )
    if registration.checked_in_at:
        raise Refusal(
            _("已经在 %(time)s 签到过了。")
            % {"time": timezone.localtime(registration.checked_in_at).strftime("%H:%M")}
        )
    registration.checked_in_at = now or timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


def waiting_position(registration):
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        registration.roster.registrations.waiting()
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )
