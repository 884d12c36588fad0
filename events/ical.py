"""
RFC 5545 calendars built with ``icalendar`` from Occurrence rows.

A series whose every date is in the feed goes out as one VEVENT with RRULE plus
an override VEVENT (RECURRENCE-ID) per changed date, as calendar apps expect. A
series the filters cut (one venue, a date range) goes out date by date, so a
subscriber sees exactly the dates the HTML calendar shows for the same filter.
"""

import datetime
from collections import defaultdict
from itertools import groupby
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from .models import Status
from .models.schedule import EARLIEST_YEAR, LATEST_YEAR, local_zone

PRODID = "-//Beijing Association for Science and Technology//kepu calendars//ZH"
STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.MOVED: "CONFIRMED",
    Status.RESCHEDULED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "CANCELLED",
    Status.MOVED_ONLINE: "CONFIRMED",
}


def uid_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def _value(moment, all_day):
    if all_day:
        return moment.astimezone(local_zone()).date()
    return moment.astimezone(local_zone())


def _stamped(uid, occurrence):
    """A VEVENT with its identity and version: UID, and DTSTAMP and SEQUENCE that change only with the page."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", occurrence.published_at)
    event.add("last-modified", occurrence.published_at)
    event.add("sequence", occurrence.sequence)
    return event


def _location(event, venue, online_url=""):
    if online_url:
        event.add("location", f"线上：{online_url}")
        return
    if venue is None:
        return
    event.add("location", f"{venue.name}，{venue.address}")
    if venue.has_geo:
        event.add("geo", (float(venue.latitude), float(venue.longitude)))


def _summary(title, occurrence):
    if occurrence.status == Status.SCHEDULED:
        return title
    return f"【{occurrence.get_status_display()}】{title}"


def _describe(event, page, occurrence, url, request=None):
    lines = [line for line in (getattr(page, "summary", ""), occurrence.note if occurrence else "") if line]
    lines.append(url)
    seats = getattr(occurrence, "seats", None)
    if seats is not None:
        # Seats at the time the feed was built; the sign-up page has the live figure.
        lines.append(
            f"{seats.label}{f' {seats.left}/{seats.capacity}' if seats.state == 'open' else ''}"
            f"（{timezone.localtime():%m-%d %H:%M}）"
        )
        lines.append(f"报名：{request.build_absolute_uri(seats.url) if request else seats.url}")
    event.add("description", "\n".join(lines))
    event.add("url", url)


class CalendarBuilder:
    def __init__(self, name, request):
        self.request = request
        self.host = uid_host()
        self.calendar = icalendar.Calendar()
        self.calendar.add("prodid", PRODID)
        self.calendar.add("version", "2.0")
        self.calendar.add("calscale", "GREGORIAN")
        self.calendar.add("method", "PUBLISH")
        self.calendar.add("x-wr-calname", name)
        self.calendar.add("x-wr-timezone", settings.TIME_ZONE)
        self.calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
        self.calendar.add("x-published-ttl", "PT6H")

    def _event(self, page, occurrence, uid, url):
        event = _stamped(uid, occurrence)
        event.add("dtstart", _value(occurrence.start, occurrence.all_day))
        event.add("dtend", _value(occurrence.end, occurrence.all_day))
        event.add("summary", _summary(page.title, occurrence))
        event.add("status", STATUS[occurrence.status])
        _location(event, occurrence.venue, occurrence.online_url)
        _describe(event, page, occurrence, url, self.request)
        return event

    def _series(self, page, occurrences, url):
        """One master VEVENT with the rule, plus an override for every changed date."""
        first = occurrences[0]
        uid = f"event-{page.pk}@{self.host}"
        master = _stamped(uid, first)
        master.add("dtstart", _value(page.first_start, page.all_day))
        master.add("dtend", _value(page.first_start + page.duration, page.all_day))
        master.add("rrule", page.ical_rrule())
        master.add("summary", page.title)
        master.add("status", "CONFIRMED")
        # The page's own venue, read from a date that kept it (no extra query per series).
        usual = next((o for o in occurrences if o.status == Status.SCHEDULED), first)
        _location(master, usual.venue)
        _describe(master, page, None, url)
        self.calendar.add_component(master)
        for occurrence in occurrences:
            if occurrence.status == Status.SCHEDULED:
                continue
            override = self._event(page, occurrence, uid, url)
            override.add("recurrence-id", _value(occurrence.original_start, occurrence.all_day))
            self.calendar.add_component(override)

    def add(self, occurrences, complete_pages=frozenset()):
        """
        Add Occurrence rows (with page and venue selected). ``complete_pages``
        holds the pages whose every date is among them: those may use RRULE.
        """
        occurrences = sorted(occurrences, key=lambda o: (o.page_id, o.key, o.start, o.pk))
        pages = _pages(occurrences)
        groups = [(key, list(rows)) for key, rows in groupby(occurrences, key=lambda o: (o.page_id, o.key))]
        groups.sort(key=lambda item: (item[1][0].start, item[0]))
        for (page_id, key), rows in groups:
            page = pages[page_id]
            url = page.get_full_url(self.request)
            if key == "event" and getattr(page, "repeat", "") and page_id in complete_pages:
                self._series(page, rows, url)
                continue
            for occurrence in rows:
                if key != "event":
                    uid = f"tour-{page_id}-{key}@{self.host}"
                elif getattr(page, "repeat", ""):
                    uid = f"event-{page_id}-{occurrence.original_start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}@{self.host}"
                else:
                    uid = f"event-{page_id}@{self.host}"
                self.calendar.add_component(self._event(page, occurrence, uid, url))
        return self

    def to_ical(self):
        # Bounded to the years editors may enter: a shorter VTIMEZONE, built faster.
        self.calendar.add_missing_timezones(
            first_date=datetime.date(EARLIEST_YEAR, 1, 1), last_date=datetime.date(LATEST_YEAR + 1, 1, 1)
        )
        return self.calendar.to_ical()


def _pages(occurrences):
    """The pages of these dates as their specific types, without the bulky fields a calendar never shows."""
    ids = {occurrence.page_id for occurrence in occurrences}
    by_type = defaultdict(list)
    for content_type_id, pk in Page.objects.filter(pk__in=ids).values_list("content_type", "pk"):
        by_type[content_type_id].append(pk)
    pages = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        found = (
            model.objects.filter(pk__in=pks).defer_streamfields().defer(*getattr(model, "listing_defer", ()))
        )
        pages.update((page.pk, page) for page in found)
    return pages
