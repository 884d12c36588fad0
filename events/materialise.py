"""
Writing a page's dates into the Occurrence table when it is published, and
removing them when it is unpublished. Only this module expands schedules.
"""

import datetime

from django.db import transaction

from .models import Occurrence
from .models.schedule import occurrence_window

# Fields whose change makes calendar apps replace their copy of a date.
SIGNIFICANT = ("key", "start", "end", "all_day", "status", "venue_id", "original_start", "note", "online_url")


def _comparable(value):
    # Rows read back come in UTC, freshly expanded ones in Beijing time.
    return value.astimezone(datetime.UTC).isoformat() if isinstance(value, datetime.datetime) else str(value)


def _signature(rows):
    return sorted(tuple(_comparable(row[name]) for name in SIGNIFICANT) for row in rows)


def is_dated(page):
    return hasattr(page, "occurrence_rows")


@transaction.atomic
def materialise(page, window=None):
    """Replace ``page``'s occurrences with its current dates inside the window."""
    page = page.specific
    rows = page.occurrence_rows(window or occurrence_window())
    old_rows = list(Occurrence.objects.filter(page=page).values("sequence", *SIGNIFICANT))
    # Publishing an older revision writes its older counter back, so never go below what was served.
    sequence = max([page.ical_sequence] + [row["sequence"] for row in old_rows])
    if old_rows and _signature(old_rows) != _signature(rows):
        sequence += 1
    if sequence != page.ical_sequence:
        type(page).objects.filter(pk=page.pk).update(ical_sequence=sequence)
        page.ical_sequence = sequence
    Occurrence.objects.filter(page=page).delete()
    published_at = page.last_published_at or page.latest_revision_created_at
    Occurrence.objects.bulk_create(
        Occurrence(page_id=page.pk, sequence=sequence, published_at=published_at, **row) for row in rows
    )
    return len(rows)


def clear(page):
    Occurrence.objects.filter(page_id=page.pk).delete()
