"""Keep derived columns true when pages move (wired in HomeConfig.ready)."""

from wagtail.models import Page
from wagtail.signals import post_page_move


def _stores_section(model):
    return any(field.name == "section" and not field.editable for field in model._meta.concrete_fields)


def pages_with_a_section(page):
    """The moved page and everything under it that stores the section it belongs to."""
    return [
        each
        for each in Page.objects.descendant_of(page, inclusive=True).specific()
        if _stores_section(type(each))
    ]


def on_moved(sender, instance, **kwargs):
    # Articles, events and lectures list by their section column: moving a page
    # (or a series with its lectures) to another section must move them in listings too.
    from .models import section_of

    for page in pages_with_a_section(instance):
        section = section_of(page)
        if page.section_id != (section.pk if section else None):
            type(page).objects.filter(pk=page.pk).update(section=section)


def register_signal_handlers():
    post_page_move.connect(on_moved, dispatch_uid="home_sections_follow_moved_pages")
