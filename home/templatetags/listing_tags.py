"""Listings' cards drawn once per kept page (home.fragments)."""

from django import template

from home.fragments import template_drawn_once

register = template.Library()


@register.simple_tag(takes_context=True)
def kept_cards(context, kept_answer, template_name, **shown):
    """
    ``template_name`` with ``items``, the cards of a kept listing page
    (content_version.kept_page, or a Drawable list), and the plain values
    ``shown``, drawn once until a publish for each language, day, site and
    values shown: a listing seen again draws no card. Cards must show nothing
    that changes without a publish (seats left, a signed address).
    """
    return template_drawn_once(context, kept_answer, template_name, shown, lambda: {"items": kept_answer})
