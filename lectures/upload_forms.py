"""
Upload checks for the media library (WAGTAILMEDIA["MEDIA_FORM_BASE"]) and the
document library (WAGTAILDOCS_DOCUMENT_FORM_BASE): a refused upload saves
nothing, neither a row nor a file.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtailmedia.forms import BaseMediaForm

from home.images import check_picture

from .captions import validate_caption_file
from .probe import probe


class LectureVideoForm(BaseMediaForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields and self.instance.type != "audio":
            self.fields["file"].help_text = _(
                "MP4（H.264）或 WebM 视频，不超过 %(limit)s。时长和分辨率从文件中读取，无需填写。"
            ) % {"limit": filesizeformat(settings.LECTURE_VIDEO_MAX_UPLOAD_SIZE)}
        if "thumbnail" in self.fields:
            self.fields["thumbnail"].label = _("封面图片")
            self.fields["thumbnail"].help_text = _("播放前显示的画面（JPEG、PNG 或 WebP，建议 16:9）。")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is None or "file" not in self.changed_data:
            return file
        limit = settings.LECTURE_VIDEO_MAX_UPLOAD_SIZE
        if file.size > limit:
            raise ValidationError(
                _("文件太大（%(size)s），视频上限是 %(limit)s。请压缩后再上传，或联系管理员。"),
                code="too_big",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )
        extension = os.path.splitext(file.name)[1].lstrip(".")
        # wagtailmedia's generic "media" upload is treated as video, the only kind lectures play.
        kind = "audio" if self.instance.type == "audio" else "video"
        facts = probe(file, kind, extension)
        self.instance.type = kind
        self.instance.mime_type = facts.mime_type
        self.instance.duration = facts.duration
        self.instance.width = facts.width
        self.instance.height = facts.height
        return file

    def clean_thumbnail(self):
        poster = self.cleaned_data.get("thumbnail")
        if not poster or "thumbnail" not in self.changed_data:
            return poster
        if poster.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("封面图片太大，上限是 %(limit)s。")
                % {"limit": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)}
            )
        check_picture(poster, _("封面不是有效的图片文件（JPEG、PNG、GIF 或 WebP），或文件已损坏。"))
        return poster


class CaptionAwareDocumentForm(BaseDocumentForm):
    """Documents as usual; a .vtt file, or any file replacing a lecture's captions, must be valid WebVTT."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if (
            file
            and "file" in self.changed_data
            and (file.name.lower().endswith(".vtt") or self._is_captions())
        ):
            validate_caption_file(file)
        return file

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of the file even when this
        # form has refused it, finds none, and adds a bogus 「文件扩展“”是不被允许」.
        refused = list(self._errors.get("file", []))
        super()._post_clean()
        if refused:
            self._errors["file"] = self.error_class(refused)

    def _is_captions(self):
        from .models import CaptionTrack

        return self.instance.pk is not None and CaptionTrack.objects.filter(document=self.instance).exists()
