"""
Every dated thing on the site as one indexed row per date. Calendars, filters
and feeds read only this table: one date-range query, never rule expansion.
"""

import dataclasses
import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.visibility import restricted

from .schedule import LocalTimes, Status, days_covered
from .venues import Venue


@dataclasses.dataclass(frozen=True)
class OccurrenceRow:
    """
    One date of a dated thing as it goes into the Occurrence table: every
    column but the page's own bookkeeping (page, sequence, published_at), each
    with its default, built the same way by schedules and tour stops.
    """

    start: datetime.datetime
    end: datetime.datetime
    key: str = "event"
    all_day: bool = False
    status: str = Status.SCHEDULED
    venue_id: int | None = None
    original_start: datetime.datetime | None = None
    note: str = ""
    online_url: str = ""
    section_id: int | None = None
    festival_id: int | None = None
    audience: str = ""
    is_free: bool = True
    needs_registration: bool = False
    # Sign-ups on this site (registrations app); capacity None: none taken here.
    capacity: int | None = None
    seats_per_person: int = 1
    signup_opens: datetime.datetime | None = None
    signup_closes: datetime.datetime | None = None

    # Columns whose change makes calendar apps replace their copy of a date.
    SIGNIFICANT = (
        "key",
        "start",
        "end",
        "all_day",
        "status",
        "venue_id",
        "original_start",
        "note",
        "online_url",
    )

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)

    def signature(self):
        # Rows read back come in UTC, freshly expanded ones in Beijing time.
        return tuple(_comparable(getattr(self, name)) for name in self.SIGNIFICANT)

    @classmethod
    def of(cls, occurrence):
        """The row an Occurrence was written from."""
        return cls(**{field.name: getattr(occurrence, field.name) for field in dataclasses.fields(cls)})

    def occurrence(self, page_id, sequence, published_at):
        return Occurrence(
            page_id=page_id, sequence=sequence, published_at=published_at, **dataclasses.asdict(self)
        )


def _comparable(value):
    return value.astimezone(datetime.UTC).isoformat() if isinstance(value, datetime.datetime) else str(value)


# What a listed date reads of its page: the title and what its address is made from.
LISTED_PAGE_FIELDS = ("title", "slug", "url_path", "live", "content_type_id", "depth", "path")


class OccurrenceQuerySet(models.QuerySet):
    def visible(self):
        """
        Dates of live pages that anyone may see: not on or under a page with a view
        restriction, in the same statement (home.visibility).
        """
        return self.filter(page__live=True).exclude(restricted("page__path"))

    def between(self, start, end):
        """Dates overlapping [start, end)."""
        return self.filter(start__lt=end, end__gt=start)

    def for_listing(self):
        """
        With what a listed date shows: its page's title and address, its venue, its
        organiser's name and short name as ``organiser`` and ``organiser_slug``, its
        festival's name as ``festival_title`` (not the section's or the festival's
        whole pages, which cost more to build than the row does to draw).
        """
        own = [field.name for field in self.model._meta.concrete_fields]
        venue = [f"venue__{field.name}" for field in Venue._meta.concrete_fields]
        page = [f"page__{name}" for name in LISTED_PAGE_FIELDS]
        return (
            self.select_related("page", "venue")
            .only(*own, *venue, *page)
            .annotate(
                organiser=models.F("section__title"),
                organiser_slug=models.F("section__slug"),
                festival_title=models.F("festival__title"),
            )
            .order_by("start", "page__title", "pk")
        )


class Occurrence(LocalTimes, models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="occurrences")
    # Which dated thing inside the page: "event" for a page's own schedule,
    # "stop-<id>" for a tour stop. Together with the page it makes the iCal UID.
    key = models.CharField(max_length=40, default="event")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    all_day = models.BooleanField(default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    original_start = models.DateTimeField(null=True, help_text="RECURRENCE-ID of a changed date")
    sequence = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(blank=True, help_text="where to watch a date moved online")
    venue = models.ForeignKey(
        "events.Venue", null=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    section = models.ForeignKey("home.SectionPage", null=True, on_delete=models.SET_NULL, related_name="+")
    festival = models.ForeignKey(
        "events.FestivalPage", null=True, on_delete=models.SET_NULL, related_name="programme_dates"
    )
    audience = models.CharField(max_length=120, blank=True)
    is_free = models.BooleanField(default=True)
    needs_registration = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(null=True, help_text="seats per date when sign-ups are taken here")
    seats_per_person = models.PositiveSmallIntegerField(default=1)
    signup_opens = models.DateTimeField(null=True)
    signup_closes = models.DateTimeField(null=True)
    # The page's last_published_at: ETag, Last-Modified and DTSTAMP come from it.
    published_at = models.DateTimeField()

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动日期")
        verbose_name_plural = _("活动日期")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["start", "end"]),
            models.Index(fields=["section", "start"]),
            models.Index(fields=["festival", "start"]),
            models.Index(fields=["venue", "start"]),
            models.Index(fields=["page", "key"]),
        ]

    def __str__(self):
        return f"{self.page_id} {self.start:%Y-%m-%d %H:%M} {self.status}"

    def get_status_display(self):
        """
        The status's name. Django's own builds a dict of every status on each
        call, hashing each translated label (a catalogue lookup apiece): 60% of
        an occurrences API answer.
        """
        try:
            return Status(self.status).label
        except ValueError:
            return self.status

    @staticmethod
    def first_end(occurrences):
        """When the first of these dates ends: a list of upcoming dates holds until then (content_version.kept)."""
        return min((occurrence.end for occurrence in occurrences), default=None)

    @property
    def identity(self):
        """Which date this is across republishing: its RECURRENCE-ID, kept when it is postponed or moved."""
        return self.original_start or self.start

    @property
    def takes_signups(self):
        return self.capacity is not None

    @property
    def last_day(self):
        """The last calendar day it covers (all-day ends are exclusive midnights)."""
        return days_covered(self.start, self.end, self.all_day)[1]

    @property
    def is_under_way(self):
        """Begun and not yet over: a tour stop on show, a festival day in progress."""
        return self.start <= timezone.now() < self.end

    @property
    def is_tour_stop(self):
        return self.key.startswith("stop-")

    @property
    def is_changed(self):
        return self.status != Status.SCHEDULED

    @property
    def was_moved_in_time(self):
        return self.original_start is not None and self.original_start != self.start
