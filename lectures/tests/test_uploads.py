"""
Bad uploads are refused with a message an editor can act on, and leave nothing
behind: no video or document row, no file in MEDIA_ROOT. Good ones have their
duration, size and type read from the file, not typed in.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, Revision

from lectures.demo import SAMPLE_VIDEO, _vtt
from lectures.models import LecturePage, LectureVideo

from .fixtures import CHINESE_LINES, make_captions, make_video, sample, upload_video

pytestmark = pytest.mark.django_db


def stored_files(folder):
    root = Path(settings.MEDIA_ROOT) / folder
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def webm_bytes():
    # A minimal WebM (EBML header + Segment with a video track) would need ffmpeg; the
    # shipped MP4's bytes under a .webm name are the content/extension mismatch we refuse.
    return SAMPLE_VIDEO.read_bytes()


def test_a_real_video_is_accepted_with_its_facts_read_from_the_file(client, editor, collection):
    response = upload_video(client, collection, sample())
    assert response.status_code == 302
    video = LectureVideo.objects.get()
    assert (video.duration, video.width, video.height) == (8.0, 320, 180)
    assert video.mime_type == "video/mp4"
    assert video.collection == collection
    assert video.uploaded_by_user == editor
    # Private until a published lecture shows it, in a random folder per upload.
    assert re.fullmatch(r"private/media/[\w-]{16}/lecture\.mp4", video.file.name)
    assert client.get(f"/media/{video.file.name}").status_code == 404
    client.logout()
    assert client.get(f"/media/{video.file.name.removeprefix('private/')}").status_code == 404
    assert client.get(video.url).status_code == 200  # the editor's signed link plays it


def test_the_form_does_not_ask_for_what_the_file_says(client, editor):
    form = client.get("/admin/media/video/add/").content.decode()
    for name in ("duration", "width", "height"):
        assert f'name="{name}"' not in form
    assert 'name="thumbnail"' in form


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.mp4", "这只是一段文字，不是视频。".encode() * 50, "不是可播放的视频"),
        (
            "photo.mp4",
            (Path(settings.BASE_DIR) / "site/static/img/favicon.svg").read_bytes(),
            "不是可播放的视频",
        ),
        ("empty.mp4", b"", None),
        ("clip.webm", webm_bytes(), "扩展名是 .webm"),
        ("clip.avi", SAMPLE_VIDEO.read_bytes(), None),
        (
            "hevc.mp4",
            (Path(__file__).parent / "files" / "hevc.mp4").read_bytes(),
            "HEVC 编码在许多浏览器和电视上无法播放",
        ),
    ],
    ids=["text-named-mp4", "svg-named-mp4", "empty", "mp4-named-webm", "wrong-extension", "hevc-in-mp4"],
)
def test_a_file_that_is_not_really_video_is_refused_and_nothing_is_saved(
    client, editor, collection, name, content, message
):
    response = upload_video(client, collection, sample(name, content))
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["form"].errors
    assert "file" in errors
    if message:
        assert message in " ".join(errors["file"])
    assert LectureVideo.objects.count() == 0
    assert stored_files("media") == []


def test_a_video_over_the_size_limit_is_refused_with_the_limit_named(client, editor, collection, settings):
    settings.LECTURE_VIDEO_MAX_UPLOAD_SIZE = 50 * 1024
    response = upload_video(client, collection, sample())
    error = " ".join(response.context["form"].errors["file"])
    assert "文件太大" in error and "50.0\xa0KB" in error
    assert LectureVideo.objects.count() == 0
    assert stored_files("media") == []


def test_a_poster_that_is_not_an_image_is_refused(client, editor, collection):
    poster = SimpleUploadedFile("poster.png", b"not a png at all")
    response = upload_video(client, collection, sample(), thumbnail=poster)
    assert "封面不是有效的图片" in " ".join(response.context["form"].errors["thumbnail"])
    assert LectureVideo.objects.count() == 0
    assert stored_files("media") == [] and stored_files("media_thumbnails") == []


def test_an_editor_cannot_upload_into_another_sections_collection(client, editor, chaoyang):
    other = Collection.objects.get(name=chaoyang.title)
    upload_video(client, other, sample())
    assert not LectureVideo.objects.filter(collection=other).exists()


# Captions ---------------------------------------------------------------------


def upload_document(client, collection, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": "字幕", "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


def test_a_valid_caption_file_is_accepted_as_a_document(client, editor, collection):
    response = upload_document(client, collection, "zh.vtt", _vtt(CHINESE_LINES).encode())
    assert response.status_code == 302
    assert get_document_model().objects.get().file_extension == "vtt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n", "第一行必须是“WEBVTT”"),
        (b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nbad time\n", "格式错误的字幕条"),
        (b"WEBVTT\n\n", "没有任何字幕条"),
        (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nbackwards\n", "结束时间早于开始时间"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n中文\n".encode("gb18030"), "UTF-8"),
    ],
    ids=["srt", "bad-timestamp", "no-cues", "backwards", "not-utf8"],
)
def test_a_malformed_caption_file_is_refused_and_nothing_is_saved(
    client, editor, collection, content, message
):
    response = upload_document(client, collection, "zh.vtt", content)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors["file"])
    assert len(errors["file"]) == 1 and "文件扩展" not in str(errors), "one error, not a bogus second one"
    assert get_document_model().objects.count() == 0
    assert stored_files("documents") == []


# The lecture form ---------------------------------------------------------------


def _lecture_form(lecture, captions, video):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": lecture.title,
            "slug": lecture.slug,
            "summary": "",
            "start": lecture.local_start.strftime("%Y-%m-%d %H:%M"),
            "end": lecture.local_end.strftime("%Y-%m-%d %H:%M"),
            "repeat_interval": 1,
            "signup_opens_days": 14,
            "signup_closes_hours": 2,
            "seats_per_person": 1,
            "abstract": rich_text("<p>简介</p>"),
            "transcript": rich_text(""),
            "video": video.pk if video else "",
            "date_changes": inline_formset([]),
            "speaker_links": inline_formset([{"speaker": lecture.speaker_links.first().speaker_id}]),
            "captions": inline_formset(captions),
            "related_articles": inline_formset([]),
            "tags": "",
            "audience": [],
            "is_free": "on",
        }
    )


@pytest.fixture
def own_lecture(haidian, speaker, collection):
    import datetime

    from django.utils import timezone

    from .fixtures import make_lecture

    return make_lecture(
        haidian, "社区防震减灾公开课", timezone.now() - datetime.timedelta(days=3), speakers=[speaker]
    )


def test_a_caption_track_without_a_language_is_refused_and_no_revision_saved(
    client, editor, own_lecture, collection
):
    video = make_video(collection=collection)
    captions = make_captions("中文字幕", CHINESE_LINES, collection)
    revisions = Revision.page_revisions.filter(object_id=str(own_lecture.pk)).count()
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/",
        _lecture_form(own_lecture, [{"document": captions.pk, "language": ""}], video),
    )
    assert response.status_code == 200
    assert "请为这条字幕选择语言" in response.content.decode()
    assert Revision.page_revisions.filter(object_id=str(own_lecture.pk)).count() == revisions
    assert LecturePage.objects.get(pk=own_lecture.pk).video is None


def test_a_chosen_document_that_is_not_captions_is_refused(client, editor, own_lecture, collection):
    from django.core.files.base import ContentFile

    video = make_video(collection=collection)
    pdf = get_document_model().objects.create(
        title="讲稿", file=ContentFile(b"%PDF-1.4 slides", name="slides.pdf"), collection=collection
    )
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/",
        _lecture_form(own_lecture, [{"document": pdf.pk, "language": "zh-Hans"}], video),
    )
    assert "第一行必须是“WEBVTT”" in response.content.decode()


def test_two_tracks_in_one_language_or_captions_without_a_video_are_refused(
    client, editor, own_lecture, collection
):
    captions = make_captions("中文字幕", CHINESE_LINES, collection)
    twice = [{"document": captions.pk, "language": "zh-Hans"}] * 2
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/",
        _lecture_form(own_lecture, twice, make_video(collection=collection)),
    )
    assert "这种语言的字幕已经有一条了" in response.content.decode()
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/", _lecture_form(own_lecture, twice[:1], None)
    )
    assert "添加字幕前，请先选择讲座视频" in response.content.decode()


def test_saving_captions_in_the_editor_writes_the_transcript_into_the_draft(
    client, editor, own_lecture, collection
):
    video = make_video(collection=collection)
    captions = make_captions("中文字幕", CHINESE_LINES, collection)
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/",
        _lecture_form(own_lecture, [{"document": captions.pk, "language": "zh-Hans"}], video),
    )
    assert response.status_code == 302
    draft = LecturePage.objects.get(pk=own_lecture.pk).get_latest_revision_as_object()
    assert [cue["text"] for cue in draft.transcript_cues] == CHINESE_LINES
    assert draft.transcript_cues[3]["start"] == 6.0


def test_an_editor_cannot_put_another_sections_video_or_captions_on_their_page(
    client, editor, own_lecture, chaoyang
):
    """The choosers hide them; posting their ids by hand must not work either."""
    theirs = Collection.objects.get(name=chaoyang.title)
    video = make_video("朝阳的未发布录像", collection=theirs)
    captions = make_captions("朝阳的字幕", CHINESE_LINES, theirs)
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/",
        _lecture_form(own_lecture, [{"document": captions.pk, "language": "zh-Hans"}], video),
    )
    assert response.status_code == 200
    assert response.content.decode().count("你没有权限使用这个文件") == 2
    draft = LecturePage.objects.get(pk=own_lecture.pk).get_latest_revision_as_object()
    assert draft.video is None and draft.transcript_cues == []


def test_an_editor_keeps_media_chosen_for_them_by_the_association(client, editor, own_lecture, collection):
    """A video an approver chose from the association's library stays when the editor saves again."""
    association = make_video("首都科学讲堂录像")  # root collection: not choosable by the editor
    own_lecture.video = association
    own_lecture.save_revision().publish()
    response = client.post(
        f"/admin/pages/{own_lecture.pk}/edit/", _lecture_form(own_lecture, [], association)
    )
    assert response.status_code == 302
    draft = LecturePage.objects.get(pk=own_lecture.pk).get_latest_revision_as_object()
    assert draft.video == association, "the association's choice survives the editor's save"
    assert "你没有权限使用这个文件" not in client.get(f"/admin/pages/{own_lecture.pk}/edit/").content.decode()


def test_the_lecture_editor_speaks_chinese(client, editor, own_lecture):
    html = client.get(f"/admin/pages/{own_lecture.pk}/edit/").content.decode()
    assert "选择视频" in html and "Choose video" not in html
    assert "讲座之后：视频、字幕、讲稿" in html


def test_a_document_of_a_type_not_allowed_is_refused_once_by_name(client, editor, collection):
    response = upload_document(client, collection, "tool.exe", b"MZ\x90\x00")
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "“exe”" in errors[0]
    assert get_document_model().objects.count() == 0
