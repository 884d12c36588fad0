from .inlines import CaptionTrack, LectureDateChange, LectureSpeaker, LectureTag, RelatedArticle
from .pages import LecturePage, LectureSeriesPage
from .speakers import Speaker
from .videos import LectureVideo, iso_duration

__all__ = [
    "CaptionTrack",
    "LectureDateChange",
    "LecturePage",
    "LectureSeriesPage",
    "LectureSpeaker",
    "LectureTag",
    "LectureVideo",
    "RelatedArticle",
    "Speaker",
    "iso_duration",
]
