"""
RSS 2.0, Atom and JSON Feed 1.1 for articles (all, per section, per topic) and
clarifications (urgent ones first), built on Django's syndication framework.

The feed classes keep nothing per request on themselves: the request travels
inside the object returned by ``get_object`` (a new one per request).
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.translation import gettext as _

from home.feeds import AtomFeed, ImageRssFeed, JsonFeed, feed_image

from .filters import ArticleFilterForm, ClarificationFilterForm
from .queries import live_articles, live_clarifications

FEED_ITEMS = 30


FEED_TYPES = {"rss": ImageRssFeed, "atom": AtomFeed, "json": JsonFeed}


@dataclass
class Scope:
    """What one request asked for: the index, its request and the validated filters."""

    index: object
    request: object
    form: object
    kind: str

    def full_url(self, path=""):
        query = self.form.query_string()
        return self.index.get_full_url(self.request) + path + (f"?{query}" if query else "")


class PageFeed(Feed):
    form_class = None

    def __init__(self, kind):
        super().__init__()
        self.feed_type = FEED_TYPES[kind]
        self.kind = kind

    def get_object(self, request, index):
        form = self.form_class(request.GET)
        if not form.is_valid():
            raise Http404(_("没有这个栏目、主题或事件的订阅源。"))
        return Scope(index, request, form, self.kind)

    def title(self, scope):
        names = [scope.index.title] + [str(value) for _label, value in scope.form.active_filters()]
        return " · ".join(names)

    def link(self, scope):
        return scope.full_url()

    def feed_url(self, scope):
        return scope.full_url(f"feed/{scope.kind}/")

    def description(self, scope):
        return scope.index.summary or scope.index.title

    def items(self, scope):
        pages = list(
            scope.form.apply(self.queryset())
            .select_related("listing_image")
            .prefetch_related("listing_image__renditions")[:FEED_ITEMS]
        )
        for page in pages:
            page.feed_link = page.get_full_url(scope.request)
            page.feed_image = feed_image(page, scope.request)
        return pages

    def author_name(self, scope):
        # Atom requires an author (RFC 4287 §4.1.1); items name theirs when they have one.
        from home.settings import SiteSettings

        return SiteSettings.for_request(scope.request).association_name

    def item_extra_kwargs(self, page):
        return {"image": page.feed_image}

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.feed_link

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at


class ArticleFeed(PageFeed):
    form_class = ArticleFilterForm

    def queryset(self):
        return live_articles()

    def item_description(self, article):
        return article.summary or article.title

    def item_author_name(self, article):
        return article.author

    def item_categories(self, article):
        return [item.tag.name for item in article.tagged_items.all()]


class ClarificationFeed(PageFeed):
    form_class = ClarificationFilterForm

    def queryset(self):
        return live_clarifications()

    def item_title(self, clarification):
        if clarification.is_urgent:
            return _("【紧急】%(title)s") % {"title": clarification.title}
        return clarification.title

    def item_description(self, clarification):
        return f"【{clarification.verdict_label}】{clarification.answer}"

    def item_categories(self, clarification):
        categories = [clarification.verdict_label]
        if clarification.incident:
            categories.append(clarification.incident.name)
        if clarification.is_urgent:
            categories.insert(0, _("紧急"))
        return categories

    def item_extra_kwargs(self, clarification):
        return {
            **super().item_extra_kwargs(clarification),
            "kepu": {
                "verdict": clarification.verdict,
                "verdict_label": clarification.verdict_label,
                "urgent": clarification.is_urgent,
                "urgent_until": clarification.urgent_until if clarification.is_urgent else None,
                "incident": clarification.incident.name if clarification.incident else None,
            },
        }


def _serve(feed_class, request, index, kind):
    if kind not in FEED_TYPES:
        raise Http404(_("没有这种格式的订阅源。"))
    return feed_class(kind)(request, index=index)


def article_feed(request, index, kind):
    return _serve(ArticleFeed, request, index, kind)


def clarification_feed(request, index, kind):
    return _serve(ClarificationFeed, request, index, kind)
