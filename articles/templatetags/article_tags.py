"""The urgent banner, feed links for page heads, and JSON-LD for articles and clarifications."""

from django import template
from django.utils.translation import gettext as _

from articles.feed_discovery import feed_indexes
from articles.feeds import FEED_TYPES
from articles.structured_data import article_nodes, claim_review_node
from articles.urgent import current_urgent
from home.content_version import until_published
from home.feeds import MIME_TYPES, feed_entry
from home.structured_data import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def urgent_clarification(context):
    """
    ``{% urgent_clarification as urgent %}``: the urgent clarification. One cache
    read per request, however many templates ask (the banner and the home lead).
    """
    request = context.get("request")
    if request is None:
        return current_urgent()
    if not hasattr(request, "_kepu_urgent"):
        request._kepu_urgent = current_urgent()
    return request._kepu_urgent


@register.simple_tag(takes_context=True)
def article_jsonld(context, page):
    return jsonld(article_nodes(page, context["request"]))


@register.simple_tag(takes_context=True)
def claim_review_jsonld(context, page):
    return jsonld(claim_review_node(page, context["request"]))


@register.simple_tag
def index_feeds(index, query="", title=""):
    """The feeds of an index as entries, for its subscribe box."""
    return feed_links(index, query, title)["feeds"]


@register.inclusion_tag("includes/feed_links.html")
def feed_links(index, query="", title=""):
    """``<link rel="alternate">`` for the RSS, Atom and JSON feeds of an index, keeping its filters."""
    if index is None:
        return {"feeds": []}
    suffix = f"?{query}" if query else ""
    feeds = [
        feed_entry(kind, index.route_url("feed", kind) + suffix, title or index.title) for kind in FEED_TYPES
    ]
    cap_url = getattr(index, "cap_url", None)
    if cap_url and not query:
        # Warning systems look for the CAP index by this title (DESIGN.md).
        feeds.append(
            {
                "type": MIME_TYPES["atom"],
                "href": cap_url,
                "title": f"{index.title} · CAP",
                "action": _("预警系统订阅（CAP）"),
            }
        )
    return {"feeds": feeds}


@register.inclusion_tag("includes/feed_links.html")
def site_feed_links():
    """The site-wide article and clarification feeds, for any page's head (e.g. base.html's feeds block)."""
    return {"feeds": [feed for index in feed_indexes() for feed in feed_links(index)["feeds"]]}


@register.filter
def verdict_class(verdict):
    return f"verdict verdict-{verdict}"


@register.simple_tag(takes_context=True)
def article_index(context):
    """The site's live article index (for a section page's links and feed links), looked up once per publish."""
    return the_article_index()


@until_published
def the_article_index():
    from articles.models import ArticleIndexPage

    return ArticleIndexPage.objects.live().public().defer_streamfields().first()
