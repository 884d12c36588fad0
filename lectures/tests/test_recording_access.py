"""
A lecture's recording and captions are private until it is published, on local disk
(tests/test_object_storage.py shows the same on object storage): in the order an
editor works — upload, choose them in a draft, look at the draft, publish; then
restrict the lecture to signed-in visitors, and withdraw it.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from home.sections import add_person
from home.storage import PRIVATE, public_name, signed_local_url
from lectures.demo import SAMPLE_VIDEO, _vtt
from lectures.models import LecturePage, LectureVideo

from .fixtures import CHINESE_LINES, make_lecture

pytestmark = pytest.mark.django_db


def committed(action):
    """What a real request does at its commit (the recording moves in a task then)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def lecture_now(draft):
    return LecturePage.objects.get(pk=draft.pk)


def test_a_drafts_recording_and_captions_reach_only_its_editors_until_it_is_published(
    client, haidian, chaoyang, speaker
):
    editor, _ = add_person(haidian, "haidian-editor")
    other, _ = add_person(chaoyang, "chaoyang-editor")
    collection = Collection.objects.get(name=haidian.title)
    client.force_login(editor)
    for url, fields in (
        (
            "/admin/media/video/add/",
            {"title": "录像", "file": SimpleUploadedFile("lecture.mp4", SAMPLE_VIDEO.read_bytes())},
        ),
        (
            "/admin/documents/add/",
            {"title": "字幕", "file": SimpleUploadedFile("captions.vtt", _vtt(CHINESE_LINES).encode())},
        ),
    ):
        assert client.post(url, {**fields, "collection": collection.pk}).status_code == 302
    video = LectureVideo.objects.get()
    captions = get_document_model().objects.get(title="字幕")
    draft = make_lecture(
        haidian,
        "暴雨来临前",
        timezone.now() - datetime.timedelta(days=2),
        speakers=[speaker],
        video=video,
        captions=[("zh-Hans", captions)],
        publish=False,
    )
    private = video.file.name
    assert private.startswith(PRIVATE)

    # The editor's draft plays the recording through a signed link, with ranges.
    page = client.get(f"/admin/pages/{draft.pk}/view_draft/").content.decode()
    signed = video.url
    assert signed.startswith("/media-signed/") and signed.split("?")[0] in page
    part = client.get(signed, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and b"".join(part.streaming_content) == SAMPLE_VIDEO.read_bytes()[:100]
    assert part["Cache-Control"].startswith("private")
    assert client.get(captions.url).status_code == 200

    # Nobody else: not by its path, its public name, a changed or an expired signature.
    client.force_login(other)
    assert client.get(captions.url).status_code == 404
    client.logout()
    for url in (
        f"/media/{private}",
        f"/media/{public_name(private)}",
        signed.replace("signature=", "signature=0"),
        signed_local_url(private, seconds=-1),
        f"/media-signed/{private}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(captions.url).status_code == 404

    # Published: a plain public URL that a CDN may keep, in the page; the captions too.
    committed(lambda: draft.get_latest_revision().publish())
    video.refresh_from_db()
    assert video.file.name == public_name(private)
    html = client.get(lecture_now(draft).url).content.decode()
    assert f"/media/{video.file.name}" in html and "media-signed" not in html
    part = client.get(f"/media/{video.file.name}", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and "public" in part["Cache-Control"]
    assert client.get(captions.url).status_code == 200
    assert client.get(signed).status_code == 404  # the draft's link named a file that has moved

    # Restricted to signed-in visitors: private again (the page signs it for them).
    committed(
        lambda: PageViewRestriction.objects.create(
            page=lecture_now(draft), restriction_type=PageViewRestriction.LOGIN
        )
    )
    video.refresh_from_db()
    assert video.file.name == private
    assert client.get(f"/media/{public_name(private)}").status_code == 404
    committed(lambda: PageViewRestriction.objects.filter(page=draft).delete())
    video.refresh_from_db()
    assert video.file.name == public_name(private)

    # Withdrawn: private again, and its public URL is gone.
    committed(lambda: lecture_now(draft).unpublish())
    video.refresh_from_db()
    assert video.file.name == private
    assert client.get(f"/media/{public_name(private)}").status_code == 404
    assert client.get(captions.url).status_code == 404


def test_a_video_shown_by_a_published_lecture_stays_public_while_another_uses_it_in_a_draft(
    client, series, speaker
):
    published = make_lecture(
        series, "已发布", timezone.now() - datetime.timedelta(days=9), speakers=[speaker], video=None
    )
    video = LectureVideo.from_file(
        SAMPLE_VIDEO, title="录像", collection=Collection.get_first_root_node(), filename="sample.mp4"
    )
    published.video = video
    committed(lambda: published.save_revision().publish())
    video.refresh_from_db()
    assert not video.file.name.startswith(PRIVATE)
    make_lecture(series, "草稿", timezone.now(), video=video, publish=False)
    committed(lambda: lecture_now(published).save_revision().publish())  # republished, still showing it
    video.refresh_from_db()
    assert not video.file.name.startswith(PRIVATE)
    assert client.get(video.url, HTTP_RANGE="bytes=0-9").status_code == 206


@pytest.mark.django_db(transaction=True)
def test_a_recording_the_store_could_not_move_at_publication_is_moved_by_a_later_try(
    client, settings, haidian, speaker
):
    from unittest import mock

    from django.core.files.storage import storages
    from django_tasks_db.models import DBTaskResult

    from home.storage import StorageUnavailable
    from home.tests.test_deliveries import DATABASE_TASKS, _run_worker_until

    from .fixtures import make_video

    settings.TASKS = DATABASE_TASKS
    video = make_video()
    assert video.file.name.startswith(PRIVATE)
    with mock.patch.object(type(storages["default"]), "copy", side_effect=StorageUnavailable("down")):
        make_lecture(
            haidian,
            "暴雨来临前",
            timezone.now() - datetime.timedelta(days=2),
            speakers=[speaker],
            video=video,
        )
        assert _run_worker_until(lambda: DBTaskResult.objects.filter(run_after__gt=timezone.now()).exists())
    video.refresh_from_db()
    assert video.file.name.startswith(PRIVATE), "left where it was, still playable through a signed link"

    DBTaskResult.objects.filter(run_after__gt=timezone.now()).update(run_after=timezone.now())  # time passes
    assert _run_worker_until(lambda: not LectureVideo.objects.get(pk=video.pk).file.name.startswith(PRIVATE))
    video.refresh_from_db()
    assert video.file.name == public_name(video.file.name) and client.get(video.url).status_code == 200
