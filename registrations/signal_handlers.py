from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.materialise import dates_rewritten
from events.models import Status, Venue

from . import notices, seats
from .models import Roster

# What a date's change means for someone registered for it.
CHANGES = {
    Status.CANCELLED: gettext_lazy("已取消"),
    Status.POSTPONED: gettext_lazy("延期，新的时间另行通知"),
}


def _change(before, after):
    """How the date changed, in words for the people registered, or "" if nothing they need to hear."""
    if before is None:
        # The page was off the calendar (unpublished) and is back: nothing changed for them.
        return ""
    if after is None:
        return _("已从日程中取消")
    if after.status in CHANGES and before.status != after.status:
        return str(CHANGES[after.status])
    said = []
    if after.start != before.start:
        said.append(_("改到 %(date)s") % {"date": notices.when(after.start)})
    if after.venue_id != before.venue_id and after.venue_id:
        said.append(_("地点改为 %(venue)s") % {"venue": Venue.objects.get(pk=after.venue_id).name})
    if after.status == Status.MOVED_ONLINE and before.status != after.status:
        said.append(_("改为线上举行"))
    return "，".join(said)


def tell_about_changes(sender, page, before, after, **kwargs):
    """Everyone registered for a date that was cancelled, postponed, moved or dropped hears it; freed seats move people up."""
    now = timezone.now()
    for roster in Roster.objects.filter(page=page, purged_at__isnull=True):
        identity = (roster.key, roster.starts)
        old, new = before.get(identity), after.get(identity)
        if old is None and new is None or (new is None and old.end <= now):
            continue
        change = _change(old, new)
        occurrence = roster.occurrence() if new is not None else None
        if change and (new is None or new.end > now):
            for registration in roster.registrations.active().select_related("roster__page"):
                notices.tell(registration, "changed", occurrence, change)
        if occurrence is not None and occurrence.capacity:
            locked = Roster.objects.select_for_update().get(pk=roster.pk)
            seats.promote(locked, occurrence, now)


def register_signal_handlers():
    dates_rewritten.connect(tell_about_changes, dispatch_uid="registrations_tell_about_changes")
