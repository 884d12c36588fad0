"""
首都科学讲堂: a lecture series and its lectures. A lecture is an event before
it happens (it shares the calendars' schedule and Occurrence rows) and a video
with captions and a transcript after.
"""

from django.db import models
from django.db.models import ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from events import seats
from events.models import Schedule, Status
from events.models.pages import CalendarEntry, DatedPage, api_fields
from home.api import typed
from home.blocks import BaseStreamBlock
from home.content_version import until_published
from home.models import BasePage
from home.routes import Routes
from home.routing import kept_with_page

from ..forms import LecturePageForm
from ..shapes import Cue, SpeakerOut, VideoOut
from .inlines import LectureSpeaker
from .recording import RICH_TEXT_FEATURES, Recording


class LectureSeriesPage(Routes, BasePage):
    """
    A series such as 首都科学讲堂: its upcoming lectures (in the calendars) and
    the archive of past ones with their videos, filterable by topic, speaker and
    year; with iCal, Media RSS and JSON feeds for the series, each speaker and
    each section.
    """

    page_description = _("讲座系列，如首都科学讲堂：即将举行的讲座和往期视频。")

    dictionary_fields = ("title",)

    intro = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = ["lectures.LecturePage"]

    class Meta:
        verbose_name = _("讲座系列")
        verbose_name_plural = _("讲座系列")

    def get_cached_paths(self):
        """What a CDN must purge when the series changes, speakers' and sections' pages included."""
        from home.models import SectionPage
        from lectures.feeds import FEED_TYPES

        route = self.reverse_subpage
        lectures = self.lectures()
        paths = ["/", route("ical"), *(route("feed", args=[kind]) for kind in FEED_TYPES)]
        for speaker_id in lectures.values_list("speaker_links__speaker", flat=True).distinct():
            if speaker_id:
                paths += [route("speaker", args=[speaker_id]), route("speaker_ical", args=[speaker_id])]
                paths += [route("speaker_feed", args=[speaker_id, kind]) for kind in FEED_TYPES]
        for slug in SectionPage.objects.filter(pk__in=lectures.values("section")).values_list(
            "slug", flat=True
        ):
            paths += [route("section_feed", args=[slug, kind]) for kind in FEED_TYPES]
        return paths

    def lectures(self):
        return LecturePage.objects.live().public().descendant_of(self)

    def get_sitemap_urls(self, request=None):
        """The series, and on the hub every speaker with a published lecture (their pages are its routes)."""
        from .speakers import Speaker

        urls = super().get_sitemap_urls(request)
        if LectureSeriesPage.hub() == self:
            base = self.get_full_url(request)
            live = LecturePage.objects.live().public()
            for speaker_id in (
                Speaker.objects.filter(lecture_links__page__in=live).values_list("pk", flat=True).distinct()
            ):
                urls.append({"location": base + self.reverse_subpage("speaker", args=[speaker_id])})
        return urls

    @classmethod
    def hub(cls):
        """
        The series where speaker and section pages and feeds live (首都科学讲堂):
        the oldest live series. Chosen by age, not depth, so speakers' addresses
        stay put when another series is published higher up the tree.
        """
        return _hub()

    @path("")
    def listing(self, request):
        from lectures import views

        return views.series(request, self)

    @path("ical/")
    def ical(self, request):
        from lectures import views

        return views.series_ical(request, self)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from lectures import feeds

        return feeds.series_feed(request, self, kind)

    @path("speakers/<int:speaker_id>/")
    def speaker(self, request, speaker_id):
        from lectures import views

        return views.speaker(request, self, speaker_id)

    @path("speakers/<int:speaker_id>/ical/")
    def speaker_ical(self, request, speaker_id):
        from lectures import views

        return views.speaker_ical(request, self, speaker_id)

    @path("speakers/<int:speaker_id>/feed/<str:kind>/")
    def speaker_feed(self, request, speaker_id, kind):
        from lectures import feeds

        return feeds.speaker_feed(request, self, speaker_id, kind)

    @path("sections/<slug:section_slug>/feed/<str:kind>/")
    def section_feed(self, request, section_slug, kind):
        from lectures import feeds

        return feeds.section_feed(request, self, section_slug, kind)


def speaker_url(speaker_id):
    """A speaker's page, under the hub series (首都科学讲堂)."""
    hub = LectureSeriesPage.hub()
    return hub.route_url("speaker", speaker_id) if hub else ""


class LecturePage(DatedPage, Schedule, CalendarEntry, Recording, BasePage):
    page_description = _("一场讲座：举行前是活动（时间、地点、主讲人），举行后放视频、字幕和文字稿。")

    abstract = RichTextField(_("讲座简介"), features=RICH_TEXT_FEATURES, blank=True)
    tags = ClusterTaggableManager(verbose_name=_("主题"), through="lectures.LectureTag", blank=True)

    # What listings and calendars leave out: a transcript can be thousands of lines.
    listing_defer = ("transcript_cues", "transcript", "abstract")
    # Read with the page when it is served (home.routing).
    shown_with = ("video", "venue", "listing_image")

    base_form_class = LecturePageForm
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(Schedule.schedule_panels[:3], heading=_("时间地点")),
        InlinePanel("date_changes", heading=_("改期、取消或改为线上"), label=_("日期变更")),
        InlinePanel("speaker_links", heading=_("主讲人"), label=_("主讲人"), min_num=1),
        "abstract",
        "tags",
        MultiFieldPanel(CalendarEntry.entry_panels, heading=_("报名与参加")),
        *Recording.recording_panels,
        InlinePanel("related_articles", heading=_("相关文章"), label=_("相关文章")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("transcript"),
        index.SearchField("transcript_text"),
        index.FilterField("start"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "speaker_links",
            [index.RelatedFields("speaker", [index.SearchField("name"), index.SearchField("affiliation")])],
        ),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("address")]),
    ]
    api_fields = (
        BasePage.api_fields
        + api_fields("start", "end", "venue", "section", "registration_url", "is_free")
        + [
            APIField("speaker_list", serializer=typed(list[SpeakerOut])),
            APIField("abstract"),
            APIField("tags"),
            *api_fields("dates"),
            APIField("video_details", serializer=typed(VideoOut)),
            APIField("slides"),
            APIField("transcript"),
            APIField("transcript_cues", serializer=typed(list[Cue])),
        ]
    )
    parent_page_types = ["lectures.LectureSeriesPage", "home.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("讲座")
        verbose_name_plural = _("讲座")

    @staticmethod
    def for_cards(lectures):
        """
        Lectures as listings show them (lecture_card.html): without their transcripts,
        which can be thousands of lines, but knowing whether they have one.
        """
        has_transcript = ~Q(transcript_cues=[]) | ~Q(transcript="")
        return (
            lectures.defer(*LecturePage.listing_defer)
            .annotate(has_transcript=ExpressionWrapper(has_transcript, output_field=models.BooleanField()))
            .select_related("video", "venue", "listing_image")
            .prefetch_related(
                # The speakers with their photos in one query, then the photos' renditions.
                Prefetch("speaker_links", LectureSpeaker.objects.select_related("speaker__photo")),
                "speaker_links__speaker__photo__renditions",
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        upcoming = seats.attach(row for row in self.published_dates if row.end > now)
        context["upcoming_dates"] = upcoming if self.timeline in ("upcoming", "postponed") else []
        context["hub"] = LectureSeriesPage.hub()
        context["series"] = self.series
        return context

    def get_cached_paths(self):
        return ["/", self.reverse_subpage("ics")] + [track.route for track in self.caption_tracks]

    # Before and after ------------------------------------------------------

    @cached_property
    def published_dates(self):
        """The lecture's dates in the calendars, read once per page: its state, the dates shown, JSON-LD."""
        if not self.pk:
            return []
        return kept_with_page(
            self, "lecture-dates", lambda: list(self.occurrences.select_related("venue").order_by("start"))
        )

    @cached_property
    def timeline(self):
        """
        Where the lecture stands, from its published dates (so a postponed or moved
        lecture is not "over" at its original time): "upcoming", "past",
        "cancelled", or "postponed" (no new date yet).
        """
        now = timezone.now()
        rows = self.published_dates
        if not rows:  # a draft, or older than the calendars' window
            return "past" if self.end and self.end < now else "upcoming"
        held = [row for row in rows if row.status != Status.CANCELLED]
        if not held:
            return "cancelled"
        if any(row.status == Status.POSTPONED for row in held):
            return "postponed"
        return "past" if all(row.end < now for row in held) else "upcoming"

    @cached_property
    def speakers(self):
        if "speaker_links" in getattr(self, "_prefetched_objects_cache", {}):  # a listing's cards
            return [link.speaker for link in self.speaker_links.all()]
        return kept_with_page(
            self,
            "lecture-speakers",
            lambda: [link.speaker for link in self.speaker_links.all().select_related("speaker__photo")],
        )

    @property
    def speaker_photo(self):
        """The first speaker's photo: the picture of a card with no recording or image of its own."""
        return next((speaker.photo for speaker in self.speakers if speaker.photo_id), None)

    def pictures(self):
        # The card (lecture_card.html) and the speakers' cards (speaker_card.html);
        # the player's poster is the listing image at the API's hero size.
        shown = super().pictures() + [(self.listing_image, "fill-{320x180,640x360} format-webp")]
        shown.append((self.speaker_photo, "fill-{180x180,360x360} format-webp"))
        return shown + [(speaker.photo, "fill-{64x64,128x128} format-webp") for speaker in self.speakers]

    @property
    def speaker_list(self):
        return [
            {"id": s.pk, "name": s.name, "title": s.title, "affiliation": s.affiliation}
            for s in self.speakers
        ]

    def related_article_pages(self):
        """Related articles anyone may read, in the editor's order (not drafts, not restricted ones)."""
        from articles.models import ArticlePage

        def read():
            order = [item.article_id for item in self.related_articles.all()]
            pages = ArticlePage.objects.live().public().filter(pk__in=order).defer_streamfields()
            return sorted(pages, key=lambda page: order.index(page.pk))

        return kept_with_page(self, "lecture-articles", read)

    # Where it belongs ----------------------------------------------------------

    @cached_property
    def series(self):
        """The live series this lecture is in, or None (a section's own lecture, or a series not yet published)."""
        return _series_above(self.path)

    def feed_links(self):
        """Head links to the video feeds this lecture is in: its series', else its section's."""
        from lectures import feeds

        series = self.series
        if series is not None:
            return feeds.series_feed_links(series)
        return feeds.section_feed_links(self.section) if self.section_id else []

    @path("captions/<str:language>/")
    def captions_file(self, request, language):
        from lectures import views

        return views.caption_file(request, self, language)


@until_published
def _series_above(path):
    """Kept until the next publish: only a publish, a move or a withdrawal changes it."""
    step = LectureSeriesPage.steplen
    above = [path[:end] for end in range(step, len(path), step)]
    return LectureSeriesPage.objects.live().public().filter(path__in=above).order_by("-depth").first()


@until_published
def _hub():
    return LectureSeriesPage.objects.live().public().order_by("pk").first()
