"""Small helpers for the calendar templates."""

from django import template

from events import structured_data
from events.models import EventIndexPage
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
    request = context["request"]
    if not hasattr(request, "_calendar_url"):
        index = EventIndexPage.objects.live().public().first()
        request._calendar_url = index.get_url(request) if index else ""
    return request._calendar_url


@register.simple_tag(takes_context=True)
def venue_url(context, venue):
    base = calendar_url(context)
    return f"{base}venues/{venue.pk}/" if base and venue else ""
