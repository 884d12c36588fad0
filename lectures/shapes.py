"""The shapes the apps and the TV channel read a lecture in (typed in the v3 API's OpenAPI document)."""

from ninja import Schema


class SpeakerOut(Schema):
    id: int
    name: str
    title: str
    affiliation: str


class CaptionOut(Schema):
    language: str
    label: str
    url: str | None


class VideoOut(Schema):
    title: str
    url: str | None
    type: str
    duration: float | None
    width: int | None
    height: int | None
    poster: str | None
    captions: list[CaptionOut]


class Cue(Schema):
    start: float
    end: float
    text: str
