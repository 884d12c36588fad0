"""
Feed plumbing every app shares: JSON Feed 1.1 for Django's syndication
framework, and the <link rel="alternate"> entries page heads advertise.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext_lazy as _

MIME_TYPES = {
    "rss": "application/rss+xml",
    "media-rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
# The technical names go in link titles and small print; visible link text says what to do.
LABELS = {"rss": "RSS", "media-rss": "Media RSS", "atom": "Atom", "json": "JSON Feed"}
ACTIONS = {
    "rss": _("用阅读器订阅"),
    "media-rss": _("在电视或播客应用中订阅视频"),
    "atom": _("用阅读器订阅（Atom）"),
    "json": _("供应用读取的数据"),
}


def feed_entry(kind, href, title):
    """One feed: a <link rel="alternate"> in heads (includes/feed_links.html), a link in subscribe boxes."""
    return {
        "type": MIME_TYPES[kind],
        "href": href,
        "title": f"{title}（{LABELS[kind]}）",
        "action": ACTIONS[kind],
    }


class SteadyDateMixin:
    """
    A feed with no dated items says it was built when content last changed, not
    now (Django's default): the same content is then the same bytes, so its ETag
    holds and readers' conditional requests get 304 Not Modified.
    """

    def latest_post_date(self):
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            from .content_version import last_changed_at

            if changed_at := last_changed_at():
                return changed_at
        return super().latest_post_date()


class AtomFeed(SteadyDateMixin, Atom1Feed):
    pass


class JsonFeed(SteadyDateMixin, SyndicationFeed):
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
        if item.get("image"):
            node["image"] = item["image"]
        if item.get("kepu"):
            node["_kepu"] = item["kepu"]
        return node


class ImageRssFeed(SteadyDateMixin, Rss201rev2Feed):
    """RSS 2.0 whose items carry their picture as Media RSS ``media:thumbnail`` (``image`` in the item)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("image"):
            handler.addQuickElement("media:thumbnail", "", {"url": item["image"]})


def feed_image(page, request):
    """The absolute URL of a page's listing picture at card size, for feed items (or None)."""
    from .api import IMAGE_SIZES

    if page.listing_image is None:
        return None
    return request.build_absolute_uri(page.listing_image.get_rendition(IMAGE_SIZES["card"]).url)
