import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from home.sections import add_person
from lectures.demo import SAMPLE_VIDEO, _vtt
from lectures.models import (
    CaptionTrack,
    LecturePage,
    LectureSeriesPage,
    LectureSpeaker,
    LectureVideo,
    Speaker,
)

CHINESE_LINES = [
    "大家好，今天我们来聊一聊暴雨预警信号。",
    "气象预警分为蓝色、黄色、橙色和红色四个等级。",
    "收到橙色以上预警时，请尽量减少外出。",
    "遇到道路积水，千万不要涉水通行。",
]
ENGLISH_LINES = ["Hello.", "Four levels of warnings.", "Stay indoors.", "Never walk through flood water."]


def make_video(title="暴雨讲座录像", collection=None):
    """A LectureVideo from the shipped 8-second sample, its facts read from the file as an upload's are."""
    return LectureVideo.from_file(
        SAMPLE_VIDEO,
        title=title,
        collection=collection or Collection.get_first_root_node(),
        filename="sample.mp4",
        poster=ContentFile(_png(), name="poster.png"),
    )


def _png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), "#0b5cad").save(buffer, format="PNG")
    return buffer.getvalue()


def make_captions(title, lines, collection=None):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(_vtt(lines).encode(), name="captions.vtt"),
        collection=collection or Collection.get_first_root_node(),
    )


def make_lecture(parent, title, start, speakers=(), video=None, captions=(), publish=True, **fields):
    lecture = LecturePage(
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        video=video,
        speaker_links=[LectureSpeaker(speaker=speaker) for speaker in speakers],
        captions=[CaptionTrack(language=language, document=document) for language, document in captions],
        live=publish,
        **fields,
    )
    lecture.refresh_transcript()
    parent.add_child(instance=lecture)
    if publish:
        # As after the commit of a real publish: the recording's file moves to its public name.
        with TestCase.captureOnCommitCallbacks(execute=True):
            lecture.save_revision().publish()
        lecture.refresh_from_db()
    else:
        lecture.save_revision()
    return lecture


@pytest.fixture
def series(home):
    page = home.add_child(instance=LectureSeriesPage(title="首都科学讲堂", slug="lectures"))
    page.save_revision().publish()
    return page


@pytest.fixture
def speaker(db):
    return Speaker.objects.create(
        name="王雨桐", title="首席预报员", affiliation="北京市气象台", bio="负责灾害性天气预报。"
    )


def make_recorded_lecture(series, speaker):
    """A lecture a month ago with its recording, Chinese and English captions."""
    return make_lecture(
        series,
        "暴雨来临前：读懂气象预警信号",
        timezone.now() - datetime.timedelta(days=30),
        speakers=[speaker],
        video=make_video(),
        captions=[
            ("zh-Hans", make_captions("暴雨 中文字幕", CHINESE_LINES)),
            ("en", make_captions("暴雨 English", ENGLISH_LINES)),
        ],
        summary="蓝、黄、橙、红四色预警各意味着什么？",
    )


@pytest.fixture
def recorded_lecture(series, speaker):
    return make_recorded_lecture(series, speaker)


@pytest.fixture
def upcoming_lecture(series, speaker):
    start = timezone.now() + datetime.timedelta(days=14)
    return make_lecture(series, "冬夜观星：双子座流星雨", start, speakers=[speaker], summary="认识冬季星座。")


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Each test's uploads in their own folder, so a test can see exactly what a request left behind."""
    if "demo_site" in request.fixturenames:
        return Path(settings.MEDIA_ROOT)  # the demo's recordings live where it was loaded
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def editor(client, haidian):
    """海淀区科协's editor, signed in."""
    user, _password = add_person(haidian, "haidian-editor")
    client.force_login(user)
    return user


@pytest.fixture
def collection(haidian):
    """海淀区科协's collection, where its editor's uploads go."""
    return Collection.objects.get(name=haidian.title)


def sample(name="lecture.mp4", content=None):
    return SimpleUploadedFile(name, content if content is not None else SAMPLE_VIDEO.read_bytes())


def upload_video(client, collection, file=None, **extra):
    """An upload through the admin's 视频 form (the shipped sample unless `file`)."""
    file = file if file is not None else sample()
    return client.post(
        "/admin/media/video/add/",
        {"title": "讲座录像", "file": file, "collection": collection.pk, **extra},
    )
