"""Small helpers for the calendar templates."""

from django import template

from events import structured_data
from events.models import EventIndexPage
from home.content_version import until_published
from home.structured_data import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def event_jsonld(context, page, occurrences):
    return jsonld(structured_data.event_nodes(page, occurrences, context["request"]))


@register.simple_tag(takes_context=True)
def tour_jsonld(context, page, stops):
    return jsonld(structured_data.tour_nodes(page, stops, context["request"]))


@register.simple_tag(takes_context=True)
def festival_jsonld(context, page):
    return jsonld(structured_data.festival_node(page, context["request"]))


@register.simple_tag
def upcoming_dates(limit=6):
    """The next dates anywhere on the site, from the Occurrence table (the home page's 近期活动)."""
    from django.utils import timezone

    from events.models import Occurrence

    return list(Occurrence.objects.visible().filter(end__gte=timezone.now()).for_listing()[:limit])


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
    calendar = the_calendar()
    return calendar.route_url("venue", venue.pk) if calendar and venue else ""


@register.simple_tag(takes_context=True)
def calendar_feed_url(context):
    """The whole calendar's iCal feed."""
    calendar = the_calendar()
    return calendar.route_url("feed") if calendar else ""
