"""
Media on S3-compatible object storage, against moto's S3 API server on a free port
(tests.servers.S3Server, its bucket policy as the README's Media section says): each kind of upload
goes through the admin into the bucket and is read back as visitors and editors
read it, video ranges come from the store, a draft's recording is private until its
lecture is published, documents stay behind Wagtail's privacy check, the store going
down costs an upload (clearly) and no page, and wrong keys stop the server starting.
"""

import datetime
import io
import os
import subprocess
import sys

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from home.storage import PRIVATE, object_storage_options, public_name
from lectures.demo import SAMPLE_VIDEO, _vtt
from lectures.models import LecturePage, LectureVideo
from lectures.tests.fixtures import CHINESE_LINES, make_lecture, upload_video
from tests.servers import S3Server, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    server = S3Server().start()
    yield server
    server.stop()


def use(server, settings):
    """What config.settings.base makes of S3_BUCKET and friends."""
    storage, _public_url = object_storage_options(server.environ)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    # MEDIA_URL (the public URL) and SERVE_MEDIA (off) change too in production; the storage
    # makes the URLs itself, and the URLconf reads both once per process: left alone here.
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"


@pytest.fixture
def object_storage(s3, settings):
    use(s3, settings)
    return s3


def png(colour="#0b5cad"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, url, **fields):
    response = client.post(url, fields)
    assert response.status_code == 302, response.content[:500]
    return response


def anonymous(url, **headers):
    return requests.get(url, headers=headers, timeout=10)


def test_each_kind_of_upload_is_stored_in_the_bucket_and_read_back(
    client, object_storage, editor, collection
):
    s3 = object_storage
    upload(
        client,
        "/admin/images/add/",
        title="海报",
        collection=collection.pk,
        file=SimpleUploadedFile("poster.png", png(), content_type="image/png"),
    )
    upload(
        client,
        "/admin/documents/add/",
        title="讲稿",
        collection=collection.pk,
        file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf"),
    )
    upload(
        client,
        "/admin/documents/add/",
        title="中文字幕",
        collection=collection.pk,
        file=SimpleUploadedFile("captions.vtt", _vtt(CHINESE_LINES).encode(), content_type="text/vtt"),
    )
    assert (
        upload_video(
            client, collection, thumbnail=SimpleUploadedFile("cover.png", png("#aa3300"))
        ).status_code
        == 302
    )
    image = get_image_model().objects.get(title="海报")
    slides = get_document_model().objects.get(title="讲稿")
    captions = get_document_model().objects.get(title="中文字幕")
    video = LectureVideo.objects.get(title="讲座录像")
    assert {
        image.file.name,
        slides.file.name,
        captions.file.name,
        video.file.name,
        video.thumbnail.name,
    } <= set(s3.stored())
    assert not any(key.startswith(("/", "media/private")) for key in s3.stored())

    # The image: a rendition made from the stored original, stored beside it, served by the store to anyone.
    rendition = image.get_rendition("fill-32x32")
    assert rendition.file.name in s3.stored()
    assert rendition.url.startswith(s3.endpoint)
    served = anonymous(rendition.url)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.content)).size == (32, 32)

    # Documents: through Wagtail's view, which redirects to a signed link; the plain key is not readable.
    for document, content in ((slides, b"%PDF-1.4 slides"), (captions, _vtt(CHINESE_LINES).encode())):
        response = client.get(document.url)
        assert response.status_code == 302
        assert "Signature=" in response["Location"]
        assert anonymous(response["Location"]).content == content
        assert anonymous(f"{s3.endpoint}/{s3.bucket}/{document.file.name}").status_code == 403

    # The recording of no published lecture: private, its public name does not exist, the editor's link plays it.
    assert video.file.name.startswith(PRIVATE)
    assert anonymous(f"{s3.endpoint}/{s3.bucket}/{video.file.name}").status_code == 403
    assert anonymous(f"{s3.endpoint}/{s3.bucket}/{public_name(video.file.name)}").status_code in (403, 404)
    part = anonymous(video.url, Range="bytes=0-99")
    assert part.status_code == 206
    assert part.content == SAMPLE_VIDEO.read_bytes()[:100]
    # The poster is public like any image.
    assert anonymous(video.poster_url).status_code == 200


def test_a_recording_is_public_from_its_lectures_publication_and_private_again_after_withdrawal(
    client, object_storage, editor, collection, haidian, speaker
):
    s3 = object_storage
    assert upload_video(client, collection).status_code == 302
    video = LectureVideo.objects.get()
    draft = make_lecture(
        haidian,
        "暴雨来临前",
        timezone.now() - datetime.timedelta(days=3),
        speakers=[speaker],
        video=video,
        publish=False,
    )
    private_key = video.file.name
    preview = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert preview.status_code == 200
    assert "Signature=" in preview.content.decode()  # the preview plays it through a signed link

    with TestCase.captureOnCommitCallbacks(execute=True):
        draft.get_latest_revision().publish()
    video.refresh_from_db()
    assert video.file.name == public_name(private_key)
    assert s3.stored().count(video.file.name) == 1 and private_key not in s3.stored()
    page = client.get(draft.url).content.decode()
    assert f"{s3.endpoint}/{s3.bucket}/{video.file.name}" in page
    assert "Signature=" not in page
    part = anonymous(video.url, Range="bytes=100-199")
    assert (part.status_code, part.headers["Content-Range"]) == (
        206,
        f"bytes 100-199/{SAMPLE_VIDEO.stat().st_size}",
    )

    public_url = video.url
    with TestCase.captureOnCommitCallbacks(execute=True):
        LecturePage.objects.get(pk=draft.pk).unpublish()
    video.refresh_from_db()
    assert video.file.name == private_key
    assert anonymous(public_url).status_code in (403, 404)


def test_a_document_in_a_restricted_collection_is_still_checked_by_wagtail(
    client, object_storage, collection
):
    secret = collection.add_child(name="内部资料")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="内部讲稿", collection=secret, file=SimpleUploadedFile("internal.pdf", b"%PDF-1.4 internal")
    )
    response = client.get(document.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] and "Signature=" not in response["Location"]


# Committed as in production: a failed save inside the test's own transaction would poison it.
@pytest.mark.django_db(transaction=True)
def test_the_store_down_refuses_uploads_clearly_and_keeps_pages_serving(
    client, settings, editor, collection, haidian
):
    down = S3Server().start()
    use(down, settings)
    lecture = make_lecture(haidian, "冬夜观星", timezone.now() + datetime.timedelta(days=7))
    down.stop()

    response = client.post(
        "/admin/images/add/",
        {"title": "海报", "collection": collection.pk, "file": SimpleUploadedFile("p.png", png())},
    )
    assert response.status_code == 503
    assert "媒体存储暂时不可用，文件没有保存" in response.content.decode()
    response = client.post(
        "/admin/images/multiple/add/",
        {"title": "海报", "collection": collection.pk, "files[]": SimpleUploadedFile("p.png", png())},
        headers={"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"},
    )
    assert response.status_code == 503 and response.json()["success"] is False
    assert not get_image_model().objects.exists()  # nothing half-saved

    client.logout()
    assert client.get(lecture.url).status_code == 200
    assert client.get("/").status_code == 200


def test_wrong_keys_stop_the_server_at_start_up_with_a_clear_error(s3, settings):
    use(s3, settings)
    default_storage.verify()  # the right keys: nothing to say
    wrong = {**s3.environ, "S3_SECRET_ACCESS_KEY": "not-the-secret"}
    settings.STORAGES = {**settings.STORAGES, "default": object_storage_options(wrong)[0]}
    with s3.checking_keys(), pytest.raises(ImproperlyConfigured, match="S3_SECRET_ACCESS_KEY"):
        default_storage.verify()

    # gunicorn itself, as production starts it.
    environment = {
        **os.environ,
        **wrong,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "sqlite:////tmp/kepu-start-check.sqlite3",
    }
    with s3.checking_keys():
        started = subprocess.run(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{free_port()}"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert started.returncode != 0
    assert "cannot be written with the configured S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY" in started.stderr
