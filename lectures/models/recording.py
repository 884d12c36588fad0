"""
The recording half of a lecture: its video, caption tracks, slides and
transcript, and what players, feeds, apps and search read of them. The
lecture page (lectures.models.pages) is the event half and mixes this in.
"""

import logging
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtailmedia.edit_handlers import MediaChooserPanel

from ..captions import Language, read_cues

logger = logging.getLogger(__name__)
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class Recording(models.Model):
    """A lecture after it happened: video with captions in several languages, slides, transcript."""

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
    # The primary caption track's cues, read when the editor saves (LecturePageForm)
    # or a caption file is replaced: the transcript under the player, and what
    # search finds in a lecture's words.
    transcript_cues = models.JSONField(default=list, blank=True, editable=False)

    recording_panels = [
        MultiFieldPanel(
            [
                MediaChooserPanel("video", media_type="video"),
                InlinePanel("captions", heading=_("字幕"), label=_("字幕")),
                "slides",
                "transcript",
            ],
            heading=_("讲座之后：视频、字幕、讲稿"),
        )
    ]

    class Meta:
        abstract = True

    @cached_property
    def caption_tracks(self):
        """Caption tracks with a file, Simplified Chinese first."""
        tracks = [track for track in self.captions.all() if track.document_id]
        return sorted(tracks, key=lambda track: track.language != Language.PRIMARY)

    def cues_from_captions(self):
        """The primary track's cues; none if there is no track or its file cannot be read."""
        tracks = self.caption_tracks
        if not tracks:
            return []
        try:
            with tracks[0].document.file.open("rb") as file:
                return read_cues(file)
        except (OSError, ValidationError):
            logger.warning("captions of lecture %s unreadable; transcript left empty", self.pk, exc_info=True)
            return []

    def refresh_transcript(self):
        self.__dict__.pop("caption_tracks", None)
        self.transcript_cues = self.cues_from_captions()

    def transcript_text(self):
        return "\n".join(cue["text"] for cue in self.transcript_cues or [])

    def readable_text(self):
        """What a search result may quote: the abstract, then the transcript (hand-written or from captions)."""
        parts = [strip_tags(self.abstract), strip_tags(self.transcript) or self.transcript_text()]
        return " ".join(" ".join(parts).split())

    @property
    def poster_url(self):
        """The video's poster, else the listing image: what players, feeds and JSON-LD show before playing."""
        if self.video and self.video.poster_url:
            return self.video.poster_url
        if self.listing_image:
            return self.listing_image.get_rendition("fill-1280x720").url
        return ""

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
            "poster": absolute(self.poster_url),
            "captions": [
                {
                    "language": track.language,
                    "label": track.display_label,
                    "url": absolute(self.url + track.route),
                }
                for track in self.caption_tracks
            ],
        }
