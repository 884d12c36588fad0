"""Lecture templates: time codes, JSON-LD, and feed links for page heads."""

from django import template

from home.content_version import kept
from home.structured_data import jsonld
from lectures import feeds
from lectures.structured_data import lecture_nodes

register = template.Library()


@register.filter
def timecode(seconds):
    """12.5 → 0:12, 3725 → 1:02:05: how players show a position."""
    total = int(float(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.simple_tag(takes_context=True)
def recent_lectures(context, limit=3):
    """
    The latest lectures with a recording under the current page (the home page's
    讲座视频), for people who missed them; kept until the next publish.
    """
    from lectures.models import LecturePage

    page = context["page"]

    def recent():
        lectures = LecturePage.objects.live().public().descendant_of(page).filter(video__isnull=False)
        return list(LecturePage.for_cards(lectures).order_by("-start")[:limit])

    # A recording attached or replaced moves the content version on (lectures.signal_handlers).
    return kept(("recent-lectures", page.pk, limit), recent)


@register.simple_tag(takes_context=True)
def lecture_jsonld(context, lecture):
    return jsonld(lecture_nodes(lecture, lecture.published_dates, context["request"]))


@register.inclusion_tag("includes/feed_links.html")
def lecture_feed_links(feed_list):
    return {"feeds": feed_list}


@register.inclusion_tag("includes/feed_links.html")
def section_lecture_feed_links(section):
    """A section's lecture video feeds, for its page head (nothing when it has no lectures)."""
    return {"feeds": feeds.section_feed_links(section)}
