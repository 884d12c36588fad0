"""Lecture recordings: wagtailmedia's media item, with the facts read from the file itself."""

import datetime
import mimetypes
import secrets

import icalendar
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia

from home.chinese import SegmentedIndexMixin
from home.storage import PRIVATE


def iso_duration(seconds):
    """ISO 8601 duration of whole seconds (``PT1H2M3S``), as schema.org and TV guides expect."""
    delta = datetime.timedelta(seconds=round(seconds or 0))
    if not delta:
        return "PT0S"  # icalendar writes "P0D", which schema.org validators read as a date duration
    return icalendar.vDuration(delta).to_ical().decode()


def _unguessable(folder, filename):
    # A random folder per upload: a draft lecture's recording is not found by guessing its file name.
    return f"{folder}/{secrets.token_urlsafe(12)}/{filename}"


def video_path(instance, filename):
    # Private until a published lecture shows it (lectures.recording_access).
    return PRIVATE + _unguessable("media", filename)


def poster_path(instance, filename):
    return _unguessable("media_thumbnails", filename)


class LectureVideo(SegmentedIndexMixin, AbstractMedia):
    """
    A recording in the section's collection, so only that section's editors
    can see, change or choose it. Duration, size and type are read from the
    upload's content (lectures.probe), never typed in.
    """

    file = models.FileField(upload_to=video_path, verbose_name=_("file"))
    thumbnail = models.FileField(upload_to=poster_path, blank=True, verbose_name=_("thumbnail"))
    mime_type = models.CharField(_("文件类型"), max_length=40, blank=True, editable=False)

    # The poster is wagtailmedia's "thumbnail"; duration, width and height come from the file.
    admin_form_fields = ("title", "file", "collection", "thumbnail", "tags")

    class Meta:
        verbose_name = _("视频")
        verbose_name_plural = _("视频")

    @classmethod
    def from_file(cls, path, *, title, collection, filename, poster=None):
        """
        A saved video from a file on disk (demo content, imports), its facts read
        from the content by lectures.probe exactly as for an editor's upload.
        """
        from django.core.files import File

        from ..probe import probe

        with open(path, "rb") as file:
            facts = probe(file, "video", filename.rsplit(".", 1)[-1])
            video = cls(
                title=title,
                type="video",
                collection=collection,
                mime_type=facts.mime_type,
                duration=facts.duration,
                width=facts.width,
                height=facts.height,
            )
            video.file.save(filename, File(file), save=False)
        if poster is not None:
            video.thumbnail.save(poster.name, poster, save=False)
        video.save()
        return video

    @property
    def content_type(self):
        return self.mime_type or mimetypes.guess_type(self.filename)[0] or "application/octet-stream"

    @property
    def sources(self):
        return [{"src": self.url, "type": self.content_type}]

    @property
    def iso_duration(self):
        return iso_duration(self.duration)

    @property
    def poster_url(self):
        return self.thumbnail.url if self.thumbnail else ""

    @property
    def file_size(self):
        try:
            return self.file.size
        except OSError:
            return None
