"""
Writing a page's dates into the Occurrence table when it is published, and
removing them when it is unpublished. Only this module expands schedules.
"""

from django.db import transaction
from django.dispatch import Signal

from .models import CalendarEntry, Occurrence, OccurrenceRow
from .models.schedule import occurrence_window

# Sent after a page's dates are rewritten, with ``before`` and ``after``: the
# rows of each, keyed by (key, identity), so listeners (sign-ups) can tell who
# needs to hear that a date was cancelled, moved or dropped.
dates_rewritten = Signal()


def identity(row):
    """A date's key across republishing: which thing, and its RECURRENCE-ID."""
    return row.key, row.original_start or row.start


def is_dated(page):
    """Dated pages (events, lectures, tours) are calendar entries: their dates go into the calendars."""
    return isinstance(page, CalendarEntry)


def _signature(rows):
    return sorted(row.signature() for row in rows)


@transaction.atomic
def materialise(page, window=None):
    """
    Replace ``page``'s occurrences with its current dates inside the window.
    The caller moves the content version on (a publish does; so does the
    nightly refresh_occurrences): what is kept of the old rows is stale.
    """
    page = page.specific
    rows = page.occurrence_rows(window or occurrence_window())
    old = list(Occurrence.objects.filter(page=page))
    # Publishing an older revision writes its older counter back, so never go below what was served.
    sequence = max([page.ical_sequence] + [occurrence.sequence for occurrence in old])
    if old and _signature(OccurrenceRow.of(occurrence) for occurrence in old) != _signature(rows):
        sequence += 1
    if sequence != page.ical_sequence:
        type(page).objects.filter(pk=page.pk).update(ical_sequence=sequence)
        page.ical_sequence = sequence
    Occurrence.objects.filter(page=page).delete()
    published_at = page.last_published_at or page.latest_revision_created_at
    Occurrence.objects.bulk_create(row.occurrence(page.pk, sequence, published_at) for row in rows)
    dates_rewritten.send(
        sender=type(page),
        page=page,
        before={identity(occurrence): OccurrenceRow.of(occurrence) for occurrence in old},
        after={identity(row): row for row in rows},
    )
    return len(rows)


def clear(page):
    Occurrence.objects.filter(page_id=page.pk).delete()
