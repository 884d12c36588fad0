"""
What an uploaded media file really is, read from its content with pymediainfo
(whose wheel bundles libmediainfo): never trusted from the file's name.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pymediainfo import MediaInfo

# Containers browsers, phones and TV boxes all play, by mediainfo's format name.
VIDEO_CONTAINERS = {"MPEG-4": ("video/mp4", {"mp4", "m4v"}), "WebM": ("video/webm", {"webm"})}
AUDIO_CONTAINERS = {
    "MPEG Audio": ("audio/mpeg", {"mp3"}),
    "MPEG-4": ("audio/mp4", {"m4a", "aac"}),
    "Ogg": ("audio/ogg", {"ogg", "oga"}),
    "Wave": ("audio/wav", {"wav"}),
}


# Codecs every browser and TV box decodes (mediainfo's names); HEVC or ProRes in an .mp4 is not.
VIDEO_CODECS = {"AVC", "VP8", "VP9", "AV1"}
AUDIO_CODECS = {"AAC", "Opus", "Vorbis", "MPEG Audio", "PCM", "FLAC"}


@dataclass
class MediaFacts:
    mime_type: str
    duration: float  # seconds
    width: int | None = None
    height: int | None = None


def _parse(file):
    path = getattr(file, "temporary_file_path", None)
    if path:
        return MediaInfo.parse(path())
    file.seek(0)
    try:
        return MediaInfo.parse(file)
    finally:
        file.seek(0)


def probe(file, kind, extension):
    """The facts of a ``kind`` ("video" or "audio") file, or a ValidationError saying what is wrong."""
    try:
        info = _parse(file)
    except Exception:  # pymediainfo raises bare RuntimeError/OSError for unreadable input
        info = None
    general = info.general_tracks[0] if info and info.general_tracks else None
    containers = VIDEO_CONTAINERS if kind == "video" else AUDIO_CONTAINERS
    streams = (info.video_tracks if kind == "video" else info.audio_tracks) if info else []
    if general is None or not streams or general.format not in containers:
        if kind == "video":
            message = _(
                "这个文件的内容不是可播放的视频（按文件内容检查，而不是扩展名）。请上传 MP4（H.264）或 WebM 视频。"
            )
        else:
            message = _(
                "这个文件的内容不是可播放的音频（按文件内容检查，而不是扩展名）。请上传 MP3、M4A、OGG 或 WAV 音频。"
            )
        raise ValidationError(message, code="not_media")
    mime_type, extensions = containers[general.format]
    codecs = [track.format for track in (info.video_tracks if kind == "video" else [])] + [
        track.format for track in info.audio_tracks
    ]
    unplayable = [codec for codec in codecs if codec not in VIDEO_CODECS | AUDIO_CODECS]
    if unplayable:
        raise ValidationError(
            _(
                "文件里的 %(codecs)s 编码在许多浏览器和电视上无法播放，请转码为 H.264（AVC）视频和 AAC 音频后再上传。"
            ),
            code="codec",
            params={"codecs": "、".join(str(codec) for codec in unplayable)},
        )
    if extension.lower() not in extensions:
        raise ValidationError(
            _("文件内容是 %(format)s，但扩展名是 .%(extension)s，请改正扩展名后再上传。"),
            code="wrong_extension",
            params={"format": general.format, "extension": extension},
        )
    milliseconds = general.duration or streams[0].duration
    if not milliseconds:
        raise ValidationError(_("读不出这个文件的时长，文件可能已损坏。"), code="no_duration")
    stream = streams[0]
    return MediaFacts(
        mime_type=mime_type,
        duration=round(float(milliseconds) / 1000, 3),
        width=getattr(stream, "width", None) if kind == "video" else None,
        height=getattr(stream, "height", None) if kind == "video" else None,
    )
