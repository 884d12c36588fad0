"""
WebVTT caption files: checked with webvtt-py when they are uploaded, and read
back as the timed lines of a lecture's transcript.
"""

import io

import webvtt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

# A two-hour lecture's captions are about 200 KB; anything far larger is not captions.
MAX_CAPTION_BYTES = 2 * 1024 * 1024


class Language:
    """Caption languages: Simplified Chinese first, English optional (BCP 47 tags, as <track srclang>)."""

    CHOICES = [("zh-Hans", _("简体中文")), ("en", _("英语"))]
    DEFAULT_LABELS = {"zh-Hans": "中文", "en": "English"}
    PRIMARY = "zh-Hans"


def _text(file):
    file.seek(0)
    raw = file.read(MAX_CAPTION_BYTES + 1)
    file.seek(0)
    if len(raw) > MAX_CAPTION_BYTES:
        raise ValidationError(_("字幕文件太大（超过 2 MB），请检查是否选错了文件。"), code="too_big")
    try:
        return raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ValidationError(_("字幕文件必须是 UTF-8 编码的 WebVTT 文本。"), code="encoding") from None


def read_cues(file):
    """
    The cues of a WebVTT file as ``[{"start": s, "end": s, "text": str}]``.
    Raises ValidationError, with a message an editor can act on, for anything
    a browser's <track> would reject or show wrongly.
    """
    text = _text(file)
    try:
        captions = webvtt.from_buffer(io.StringIO(text), strict=True)
    except MalformedFileError:
        raise ValidationError(
            _("这不是有效的 WebVTT 字幕文件：第一行必须是“WEBVTT”。"), code="not_vtt"
        ) from None
    except MalformedCaptionError as error:
        raise ValidationError(
            _("字幕文件中有格式错误的字幕条：%(detail)s"), code="bad_cue", params={"detail": str(error)[:200]}
        ) from None
    cues = []
    for number, caption in enumerate(captions, start=1):
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end < start:
            raise ValidationError(
                _("第 %(n)s 条字幕的结束时间早于开始时间。"), code="bad_cue", params={"n": number}
            )
        line = " ".join(caption.text.split())
        if line:
            cues.append({"start": start, "end": end, "text": line})
    if not cues:
        raise ValidationError(_("字幕文件里没有任何字幕条。"), code="empty")
    return cues


def validate_caption_file(file):
    read_cues(file)
