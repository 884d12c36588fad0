"""Small helpers for the calendar templates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events import structured_data
from events.models import EventIndexPage

register = template.Library()

# The same escapes as Django's json_script, so text cannot close the <script>.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def event_jsonld(context, page, occurrences):
    return jsonld(structured_data.event_nodes(page, occurrences, context["request"]))


@register.simple_tag(takes_context=True)
def tour_jsonld(context, page, stops):
    return jsonld(structured_data.tour_nodes(page, stops, context["request"]))


@register.simple_tag(takes_context=True)
def festival_jsonld(context, page):
    return jsonld(structured_data.festival_node(page, context["request"]))


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
