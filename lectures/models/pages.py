"""
首都科学讲堂: a lecture series and its lectures. A lecture is an event before
it happens (it shares the calendars' schedule and Occurrence rows) and a video
with captions and a transcript after.
"""

from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from events.models import DateChange, Schedule
from events.models.pages import CalendarEntry
from home.blocks import BaseStreamBlock
from home.models import BasePage

from ..captions import Language, read_cues
from ..forms import LecturePageForm

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class LectureSeriesPage(RoutablePageMixin, BasePage):
    """
    A series such as 首都科学讲堂: its upcoming lectures (in the calendars) and
    the archive of past ones with their videos, filterable by topic, speaker and
    year; with iCal, Media RSS and JSON feeds for the series, each speaker and
    each section.
    """

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
        return ["/", "ical/", "feed/media-rss/", "feed/json/"]

    def search_dictionary_words(self):
        return [self.title]

    def lectures(self):
        return LecturePage.objects.live().public().descendant_of(self)

    @classmethod
    def hub(cls):
        """The top-most live series (首都科学讲堂): where speaker and section pages and feeds live."""
        return cls.objects.live().public().order_by("depth", "path").first()

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


def speakers_url():
    """Where speaker pages live: under the hub series (首都科学讲堂)."""
    hub = LectureSeriesPage.hub()
    return f"{hub.url}speakers/" if hub else ""


class LectureTag(TaggedItemBase):
    content_object = ParentalKey(
        "lectures.LecturePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("讲座主题")
        verbose_name_plural = _("讲座主题")


class LecturePage(RoutablePageMixin, Schedule, CalendarEntry, BasePage):
    abstract = RichTextField(_("讲座简介"), features=RICH_TEXT_FEATURES, blank=True)
    video = models.ForeignKey(
        "lectures.LectureVideo",
        verbose_name=_("讲座视频"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lectures",
        limit_choices_to={"type": "video"},
        help_text=_("讲座结束后上传录像（MP4 或 WebM）。"),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("讲稿/幻灯片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transcript = RichTextField(
        _("文字稿"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("留空时，页面上的文字稿由中文字幕自动生成，点击任一句可跳到视频的对应位置。"),
    )
    # The primary caption track's cues, read when the page is saved: the
    # transcript under the player, and what search finds in a lecture's words.
    transcript_cues = models.JSONField(default=list, blank=True, editable=False)
    tags = ClusterTaggableManager(verbose_name=_("主题"), through=LectureTag, blank=True)

    base_form_class = LecturePageForm
    content_panels = (
        BasePage.content_panels
        + [MultiFieldPanel(Schedule.schedule_panels[:3], heading=_("时间地点"))]
        + [InlinePanel("date_changes", heading=_("改期、取消或改为线上"), label=_("日期变更"))]
        + [InlinePanel("speaker_links", heading=_("主讲人"), label=_("主讲人"), min_num=1)]
        + ["abstract", "tags"]
        + [MultiFieldPanel(CalendarEntry.entry_panels, heading=_("报名与参加"))]
        + [
            MultiFieldPanel(
                [
                    "video",
                    InlinePanel("captions", heading=_("字幕"), label=_("字幕")),
                    "slides",
                    "transcript",
                ],
                heading=_("讲座之后：视频、字幕、讲稿"),
            ),
            InlinePanel("related_articles", heading=_("相关文章"), label=_("相关文章")),
        ]
    )
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
    api_fields = BasePage.api_fields + [
        APIField(name)
        for name in (
            "start",
            "end",
            "venue",
            "section",
            "registration_url",
            "is_free",
            "speaker_list",
            "abstract",
            "tags",
            "dates",
            "video_details",
            "slides",
            "transcript",
            "transcript_cues",
        )
    ]
    parent_page_types = ["lectures.LectureSeriesPage", "home.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("讲座")
        verbose_name_plural = _("讲座")

    def clean(self):
        super().clean()
        try:
            self.transcript_cues = self.cues_from_captions()
        except ValidationError as error:
            raise ValidationError({"video": error.messages}) from None

    # Before and after ------------------------------------------------------

    @property
    def is_past(self):
        return self.end is not None and self.end < timezone.now()

    @cached_property
    def speakers(self):
        return [link.speaker for link in self.speaker_links.all()]

    @property
    def speaker_list(self):
        return [
            {"id": s.pk, "name": s.name, "title": s.title, "affiliation": s.affiliation}
            for s in self.speakers
        ]

    @cached_property
    def caption_tracks(self):
        """Caption tracks with a file, Simplified Chinese first."""
        tracks = [track for track in self.captions.all() if track.document_id]
        return sorted(tracks, key=lambda track: track.language != Language.PRIMARY)

    def cues_from_captions(self):
        tracks = [track for track in self.captions.all() if track.document_id]
        if not tracks:
            return []
        primary = next((t for t in tracks if t.language == Language.PRIMARY), tracks[0])
        with primary.document.file.open("rb") as file:
            return read_cues(file)

    def transcript_text(self):
        return "\n".join(cue["text"] for cue in self.transcript_cues or [])

    def readable_text(self):
        """What a search result may quote: the abstract, then the transcript (hand-written or from captions)."""
        parts = [strip_tags(self.abstract), strip_tags(self.transcript) or self.transcript_text()]
        return " ".join(" ".join(parts).split())

    @property
    def video_details(self):
        """The recording as the apps and the TV channel need it (absolute URLs): file, poster, duration, captions."""
        video = self.video
        if video is None:
            return None
        site = self.get_site()
        root = site.root_url if site else ""

        def absolute(url):
            return urljoin(root + "/", url) if url else None

        return {
            "title": video.title,
            "url": absolute(video.url),
            "type": video.content_type,
            "duration": video.duration,
            "width": video.width,
            "height": video.height,
            "poster": absolute(video.poster_url),
            "captions": [
                {
                    "language": track.language,
                    "label": track.display_label,
                    "url": absolute(self.caption_url(track)),
                }
                for track in self.caption_tracks
            ],
        }

    def caption_url(self, track):
        return self.url + track.route

    # Calendars ---------------------------------------------------------------

    def occurrence_rows(self, window):
        return [
            dict(row, key="event", **self.occurrence_defaults()) for row in super().occurrence_rows(window)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_dates"] = [] if self.is_past else self.upcoming_dates()
        context["speakers_url"] = speakers_url()
        context["series"] = self.series()
        return context

    def series(self):
        """The series this lecture belongs to, or None for a section's one-off lecture."""
        return LectureSeriesPage.objects.ancestor_of(self).order_by("-depth").first()

    def feed_links(self):
        """Head links to the video feeds this lecture is in: its series', else its section's."""
        from lectures import feeds

        series = self.series()
        if series is not None:
            return feeds.feed_links(series.url, series.title)
        return feeds.section_feed_links(self.section) if self.section_id else []

    @path("ical/")
    def ics(self, request):
        from events import feeds

        return feeds.event_feed(request, self)

    @path("captions/<str:language>/")
    def captions_file(self, request, language):
        from lectures import views

        return views.caption_file(request, self, language)


class LectureSpeaker(Orderable):
    page = ParentalKey("lectures.LecturePage", on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(
        "lectures.Speaker", verbose_name=_("主讲人"), on_delete=models.CASCADE, related_name="lecture_links"
    )

    panels = ["speaker"]

    class Meta(Orderable.Meta):
        verbose_name = _("主讲人")
        verbose_name_plural = _("主讲人")


class CaptionTrack(Orderable):
    """One WebVTT file for the lecture's video: <track srclang label>, and media:subTitle in the TV feed."""

    page = ParentalKey("lectures.LecturePage", on_delete=models.CASCADE, related_name="captions")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("字幕文件（WebVTT）"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("上传 .vtt 字幕文件；上传时会检查格式。"),
    )
    language = models.CharField(
        _("语言"),
        max_length=10,
        choices=Language.CHOICES,
        error_messages={"blank": _("请为这条字幕选择语言。")},
    )
    label = models.CharField(
        _("显示名称"), max_length=40, blank=True, help_text=_("留空时用“中文”或“English”。")
    )

    panels = ["document", "language", "label"]

    class Meta(Orderable.Meta):
        verbose_name = _("字幕")
        verbose_name_plural = _("字幕")

    @property
    def route(self):
        """Where the lecture page serves this track (relative to the page), as text/vtt."""
        return f"captions/{self.language}/"

    @property
    def display_label(self):
        return self.label or Language.DEFAULT_LABELS.get(self.language, self.language)


class RelatedArticle(Orderable):
    page = ParentalKey("lectures.LecturePage", on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("文章"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article", "articles.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关文章")
        verbose_name_plural = _("相关文章")


class LectureDateChange(Orderable, DateChange):
    page = ParentalKey("lectures.LecturePage", on_delete=models.CASCADE, related_name="date_changes")

    class Meta(Orderable.Meta):
        verbose_name = _("日期变更")
        verbose_name_plural = _("日期变更")
