"""Purge caches when pages change (wired in ArticlesConfig.ready)."""

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache
from .feed_discovery import forget_feed_indexes
from .urgent import forget_urgent


def on_any_page_changed(sender, instance, **kwargs):
    # Every cached page may list, link or show the banner for what changed.
    page_cache.bump_version()
    forget_feed_indexes()
    forget_urgent()


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


def register_signal_handlers():
    from .models import ClarificationPage

    page_published.connect(on_any_page_changed, dispatch_uid="articles_bump_page_cache_published")
    page_unpublished.connect(on_any_page_changed, dispatch_uid="articles_bump_page_cache_unpublished")
    # A moved page changes its URL and the section listings it appears in.
    post_page_move.connect(on_any_page_changed, dispatch_uid="articles_bump_page_cache_moved")
    page_published.connect(
        on_clarification_changed, sender=ClarificationPage, dispatch_uid="articles_clarification_published"
    )
    page_unpublished.connect(
        on_clarification_changed, sender=ClarificationPage, dispatch_uid="articles_clarification_unpublished"
    )
