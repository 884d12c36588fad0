"""Keep the Occurrence table in step with publishing (wired in EventsConfig.ready)."""

from wagtail.signals import page_published, page_unpublished

from home.signal_handlers import follow_records, section_changed

from .materialise import clear, is_dated, materialise


def on_published(sender, instance, **kwargs):
    if is_dated(instance.specific):
        materialise(instance)


def on_unpublished(sender, instance, **kwargs):
    # Deleting a page cascades to its occurrences; unpublishing must remove them by hand.
    clear(instance)


def on_section_changed(sender, pages, **kwargs):
    # Moving a dated page (or a lecture series with its lectures) to another
    # section changes the organiser of its dates: rewrite those that are published.
    for page in pages:
        if page.live and is_dated(page):
            materialise(page)


def register_signal_handlers():
    from .models import Venue

    follow_records(Venue, listed=True)  # the calendar's filter lists every venue
    page_published.connect(on_published, dispatch_uid="events_materialise_occurrences")
    page_unpublished.connect(on_unpublished, dispatch_uid="events_clear_occurrences")
    section_changed.connect(on_section_changed, dispatch_uid="events_follow_moved_pages")
