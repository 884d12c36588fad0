"""
iCal feeds: one per calendar filter, festival, tour, venue and event. Each is
a bounded number of queries, and answers conditional requests with 304 from a
cheap aggregate before building anything.
"""

import hashlib
import logging

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from home import live_figures
from home.content_version import kept
from home.page_cache import shared_cache

from . import seats
from .filters import CalendarFilterForm, today
from .ical import CalendarBuilder
from .models import Occurrence, Venue

logger = logging.getLogger(__name__)

# Bump when the shape of the iCal output changes, so cached copies are refetched.
FORMAT_VERSION = 1
# Feeds kept built in each process at once (a year of dates is about 100 kB); visitors choose their filters.
BUILT_KEPT = 32


def _complete_pages(rows):
    """Pages all of whose dates are in ``rows``: they can be sent as one RRULE series."""
    counts = {}
    for row in rows:
        counts[row.page_id] = counts.get(row.page_id, 0) + 1
    totals = (
        Occurrence.objects.filter(page_id__in=counts, key="event")
        .values_list("page_id")
        .annotate(n=Count("pk"))
    )
    return frozenset(page_id for page_id, total in totals if counts[page_id] == total)


class _BuiltCalendars:
    """Serialised calendars in the shared page cache; a cache fault only means building again."""

    def get(self, key):
        try:
            return shared_cache().get(key)
        except Exception:
            logger.warning("built calendar unreadable", exc_info=True)
            return None

    def set(self, key, body):
        try:
            shared_cache().set(key, body, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("built calendar not kept", exc_info=True)


_built = _BuiltCalendars()


def ical_response(request, occurrences, *, name, variant, filename=None):
    """Serve ``occurrences`` (a filtered queryset) as one VCALENDAR named ``name``."""
    state = {}

    def freshness(request, *args, **kwargs):
        if not state:
            # Only a publish or an edited venue changes these (both move the content
            # version on); seats are read fresh below. A feed polled by thousands of
            # calendar apps costs no query over its dates until then.
            key = ("ical-freshness", request.get_host(), variant, name, today())
            state.update(
                kept(
                    key,
                    lambda: occurrences.aggregate(
                        count=Count("pk"),
                        published=Max("published_at"),
                        venues=Max("venue__updated_at"),
                        sequence=Max("sequence"),
                        taking_signups=Count("pk", filter=Q(capacity__isnull=False)),
                    ),
                )
            )
            if state["taking_signups"]:
                state["seats"] = live_figures.version()
        return state

    def etag(request, *args, **kwargs):
        key = f"{FORMAT_VERSION}|{variant}|{name}|{sorted(freshness(request).items())}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def last_modified(request, *args, **kwargs):
        values = freshness(request)
        return max(filter(None, [values["published"], values["venues"]]), default=None)

    @condition(etag_func=etag, last_modified_func=last_modified)
    def serve(request):
        # The calendar as built for the same validators: a publish elsewhere on the site
        # (which empties the page cache) does not make every feed build again.
        key = f"kepu:ical:{request.get_host()}:{etag(request)}"

        def built():
            body = _built.get(key)
            if body is None:
                # Pages come once each, as their specific type, in CalendarBuilder; rows need only their venue.
                rows = seats.attach(occurrences.select_related("venue"))
                body = CalendarBuilder(name, request).add(rows, _complete_pages(rows)).to_ical()
                _built.set(key, body)
            return body

        # And in this process: reading a year of dates back from the file cache cost
        # more than drawing the simplest page.
        body = kept(("ical-body", key), built, most=BUILT_KEPT)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        if freshness(request)["taking_signups"]:
            live_figures.shown(request)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return serve(request)


def bad_filters(form):
    lines = [_("日历筛选条件有误：")]
    lines += [
        f"- {form.fields[name].label if name in form.fields else ''} {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


def calendar_feed(request, index):
    form = CalendarFilterForm(request.GET)
    if not form.is_valid():
        return bad_filters(form)
    occurrences = form.apply(Occurrence.objects.visible())
    if form.has_date_range:
        occurrences = occurrences.between(*form.period(today()))
    names = [str(index.title)] + [str(value) for _label, value in form.active_filters()]
    return ical_response(request, occurrences, name=" · ".join(names), variant=form.query_string())


def venue_feed(request, index, venue_id):
    venue = get_object_or_404(Venue, pk=venue_id)
    occurrences = Occurrence.objects.visible().filter(venue=venue)
    return ical_response(
        request, occurrences, name=f"{index.title} · {venue.name}", variant=f"venue-{venue.pk}"
    )


def festival_feed(request, festival):
    occurrences = Occurrence.objects.visible().filter(festival=festival)
    return ical_response(request, occurrences, name=festival.title, variant=f"festival-{festival.pk}")


def tour_feed(request, tour):
    occurrences = Occurrence.objects.visible().filter(page=tour)
    return ical_response(request, occurrences, name=tour.title, variant=f"tour-{tour.pk}")


def event_feed(request, event):
    """The “add to calendar” file for one event (its whole series, with changed dates)."""
    occurrences = Occurrence.objects.visible().filter(page=event)
    return ical_response(
        request, occurrences, name=event.title, variant=f"event-{event.pk}", filename=f"event-{event.pk}.ics"
    )
