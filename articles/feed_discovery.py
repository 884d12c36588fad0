"""
Where the site-wide feeds live, for page heads outside the articles app: the
live article and clarification indexes, cached until any page is published.
"""

from .page_cache import shared_cache

MAX_AGE = 300
FEED_INDEXES_KEY = "kepu:feed-indexes"


class _IndexLink:
    """Just what feed_links needs of an index page: its title and URL."""

    def __init__(self, title, url):
        self.title, self.url = title, url


def feed_indexes():
    """The live article and clarification indexes, cached until any page is published."""
    from .models import ArticleIndexPage, ClarificationIndexPage

    rows = shared_cache().get(FEED_INDEXES_KEY)
    if rows is None:
        rows = [
            (page.title, page.url)
            for model in (ArticleIndexPage, ClarificationIndexPage)
            for page in model.objects.live().public().defer_streamfields()[:1]
        ]
        shared_cache().set(FEED_INDEXES_KEY, rows, MAX_AGE)
    return [_IndexLink(title, url) for title, url in rows]


def forget_feed_indexes():
    shared_cache().delete(FEED_INDEXES_KEY)
