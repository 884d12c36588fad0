"""Purge caches and tell warning systems when clarifications change (wired in ArticlesConfig.ready)."""

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished


def on_clarification_changed(sender, instance, **kwargs):
    """
    The banner on every page, the home page's lead, the index and its feeds
    show clarifications. wagtail.contrib.frontend_cache purges the page itself;
    here, the CDN copies of the pages that list it.
    """
    from home.models import HomePage

    from .models import ClarificationIndexPage

    batch = PurgeBatch()
    batch.add_pages(ClarificationIndexPage.objects.live())
    batch.add_pages(HomePage.objects.live())
    batch.purge()


def on_clarification_published(sender, instance, **kwargs):
    from .alerts import clarification_published

    # Findable at once, whatever the task worker is doing: other pages' index
    # updates are its work (Wagtail enqueues them on save), a rumour's answer is not.
    index.insert_or_update_object(instance)
    clarification_published(instance)


def on_clarification_unpublished(sender, instance, **kwargs):
    from .alerts import clarification_withdrawn

    clarification_withdrawn(instance)


def on_scheduled_change(sender, at, **kwargs):
    # An urgent answer's expiry passed with nobody publishing: warning systems hear of it too.
    from .alerts import record_expiries

    record_expiries()


def register_signal_handlers():
    from home.content_version import scheduled_change
    from home.signal_handlers import follow_records

    from .models import ClarificationPage, Expert, Incident

    follow_records(Incident, Expert)

    page_published.connect(
        on_clarification_published, sender=ClarificationPage, dispatch_uid="articles_alert_published"
    )
    page_unpublished.connect(
        on_clarification_unpublished, sender=ClarificationPage, dispatch_uid="articles_alert_unpublished"
    )
    scheduled_change.connect(on_scheduled_change, dispatch_uid="articles_alert_expiries")

    page_published.connect(
        on_clarification_changed, sender=ClarificationPage, dispatch_uid="articles_clarification_published"
    )
    page_unpublished.connect(
        on_clarification_changed, sender=ClarificationPage, dispatch_uid="articles_clarification_unpublished"
    )
