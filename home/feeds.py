"""
Feed plumbing every app shares: JSON Feed 1.1 for Django's syndication
framework, and the <link rel="alternate"> entries page heads advertise.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.feedgenerator import SyndicationFeed

MIME_TYPES = {
    "rss": "application/rss+xml",
    "media-rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
# What the link titles call each kind (kept out of the visible page text, see includes/feed_links.html).
LABELS = {"rss": "RSS", "media-rss": "Media RSS", "atom": "Atom", "json": "JSON Feed"}


def feed_entry(kind, href, title):
    """One <link rel="alternate"> for includes/feed_links.html."""
    return {"type": MIME_TYPES[kind], "href": href, "title": f"{title}（{LABELS[kind]}）"}


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with a ``_kepu`` extension per item."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": "zh-CN",
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, cls=DjangoJSONEncoder))

    def _item(self, item):
        node = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["description"],
            "summary": item["description"],
            "date_published": timezone.localtime(item["pubdate"]).isoformat(),
            "tags": item["categories"] or [],
        }
        if item["updateddate"]:
            node["date_modified"] = timezone.localtime(item["updateddate"]).isoformat()
        if item["author_name"]:
            node["authors"] = [{"name": item["author_name"]}]
        if item.get("kepu"):
            node["_kepu"] = item["kepu"]
        return node
