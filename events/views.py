"""
The calendar's HTML views, reached through the pages' routes. Each reads the
Occurrence table with one date-range query; page objects only render.
"""

import calendar as monthcalendar
import dataclasses
import datetime
from itertools import groupby

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.content_version import LISTING_PAGES, kept, kept_page
from home.fragments import Drawable, site_of

from .filters import CalendarFilterForm, today
from .models import Occurrence, Status, Venue
from .models.schedule import days_covered, local_midnight

PER_PAGE = 60
WEEKDAY_NAMES = [
    (_("一"), _("星期一")),
    (_("二"), _("星期二")),
    (_("三"), _("星期三")),
    (_("四"), _("星期四")),
    (_("五"), _("星期五")),
    (_("六"), _("星期六")),
    (_("日"), _("星期日")),
]
CELL_LIMIT = 3


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def group_by_day(occurrences, first_day=None):
    """[(date, [occurrence, …])] by start day; what began before ``first_day`` sits under it."""

    def day_of(occurrence):
        day = occurrence.local_start.date()
        return max(day, first_day) if first_day else day

    return [(day, list(items)) for day, items in groupby(occurrences, key=day_of)]


def grid_days(month):
    """The first and last day the month grid shows: whole weeks, Monday first."""
    weeks = monthcalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return weeks[0][0], weeks[-1][-1]


def month_weeks(month, occurrences, request):
    """
    Weeks of (date, the dates a cell shows, how many dates that day, in this month)
    for the month grid, Monday first. ``occurrences`` cover the whole grid
    (``grid_days``), so the neighbouring months' days show every date too, not only
    those that spill over. A busy month has hundreds of dates and a cell shows
    ``CELL_LIMIT``: they are read as plain values in one query, not as model rows
    with their pages, and only the shown ones get an address.
    """
    by_day = {}
    ordered = occurrences.order_by("start", "page__title", "pk")
    for values in ordered.values_list(*CellEntry.READ):
        day, last = days_covered(*values[:3])
        while day <= last:
            by_day.setdefault(day, []).append(values)
            day += datetime.timedelta(days=1)
    weeks = monthcalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    addresses = {}  # a weekly series shows one page many times
    return [
        [
            (
                day,
                [CellEntry.of(values, request, addresses) for values in by_day.get(day, [])[:CELL_LIMIT]],
                len(by_day.get(day, [])),
                day.month == month.month,
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclasses.dataclass(frozen=True)
class CellEntry:
    """What a month grid's cell shows of one date (events/includes/month_entry.html)."""

    READ = ("start", "end", "all_day", "status", "page__title", "page__url_path")

    status: str
    status_label: str
    start: datetime.datetime
    all_day: bool
    title: str
    url: str

    @classmethod
    def of(cls, values, request, addresses):
        start, _end, all_day, status, title, url_path = values
        if url_path not in addresses:
            addresses[url_path] = Page(url_path=url_path).get_url(request)
        return cls(
            status=status,
            status_label=str(Status(status).label) if status != Status.SCHEDULED else "",
            start=start,
            all_day=all_day,
            title=title,
            url=addresses[url_path],
        )


def feed_links(request, feed_path, query):
    """The iCal feed's address (includes/subscribe.html adds the webcal:// form)."""
    feed_path += f"?{query}" if query else ""
    return {"feed_url": feed_path}


def calendar(request, index):
    form = CalendarFilterForm(request.GET)
    context = {"form": form, "festivals_by_year": index.festivals_by_year()}
    if not form.is_valid():
        response = index.render(request, context_overrides=context)
        response.status_code = 400
        return response
    now = today()
    occurrences = form.apply(Occurrence.objects.visible())
    context.update(feed_links(request, index.route_url("feed"), form.query_string()))
    context["filter_query"] = form.query_string()
    context["active_filters"] = form.active_filters()
    if form.is_month_view:
        month = form.shown_month(now)
        end = _next_month(month)
        # The filter form keeps the month view and the month shown across a submit.
        context["filter_keep"] = [("view", "month"), ("month", month.strftime("%Y-%m"))]
        first, last = grid_days(month)
        rows = occurrences.between(local_midnight(first), local_midnight(last + datetime.timedelta(days=1)))
        context.update(
            view="month",
            month=month,
            previous_month=(month - datetime.timedelta(days=1)).replace(day=1),
            next_month=end,
            weeks=kept(
                # Its status labels are translated: the language is part of the key.
                ("month-grid", index.pk, form.query_string(), month, now, site_of(request), get_language()),
                lambda: Drawable(month_weeks(month, rows, request)),
                most=LISTING_PAGES,
            ),
            today=now,
            weekday_names=WEEKDAY_NAMES,
        )
    else:
        start, end = form.period(now)
        # Counting and reading the dates was a third of the render: kept until a publish or the next day.
        key = ("calendar", index.pk, form.query_string(), now)
        page_obj = kept_page(
            key, occurrences.between(start, end).for_listing(), request.GET.get("page"), PER_PAGE
        )
        context.update(
            view="list",
            period=(start.date(), (end - datetime.timedelta(days=1)).date()),
            page_obj=page_obj,
            first_day=start.date(),
        )
    return index.render(request, context_overrides=context)


def venue(request, index, venue_id):
    venue = get_object_or_404(Venue, pk=venue_id)
    start = local_midnight(today())
    rows = kept_page(
        ("venue", venue.pk, start),
        Occurrence.objects.visible().filter(venue=venue, end__gt=start).for_listing(),
        1,
        PER_PAGE,
    )
    context = {
        "venue": venue,
        "rows": rows,
        "first_day": start.date(),
        "canonical_url": request.build_absolute_uri(index.route_url("venue", venue.pk)),
    }
    context.update(feed_links(request, index.route_url("venue_feed", venue.pk), ""))
    return index.render(request, template="events/venue_page.html", context_overrides=context)


def festival_programme(request, festival):
    """The programme by day, and within a day by venue; its dates kept until a publish."""
    rows = kept(
        ("festival-programme", festival.pk), lambda: Drawable(festival.programme()), most=LISTING_PAGES
    )
    context = {"rows": rows}
    context.update(feed_links(request, festival.route_url("feed"), ""))
    return festival.render(request, context_overrides=context)


def programme_days(occurrences):
    """[(date, [(venue, [occurrence, …]), …])]: a festival's programme by day, and within a day by venue."""
    return [
        (
            day,
            [
                (venue, list(rows))
                for venue, rows in groupby(sorted(items, key=_venue_order), key=lambda o: o.venue)
            ],
        )
        for day, items in group_by_day(occurrences)
    ]


def _venue_order(occurrence):
    return (occurrence.venue.name if occurrence.venue else "", occurrence.start, occurrence.pk)
