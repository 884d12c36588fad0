"""
Dates as people read them on the site: 12月19日 this year, 2027年1月5日 in
another, and one day said once (not 12月19日至12月19日). Times in Asia/Shanghai.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _this_year():
    return timezone.localdate().year


@register.filter
def day(value):
    """``12月19日``, or ``2027年1月5日`` when it is not this year."""
    value = _as_date(value)
    if not value:
        return ""
    style = _("n月j日") if value.year == _this_year() else _("Y年n月j日")
    return formats.date_format(value, style)


@register.simple_tag
def day_range(start, end):
    """``12月19日``; ``12月19日至12月25日``; the year on both ends when either is not this year."""
    start, end = _as_date(start), _as_date(end)
    if not end or start == end:
        return day(start)
    this_year = _this_year()
    style = _("n月j日") if start.year == end.year == this_year else _("Y年n月j日")
    return _("%(start)s至%(end)s") % {
        "start": formats.date_format(start, style),
        "end": formats.date_format(end, style),
    }
