"""Keep the Occurrence table in step with publishing (wired in EventsConfig.ready)."""

from wagtail.signals import page_published, page_unpublished, post_page_move

from .materialise import clear, is_dated, materialise


def on_published(sender, instance, **kwargs):
    if is_dated(instance.specific):
        materialise(instance)


def on_unpublished(sender, instance, **kwargs):
    # Deleting a page cascades to its occurrences; unpublishing must remove them by hand.
    clear(instance)


def on_moved(sender, instance, **kwargs):
    # Moving an event to another section changes its organiser; rewrite its
    # dates (from the live content) if it is published.
    page = instance.specific
    if is_dated(page) and page.live:
        page.save(update_fields=["section"])
        materialise(page)


def register_signal_handlers():
    page_published.connect(on_published, dispatch_uid="events_materialise_occurrences")
    page_unpublished.connect(on_unpublished, dispatch_uid="events_clear_occurrences")
    post_page_move.connect(on_moved, dispatch_uid="events_follow_moved_pages")
