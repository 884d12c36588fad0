"""The parts a lecture is edited with: speakers, caption tracks, related articles, date changes, topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable

from events.models import DateChange

from ..captions import Language


class LectureTag(TaggedItemBase):
    content_object = ParentalKey(
        "lectures.LecturePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("讲座主题")
        verbose_name_plural = _("讲座主题")


class LectureSpeaker(Orderable):
    page = ParentalKey("lectures.LecturePage", on_delete=models.CASCADE, related_name="speaker_links")
    # PROTECT: deleting a speaker must not silently change other sections' live lectures.
    speaker = models.ForeignKey(
        "lectures.Speaker", verbose_name=_("主讲人"), on_delete=models.PROTECT, related_name="lecture_links"
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
    def kind(self):
        """<track kind>: same-language text is captions; another language is subtitles."""
        return "captions" if self.language == Language.PRIMARY else "subtitles"

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
