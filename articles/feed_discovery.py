"""
Where the site-wide feeds live, for page heads outside the articles app: the
live article and clarification indexes, cached under the content version.
"""

from home.page_cache import shared_cache, versioned_key

MAX_AGE = 300
FEED_INDEXES_KEY = "kepu:feed-indexes"


class _IndexLink:
    """Just what feed_links needs of an index page: its title, its feeds' URLs and CAP index, if any."""

    def __init__(self, title, feeds, cap_url=None):
        self.title, self.feeds, self.cap_url = title, feeds, cap_url

    def route_url(self, name, kind):
        return self.feeds[kind]


def feed_indexes():
    """The live article and clarification indexes, cached until any page is published."""
    from .models import ArticleIndexPage, ClarificationIndexPage

    key = versioned_key(FEED_INDEXES_KEY)
    rows = shared_cache().get(key)
    if rows is None:
        rows = [
            (
                page.title,
                {kind: page.route_url("feed", kind) for kind in ("rss", "atom", "json")},
                getattr(page, "cap_url", None),
            )
            for model in (ArticleIndexPage, ClarificationIndexPage)
            for page in model.objects.live().public().defer_streamfields()[:1]
        ]
        shared_cache().set(key, rows, MAX_AGE)
    return [_IndexLink(*row) for row in rows]
