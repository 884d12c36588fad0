"""
The schedule shape every dated page shares (events now, lectures later):
a start and end, all-day or timed, an optional recurrence rule, and per-date
changes (cancelled, postponed, moved). ``schedule_rows`` turns it into the
dated rows of the Occurrence table; nothing else expands rules.
"""

import datetime
from itertools import islice

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from events.fields import MultipleChoiceCharField, split_codes

# Materialised dates reach this far from today; a nightly `refresh_occurrences`
# moves the window. Two years back keeps last year's festival programmes in the
# archive; the window bounds the rows an open-ended rule can ever produce.
WINDOW_PAST = datetime.timedelta(days=731)
WINDOW_FUTURE = datetime.timedelta(days=731)
MAX_DATES_PER_PAGE = 1500
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def local_zone():
    """Beijing time (settings.TIME_ZONE), as Django caches it."""
    return timezone.get_default_timezone()


class LocalTimes:
    """`start` and `end` in Beijing time, for anything that has them (schedules, occurrences)."""

    @property
    def local_start(self):
        return timezone.localtime(self.start, local_zone())

    @property
    def local_end(self):
        return timezone.localtime(self.end, local_zone())


def days_covered(start, end, all_day):
    """The first and last calendar day (Beijing) a date covers; all-day ends are exclusive midnights."""
    first, end = timezone.localtime(start, local_zone()), timezone.localtime(end, local_zone())
    if all_day or end.time() == end.time().min:
        return first.date(), (end - datetime.timedelta(seconds=1)).date()
    return first.date(), end.date()


def occurrence_window(now=None):
    now = now or timezone.now()
    return now - WINDOW_PAST, now + WINDOW_FUTURE


def local_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_zone())


class Status(models.TextChoices):
    """One status vocabulary for the page, the calendars, iCal, JSON-LD and the API."""

    SCHEDULED = "scheduled", _("如期举行")
    CANCELLED = "cancelled", _("已取消")
    POSTPONED = "postponed", _("延期")
    MOVED = "moved", _("变更地点")
    RESCHEDULED = "rescheduled", _("改期")
    MOVED_ONLINE = "online", _("改为线上")


class Frequency(models.TextChoices):
    DAILY = "DAILY", _("每天")
    WEEKLY = "WEEKLY", _("每周")
    MONTHLY = "MONTHLY", _("每月")
    YEARLY = "YEARLY", _("每年")


WEEKDAYS = [
    ("MO", _("周一")),
    ("TU", _("周二")),
    ("WE", _("周三")),
    ("TH", _("周四")),
    ("FR", _("周五")),
    ("SA", _("周六")),
    ("SU", _("周日")),
]


class Schedule(LocalTimes, models.Model):
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    all_day = models.BooleanField(_("全天活动"), default=False, help_text=_("勾选后只看日期，不看钟点。"))
    venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("场馆"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    repeat = models.CharField(
        _("重复"), max_length=10, choices=Frequency.choices, blank=True, help_text=_("不重复的活动留空。")
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("间隔"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("例如“每 2 周”填 2。"),
    )
    repeat_weekdays = MultipleChoiceCharField(_("在这些星期几"), options=WEEKDAYS, max_length=30)
    repeat_count = models.PositiveSmallIntegerField(
        _("共几次"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    repeat_until = models.DateField(_("重复到"), null=True, blank=True)

    schedule_panels = [
        FieldRowPanel(["start", "end"], heading=_("时间")),
        "all_day",
        "venue",
        MultiFieldPanel(
            [
                FieldRowPanel(["repeat", "repeat_interval"]),
                FieldPanel("repeat_weekdays"),
                FieldRowPanel(["repeat_count", "repeat_until"]),
            ],
            heading=_("重复规则"),
            classname="collapsed",
        ),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("结束时间不能早于开始时间。")
        for name in ("start", "end"):
            value = getattr(self, name)
            if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                errors[name] = _("请填写 %(a)s 到 %(b)s 年之间的时间。") % {
                    "a": EARLIEST_YEAR,
                    "b": LATEST_YEAR,
                }
        if self.repeat:
            if self.repeat_count and self.repeat_until:
                errors["repeat_until"] = _("“共几次”和“重复到”只能填一个。")
            if self.repeat_until and self.start and self.repeat_until < self.local_start.date():
                errors["repeat_until"] = _("“重复到”不能早于第一次活动的日期。")
            if self.repeat_weekdays and self.repeat != Frequency.WEEKLY:
                errors["repeat_weekdays"] = _("只有“每周”重复才能选星期几。")
        elif self.repeat_count or self.repeat_until or self.repeat_weekdays:
            errors["repeat"] = _("填写了重复次数或日期，请选择重复方式。")
        if errors:
            raise ValidationError(errors)

    # Times ---------------------------------------------------------------

    @property
    def duration(self):
        if self.all_day:
            days = (self.local_end.date() - self.local_start.date()).days + 1
            return datetime.timedelta(days=max(days, 1))
        return self.end - self.start

    @property
    def first_start(self):
        """The first start as a calendar sees it: local midnight for all-day events."""
        if self.all_day:
            return local_midnight(self.local_start.date())
        return self.local_start

    def recurrence(self):
        """The dateutil rule, or None for a one-off event."""
        if not self.repeat:
            return None
        until = None
        if self.repeat_until:
            until = datetime.datetime.combine(self.repeat_until, datetime.time.max, tzinfo=local_zone())
        weekdays = [getattr(rrule, code) for code in split_codes(self.repeat_weekdays)] or None
        return rrule.rrule(
            getattr(rrule, self.repeat),
            dtstart=self.first_start,
            interval=self.repeat_interval or 1,
            byweekday=weekdays,
            count=self.repeat_count,
            until=until,
        )

    def ical_rrule(self):
        """The same rule as an iCal RRULE value (a dict for icalendar.vRecur)."""
        if not self.repeat:
            return None
        value = {"FREQ": self.repeat, "INTERVAL": self.repeat_interval or 1}
        if self.repeat_weekdays:
            value["BYDAY"] = split_codes(self.repeat_weekdays)
        if self.repeat_count:
            value["COUNT"] = self.repeat_count
        if self.repeat_until:
            # RFC 5545: with a zoned DTSTART, UNTIL is a UTC date-time.
            last = datetime.datetime.combine(
                self.repeat_until, datetime.time(23, 59, 59), tzinfo=local_zone()
            )
            value["UNTIL"] = last.astimezone(datetime.UTC)
        return value

    def starts_between(self, after, before):
        """Local start times of the dates in [after, before], never more than MAX_DATES_PER_PAGE."""
        rule = self.recurrence()
        if rule is None:
            return [self.first_start] if after <= self.first_start <= before else []
        starts = (start for start in rule.xafter(after, inc=True))
        return [start for start in islice(starts, MAX_DATES_PER_PAGE) if start <= before]

    def produces(self, day):
        """True when the schedule has a date on ``day`` (a date changes must refer to)."""
        if not self.start:
            return False
        rule = self.recurrence()
        if rule is None:
            return self.local_start.date() == day
        return bool(
            rule.between(local_midnight(day), local_midnight(day + datetime.timedelta(days=1)), inc=False)
        )

    # Materialising ---------------------------------------------------------

    def schedule_changes(self):
        """Per-date changes keyed by original date. Pages name their inline `date_changes`."""
        return {change.date: change for change in self.date_changes.all()}

    def schedule_rows(self, window):
        """An OccurrenceRow for every date of this schedule inside ``window``, changes applied."""
        from .occurrences import OccurrenceRow

        changes = self.schedule_changes()
        rows = []
        for original in self.starts_between(*window):
            row = OccurrenceRow(
                start=original,
                end=original + self.duration,
                all_day=self.all_day,
                venue_id=self.venue_id,
                original_start=original,
            )
            change = changes.get(original.date())
            if change:
                row = row.replace(**change.applied_to(row, self.duration))
            rows.append(row)
        return rows


class DateChange(models.Model):
    """One date of a schedule cancelled, postponed or moved; pages add a ParentalKey."""

    class Change(models.TextChoices):
        CANCELLED = "cancelled", _("取消")
        POSTPONED = "postponed", _("延期")
        MOVED = "moved", _("改时间或地点")
        ONLINE = "online", _("改为线上")

    date = models.DateField(_("原定日期"))
    change = models.CharField(_("变更"), max_length=12, choices=Change.choices)
    new_start = models.DateTimeField(_("新的开始时间"), null=True, blank=True)
    new_end = models.DateTimeField(_("新的结束时间"), null=True, blank=True)
    new_venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("新场馆"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    online_url = models.URLField(
        _("线上观看链接"), blank=True, help_text=_("改为线上举行时，观众在哪里观看（直播间地址）。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("向观众说明原因或安排。"))

    panels = ["date", "change", FieldRowPanel(["new_start", "new_end"]), "new_venue", "online_url", "note"]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.new_start and self.new_end and self.new_end < self.new_start:
            raise ValidationError({"new_end": _("结束时间不能早于开始时间。")})
        if self.change == self.Change.MOVED and not (self.new_start or self.new_venue_id):
            raise ValidationError({"change": _("改时间或地点时，请填写新的时间或新场馆。")})
        if self.change == self.Change.ONLINE and not self.online_url:
            raise ValidationError({"online_url": _("改为线上时，请填写观看链接。")})
        if self.change == self.Change.ONLINE and self.new_venue_id:
            raise ValidationError({"new_venue": _("改为线上的日期不需要新场馆。")})
        if self.change == self.Change.CANCELLED and (self.new_start or self.new_venue_id):
            raise ValidationError(
                {"change": _("取消的日期不需要新的时间或场馆；如已改期请选“延期”或“改时间或地点”。")}
            )

    @property
    def status(self):
        if self.change == self.Change.CANCELLED:
            return Status.CANCELLED
        if self.change == self.Change.ONLINE:
            return Status.MOVED_ONLINE
        if self.new_start:
            return Status.RESCHEDULED
        return Status.POSTPONED if self.change == self.Change.POSTPONED else Status.MOVED

    def applied_to(self, row, duration):
        changed = {"status": self.status, "note": self.note}
        if self.new_start:
            changed["start"] = timezone.localtime(self.new_start, local_zone())
            changed["end"] = self.new_end or changed["start"] + duration
        if self.new_venue_id:
            changed["venue_id"] = self.new_venue_id
        if self.change == self.Change.ONLINE:
            changed["venue_id"] = None
            changed["online_url"] = self.online_url
        return changed
