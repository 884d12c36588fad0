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
"""

import functools

from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

KEPT_ROWS = 4096


def render_shown(template_name, **shown):
    """``template_name`` rendered with only ``shown`` as its context, kept under those values."""
    return _rendered(
        template_name,
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate(),
        tuple(sorted(shown.items())),
    )


@functools.lru_cache(maxsize=KEPT_ROWS)
def _rendered(template_name, language, zone, today, shown):
    # language, zone and today are part of the key: labels are translated, times
    # shown in the zone, and a date this year is written without its year.
    return get_template(template_name).render(dict(shown))


@receiver(file_changed)
def forget_rendered(**kwargs):
    """A template edited under the development server (which reloads templates, not the process)."""
    _rendered.cache_clear()
