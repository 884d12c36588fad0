"""Small helpers for the calendar templates."""

import dataclasses

from django import template
from django.utils import timezone

from events import structured_data
from events.filters import today
from events.models import EventIndexPage
from events.models.schedule import days_covered
from events.models.tours import showing_and_next
from events.views import group_by_day, programme_days
from home.content_version import kept, until_published
from home.fragments import drawn_once, render_shown, site_of, template_drawn_once
from home.structured_data import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def event_jsonld(context, page, occurrences):
    return jsonld(structured_data.event_nodes(page, occurrences, context["request"]))


@register.simple_tag(takes_context=True)
def tour_jsonld(context, page, stops):
    """A node per stop, drawn once on the tour's kept stops (``itinerary``): they change only with the page."""
    request = context["request"]
    return drawn_once(
        stops, lambda: jsonld(structured_data.tour_nodes(page, stops, request)), "jsonld", site_of(request)
    )


@register.simple_tag(takes_context=True)
def festival_jsonld(context, page):
    return jsonld(structured_data.festival_node(page, context["request"]))


@register.simple_tag
def upcoming_dates(limit=6):
    """
    The next dates anywhere on the site, from the Occurrence table (the home
    page's 近期活动): kept until a publish, or until the first of them ends.
    """
    from events.models import Occurrence

    def upcoming():
        return list(Occurrence.objects.visible().filter(end__gte=timezone.now()).for_listing()[:limit])

    return kept(("upcoming-dates", limit), upcoming, until=Occurrence.first_end)


@register.simple_tag(takes_context=True)
def calendar_url(context):
    """The site's calendar (EventIndexPage) URL, looked up once per request."""
    calendar = the_calendar()
    return calendar.get_url(context["request"]) if calendar else ""


@until_published
def the_calendar():
    return EventIndexPage.objects.live().public().first()


@register.simple_tag(takes_context=True)
def webcal_url(context, url):
    """The same feed as webcal://, which opens the phone's calendar app to subscribe."""
    absolute = context["request"].build_absolute_uri(url)
    return "webcal://" + absolute.split("://", 1)[1]


@register.simple_tag(takes_context=True)
def venue_url(context, venue):
    """The venue's page in the calendar; worked out once per venue in a request (a listing repeats them)."""
    calendar = the_calendar()
    if not (calendar and venue):
        return ""
    request = context.get("request")
    found = getattr(request, "_venue_urls", None)
    if found is None:
        found = {}
        if request is not None:
            request._venue_urls = found
    if venue.pk not in found:
        found[venue.pk] = calendar.route_url("venue", venue.pk)
    return found[venue.pk]


@register.simple_tag(takes_context=True)
def day_list(context, rows, first_day=None, hide_venue=False, id_suffix=""):
    """
    A listing's dates under a heading per day (events/includes/day_list.html).
    ``rows``: the listing's kept page or rows (home.content_version.kept), on
    which the list is drawn once for each language, time zone, day and site
    (home.fragments.drawn_once): a listing seen again draws nothing.
    ``first_day``: dates that began before it are listed under it.
    """
    shown = {"first_day": first_day, "hide_venue": hide_venue, "id_suffix": id_suffix}
    return template_drawn_once(
        context, rows, "events/includes/day_list.html", shown, lambda: {"days": group_by_day(rows, first_day)}
    )


@register.simple_tag(takes_context=True)
def programme(context, rows):
    """A festival's kept dates by day and venue (events/includes/programme.html), drawn once like ``day_list``."""
    return template_drawn_once(
        context, rows, "events/includes/programme.html", {}, lambda: {"days": programme_days(rows)}
    )


@register.simple_tag(takes_context=True)
def itinerary(context, stops):
    """
    A tour's kept stops (events.models.TourPage.itinerary) with the one showing
    today and the next marked (events/includes/itinerary.html), drawn once like
    ``day_list`` for the seats left, which change without a publish.
    """
    shown = {"seats_left": tuple(getattr(stop, "seats", None) for stop in stops)}

    def worked_out():
        showing, next_stop = showing_and_next(stops, today())
        return {"showing": showing, "next_stop": next_stop, "today": today()}

    return template_drawn_once(context, stops, "events/includes/itinerary.html", shown, worked_out)


@register.simple_tag(takes_context=True)
def month_grid(context, weeks):
    """
    The month grid (events/includes/month_grid.html) of ``weeks`` kept under
    the month, the filters and today (events.views.calendar), drawn once like ``day_list``.
    """
    return template_drawn_once(context, weeks, "events/includes/month_grid.html", {})


@register.simple_tag(takes_context=True)
def occurrence_row(context, occurrence, with_date=False, hide_venue=False):
    """
    One date's <li> in a listing. ``with_date``: on the event's own page (the day
    in full, seats; no title or organiser). ``hide_venue``: under a venue heading.
    Rendered from the values it shows, so a row nobody changed is drawn once
    (home.fragments).
    """
    venue = None if hide_venue else occurrence.venue
    first_day, last_day = days_covered(occurrence.start, occurrence.end, occurrence.all_day)
    return render_shown(
        "events/includes/occurrence.html",
        with_date=with_date,
        status=occurrence.status,
        status_label=occurrence.get_status_display() if occurrence.is_changed else "",
        start=occurrence.start,
        end=occurrence.end,
        all_day=occurrence.all_day,
        first_day=first_day,
        last_day=last_day,
        moved_from=occurrence.original_start if occurrence.was_moved_in_time else None,
        online_url=occurrence.online_url,
        note=occurrence.note,
        title=None if with_date else occurrence.page.title,
        url=None if with_date else occurrence.page.get_url(context.get("request")),
        venue_name=venue.name if venue else None,
        venue_district=venue.district_label if venue else None,
        venue_url=venue_url(context, venue) if venue else None,
        organiser=None if with_date else occurrence.organiser,  # Occurrence.objects.for_listing()
        is_free=occurrence.is_free,
        needs_registration=occurrence.needs_registration,
        seats=getattr(occurrence, "seats", None) if with_date else None,
    )


@register.simple_tag
def month_cell(day, entries, count, in_month, today, filter_query):
    """One day of the month grid with its first dates (events.views.month_weeks), drawn once for what it shows."""
    return render_shown(
        "events/includes/month_cell.html",
        day=day,
        entries=tuple(entries),
        count=count,
        in_month=in_month,
        is_today=day == today,
        filter_query=filter_query or "",
    )


@register.simple_tag
def month_entry(entry):
    """One date in a month grid's cell (events.views.CellEntry), drawn once for what it shows (home.fragments)."""
    return render_shown("events/includes/month_entry.html", **dataclasses.asdict(entry))


@register.simple_tag(takes_context=True)
def calendar_feed_url(context):
    """The whole calendar's iCal feed."""
    calendar = the_calendar()
    return calendar.route_url("feed") if calendar else ""
