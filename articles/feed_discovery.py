"""
Where the site-wide feeds live, for page heads outside the articles app: the
live article and clarification indexes, cached until any page is published.
"""

from django.core.cache import cache

MAX_AGE = 300
FEED_INDEXES_KEY = "kepu:feed-indexes"


class _IndexLink:
    """Just what feed_links needs of an index page: its title and URL."""

    def __init__(self, title, url):
        self.title, self.url = title, url


def feed_indexes():
    """The live article and clarification indexes, cached until any page is published."""
    from .models import ArticleIndexPage, ClarificationIndexPage

    rows = cache.get(FEED_INDEXES_KEY)
    if rows is None:
        rows = [
            (page.title, page.url)
            for model in (ArticleIndexPage, ClarificationIndexPage)
            for page in model.objects.live().public().defer_streamfields()[:1]
        ]
        cache.set(FEED_INDEXES_KEY, rows, MAX_AGE)
    return [_IndexLink(title, url) for title, url in rows]


def forget_feed_indexes():
    cache.delete(FEED_INDEXES_KEY)
