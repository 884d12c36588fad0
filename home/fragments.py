"""
Listing rows rendered once for what they show.

A calendar lists dozens of dates, each through a small template with a dozen
tags and filters: most of the page's time went there, and again after every
publish, although a publish changes a few rows at most. ``render_shown``
renders a template with nothing but a dict of the values it shows (titles,
links, times, labels) and keeps the result in this process under exactly
those values, the active language, the time zone and today's date. Because
the template sees nothing else, the key holds everything its output depends
on: a changed title, time, venue name or seat count is a different key, and
what was kept for the old values is never asked for again. Nothing has to be
forgotten when content changes, so a publish re-renders only its own rows.

Keep the values plain and hashable (strings, numbers, dates, None, frozen
dataclasses); anything computed from the request (a page's URL) is worked
out before the call and passed in.

A listing kept until a publish (a calendar's page of dates) is drawn whole
once and remembered with it (``drawn_once``): its rows still come through
``render_shown`` when first drawn, so a publish that brings a new page redraws
only the rows it changed.
"""

import functools

from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone
from django.utils.autoreload import file_changed
from django.utils.translation import get_language
from wagtail.models import Site

from .content_version import forget_kept

KEPT_ROWS = 4096


def drawn_as():
    """
    What any drawing depends on besides its values: labels are translated, times
    shown in the time zone, and a date this year is written without its year.
    """
    return get_language(), timezone.get_current_timezone_name(), timezone.localdate()


def render_shown(template_name, **shown):
    """``template_name`` rendered with only ``shown`` as its context, kept under those values."""
    return _rendered(template_name, *drawn_as(), tuple(sorted(shown.items())))


@functools.lru_cache(maxsize=KEPT_ROWS)
def _rendered(template_name, language, zone, today, shown):
    return get_template(template_name).render(dict(shown))


def site_of(request):
    """The request's site (its pk), for keys of drawings and answers that link pages: links are relative to it."""
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site else None


# A kept answer is drawn in few ways (languages, time zones, sites, days): the
# oldest drawings go first beyond this many.
DRAWINGS_EACH = 8


class Drawable(list):
    """A kept list of rows (content_version.kept) that can remember its drawings (``drawn_once``)."""


def drawn_once(kept_answer, draw, *key):
    """
    ``draw()``, remembered on ``kept_answer`` (a listing's page or rows, kept
    until a publish or until the clock changes them) under ``key`` and
    ``drawn_as()``. The drawing lives and goes with the answer it draws, so it
    is never older than its rows: a listing seen again is one lookup, not a row
    at a time. ``draw`` must show nothing but ``kept_answer`` and ``key``
    (the request's site goes in ``key`` when the drawing links pages).
    Anything else (nothing to list: a form with errors) is drawn each time.
    """
    if not hasattr(kept_answer, "__dict__"):
        return draw()
    drawings = kept_answer.__dict__.setdefault("_drawings", {})
    as_drawn = (*key, *drawn_as())
    try:
        return drawings[as_drawn]
    except KeyError:
        pass
    drawing = drawings[as_drawn] = draw()
    # Each list(drawings) is taken at once: other threads may be adding.
    for old in list(drawings)[:-DRAWINGS_EACH]:
        drawings.pop(old, None)
    return drawing


def template_drawn_once(context, kept_answer, template_name, shown, worked_out=dict):
    """
    ``template_name`` drawn once per ``kept_answer`` (``drawn_once``) for the
    values ``shown`` (in its key) and those ``worked_out()`` from the answer
    alone, within the calling template's context, keyed by the request's site.
    """

    def draw():
        with context.push(shown, **worked_out()):
            return context.template.engine.get_template(template_name).render(context)

    return drawn_once(
        kept_answer, draw, template_name, *sorted(shown.items()), site_of(context.get("request"))
    )


@receiver(file_changed)
def forget_rendered(**kwargs):
    """A template edited under the development server (which reloads templates, not the process)."""
    _rendered.cache_clear()
    forget_kept()  # the listings drawn once live on kept answers
