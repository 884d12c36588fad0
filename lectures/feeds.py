"""
Lecture video feeds for the channels: Media RSS for the TV channel and JSON
Feed 1.1 for the mobile app, per series, per speaker and per section. Built on
Django's syndication framework; every item is a lecture with its recording.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from home.content_version import kept
from home.feeds import JsonFeed, SteadyDateMixin, feed_entry
from home.models import SectionPage

from .models import LecturePage, LectureSeriesPage

FEED_ITEMS = 50
MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaRssFeed(SteadyDateMixin, Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace (https://www.rssboard.org/media-rss)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item["media"]
        handler.addQuickElement("media:content", "", media["content"])
        handler.addQuickElement("media:title", item["title"])
        handler.addQuickElement("media:description", item["description"])
        if media["thumbnail"]:
            handler.addQuickElement("media:thumbnail", "", {"url": media["thumbnail"]})
        for track in media["captions"]:
            handler.addQuickElement(
                "media:subTitle", "", {"type": "text/vtt", "lang": track["language"], "href": track["url"]}
            )
        for speaker in media["speakers"]:
            handler.addQuickElement("media:credit", speaker.credit, {"role": "author", "scheme": "urn:ebu"})


class LectureJsonFeed(JsonFeed):
    """JSON Feed 1.1 whose items carry the video as an attachment with its duration."""

    def _item(self, item):
        node = super()._item(item)
        media = item["media"]
        content = media["content"]
        node["attachments"] = [
            {
                "url": content["url"],
                "mime_type": content["type"],
                "title": item["title"],
                "duration_in_seconds": float(content["duration"]),
                **({"size_in_bytes": int(content["fileSize"])} if "fileSize" in content else {}),
            }
        ]
        if media["thumbnail"]:
            node["image"] = media["thumbnail"]
        if media["speakers"]:
            node["authors"] = [{"name": speaker.credit} for speaker in media["speakers"]]
        node["_kepu"] = {
            "captions": media["captions"],
            "width": int(content["width"]) if "width" in content else None,
            "height": int(content["height"]) if "height" in content else None,
        }
        return node


FEED_TYPES = {"media-rss": MediaRssFeed, "json": LectureJsonFeed}


@dataclass
class LectureScope:
    """One feed request: which lectures, what to call them, where they live."""

    request: object
    title: str
    link: str
    feed_path: str
    description: str
    lectures: object


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


class LectureFeed(Feed):
    def __init__(self, kind):
        super().__init__()
        self.feed_type = FEED_TYPES[kind]

    def get_object(self, request, scope):
        return scope

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return _absolute(scope.request, scope.feed_path)

    def description(self, scope):
        return scope.description

    def items(self, scope):
        lectures = list(
            scope.lectures.filter(video__isnull=False, video__type="video")
            .defer("transcript_cues", "transcript")
            .select_related("video", "venue", "listing_image")
            .prefetch_related("speaker_links__speaker", "captions", "tagged_items__tag")
            .order_by("-start")[:FEED_ITEMS]
        )
        for lecture in lectures:
            lecture.feed_link = lecture.get_full_url(scope.request)
            lecture.feed_media = self._media(lecture, scope.request)
        return lectures

    def _media(self, lecture, request):
        video = lecture.video
        content = {
            "url": _absolute(request, video.url),
            "type": video.content_type,
            "medium": "video",
            "duration": str(round(video.duration)),
            "lang": "zh-cn",
        }
        if video.width and video.height:
            content.update(width=str(video.width), height=str(video.height))
        if video.file_size:
            content["fileSize"] = str(video.file_size)
        return {
            "content": content,
            "thumbnail": _absolute(request, lecture.poster_url),
            "captions": [
                {
                    "language": track.language,
                    "label": track.display_label,
                    "url": lecture.feed_link + track.route,
                }
                for track in lecture.caption_tracks
            ],
            "speakers": lecture.speakers,
        }

    def item_title(self, lecture):
        return lecture.title

    def item_link(self, lecture):
        return lecture.feed_link

    def item_guid(self, lecture):
        return lecture.feed_link

    def item_description(self, lecture):
        return lecture.summary or strip_tags(lecture.abstract) or lecture.title

    def item_pubdate(self, lecture):
        # When the recording came out, so a video added months later arrives as new.
        return max(lecture.video.created_at, lecture.start)

    def item_updateddate(self, lecture):
        return lecture.last_published_at

    def item_author_name(self, lecture):
        return "、".join(speaker.name for speaker in lecture.speakers)

    def item_categories(self, lecture):
        return [item.tag.name for item in lecture.tagged_items.all()]

    def item_enclosures(self, lecture):
        content = lecture.feed_media["content"]
        return [Enclosure(content["url"], content.get("fileSize", "0"), content["type"])]

    def item_extra_kwargs(self, lecture):
        return {"media": lecture.feed_media}


def _serve(request, kind, **scope):
    if kind not in FEED_TYPES:
        raise Http404(_("没有这种格式的订阅源。"))
    return LectureFeed(kind)(request, scope=LectureScope(request=request, **scope))


def series_feed(request, series, kind):
    return _serve(
        request,
        kind,
        title=series.title,
        link=series.get_full_url(request),
        feed_path=series.route_url("feed", kind),
        description=series.summary or series.title,
        lectures=series.lectures(),
    )


def speaker_feed(request, series, speaker_id, kind):
    from .views import public_speaker

    speaker = public_speaker(speaker_id)
    return _serve(
        request,
        kind,
        title=_("%(name)s的讲座") % {"name": speaker.name},
        link=_absolute(request, series.route_url("speaker", speaker.pk)),
        feed_path=series.route_url("speaker_feed", speaker.pk, kind),
        description=speaker.bio or speaker.credit,
        lectures=speaker.lectures(),
    )


def section_feed(request, series, section_slug, kind):
    section = get_object_or_404(SectionPage.objects.live().public(), slug=section_slug)
    return _serve(
        request,
        kind,
        title=_("%(section)s的讲座") % {"section": section.title},
        link=section.get_full_url(request),
        feed_path=series.route_url("section_feed", section.slug, kind),
        description=section.summary or section.title,
        lectures=LecturePage.objects.live().public().descendant_of(section),
    )


def section_feed_links(section):
    """Head links for a section's lecture feeds, or none when it has no lectures."""
    series = LectureSeriesPage.hub()
    if series is None or not kept(
        ("section-has-lectures", section.pk),
        LecturePage.objects.live().public().descendant_of(section).exists,
    ):
        return []
    return [
        feed_entry(kind, series.route_url("section_feed", section.slug, kind), section.title)
        for kind in FEED_TYPES
    ]


def series_feed_links(series):
    return [feed_entry(kind, series.route_url("feed", kind), series.title) for kind in FEED_TYPES]


def speaker_feed_links(series, speaker):
    return [
        feed_entry(kind, series.route_url("speaker_feed", speaker.pk, kind), speaker.name)
        for kind in FEED_TYPES
    ]
