"""A listing's filter fields, drawn once per choice of values until the next publish."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from home import content_version

register = template.Library()


@register.simple_tag
def filter_fields(form):
    """
    The fields of a home.filters.FilterForm with their labels. Drawing every
    festival, section, venue and tag as an <option> is the costliest part of a
    calendar page; the options change only with published content, so a valid
    form's fields are kept under the content version and the values chosen.
    """

    def draw():
        return render_to_string("includes/filter_fields.html", {"form": form})

    drawn_as = form.drawn_as()
    if drawn_as is None:
        return draw()
    return content_version.kept(("filter-fields", get_language(), drawn_as), draw)
