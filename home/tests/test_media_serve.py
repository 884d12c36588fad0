"""Media served by Django in development and the demo: byte ranges, so <video> can seek (and Safari plays)."""

import os

import pytest
from django.http import Http404, HttpResponseNotFound
from django.test import RequestFactory
from django.urls import re_path, resolve

from home.media_serve import serve_media

DATA = bytes(range(256)) * 80  # 20480 bytes: more than one FileResponse block, every offset recognisable.
SIZE = len(DATA)


def _not_found(request, exception=None):
    return HttpResponseNotFound("not found")


urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media)]
handler404 = _not_found


@pytest.fixture
def media(settings, tmp_path):
    settings.ROOT_URLCONF = __name__
    root = tmp_path / "media"
    (root / "lectures").mkdir(parents=True)
    (root / "lectures" / "talk.mp4").write_bytes(DATA)
    (tmp_path / "secret.txt").write_text("outside MEDIA_ROOT")
    settings.MEDIA_ROOT = str(root)
    return root


def _get(client, url="/media/lectures/talk.mp4", method="get", **headers):
    response = getattr(client, method)(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_media_url_is_routed_to_the_range_capable_view(settings):
    if not settings.SERVE_MEDIA:
        pytest.skip("DJANGO_SERVE_MEDIA is off, so config.urls has no media route")
    assert resolve("/media/lectures/talk.mp4", urlconf="config.urls").func is serve_media


def test_whole_file(client, media):
    response, body = _get(client)
    assert response.status_code == 200
    assert body == DATA
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=10-19", 10, 19),
        ("bytes=5000-14999", 5000, 14999),  # spans several read blocks
        ("bytes=20000-", 20000, SIZE - 1),
        ("bytes=-100", SIZE - 100, SIZE - 1),
        ("bytes=-999999", 0, SIZE - 1),  # suffix longer than the file: all of it
        ("bytes=20400-999999", 20400, SIZE - 1),  # last position past the end is clipped
        ("Bytes = 10-19", 10, 19),
    ],
)
def test_single_range(client, media, header, first, last):
    response, body = _get(client, Range=header)
    assert response.status_code == 206
    assert body == DATA[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 9}", "bytes=-0"])
def test_unsatisfiable_range(client, media, header):
    response, body = _get(client, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert body == b""


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6",
        "bytes=abc",
        "bytes=-",
        "bytes=19-10",
        "items=0-5",
        "0-5",
        "bytes=1.5-3",
        "bytes=\u0661-\u0663",
        "bytes=0-" + "9" * 5000,
    ],
)
def test_malformed_or_multiple_ranges_get_the_whole_file(client, media, header):
    response, body = _get(client, Range=header)
    assert response.status_code == 200
    assert body == DATA
    assert response["Content-Length"] == str(SIZE)
    assert "Content-Range" not in response


def test_if_range(client, media):
    etag = _get(client)[0]["ETag"]
    last_modified = _get(client)[0]["Last-Modified"]

    response, body = _get(client, Range="bytes=10-19", If_Range=etag)
    assert (response.status_code, body) == (206, DATA[10:20])
    response, body = _get(client, Range="bytes=10-19", If_Range=last_modified)
    assert (response.status_code, body) == (206, DATA[10:20])

    for stale in ['"0-0"', f"W/{etag}", "Mon, 01 Jan 2001 00:00:00 GMT", "garbage"]:
        response, body = _get(client, Range="bytes=10-19", If_Range=stale)
        assert (response.status_code, body) == (200, DATA), stale


def test_head_describes_the_whole_file_without_a_body(client, media):
    for headers in ({}, {"Range": "bytes=10-19"}):
        response, body = _get(client, method="head", **headers)
        assert response.status_code == 200
        assert body == b""
        assert response["Content-Length"] == str(SIZE)
        assert response["Accept-Ranges"] == "bytes"
        assert response["Content-Type"] == "video/mp4"


def test_not_modified(client, media):
    first = _get(client)[0]
    response, body = _get(client, If_None_Match=first["ETag"])
    assert response.status_code == 304
    assert body == b""
    assert response["ETag"] == first["ETag"]
    response, _body = _get(client, If_Modified_Since=first["Last-Modified"])
    assert response.status_code == 304
    response, _body = _get(client, If_None_Match=first["ETag"], Range="bytes=0-9")
    assert response.status_code == 304


def test_a_changed_file_is_not_modified_no_longer(client, media):
    etag = _get(client)[0]["ETag"]
    path = media / "lectures" / "talk.mp4"
    path.write_bytes(DATA[:100])
    os.utime(path, (1_000_000_000, 1_000_000_000))
    response, body = _get(client, If_None_Match=etag)
    assert (response.status_code, body) == (200, DATA[:100])
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    "url",
    [
        "/media/../secret.txt",
        "/media/lectures/../../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media//etc/passwd",
        "/media/",
        "/media/lectures",
        "/media/lectures/",
        "/media/lectures/missing.mp4",
        "/media/bad%00name.mp4",
    ],
)
def test_traversal_directories_and_missing_files_are_404(client, settings, media, url):
    # Wagtail's RedirectMiddleware looks every 404 up in the database; this test needs none.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("wagtail.contrib.redirects.")]
    response, body = _get(client, url)
    assert response.status_code == 404
    assert b"outside MEDIA_ROOT" not in body


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("captions.zh.vtt", "text/vtt; charset=utf-8"),
        ("talk.webm", "video/webm"),
        ("TALK.M4V", "video/mp4"),
        ("poster.png", "image/png"),
        ("slides.tar.gz", "application/octet-stream"),
        ("notes.unknownext", "application/octet-stream"),
    ],
)
def test_content_type(client, media, name, content_type):
    (media / name).write_bytes(b"WEBVTT\n")
    response, body = _get(client, f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert body == b"WEBVTT\n"


def test_empty_file(client, media):
    (media / "empty.vtt").write_bytes(b"")
    response, body = _get(client, "/media/empty.vtt")
    assert (response.status_code, body, response["Content-Length"]) == (200, b"", "0")
    response, _body = _get(client, "/media/empty.vtt", Range="bytes=0-")
    assert (response.status_code, response["Content-Range"]) == (416, "bytes */0")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head(client, media, method):
    response, _body = _get(client, method=method)
    assert response.status_code == 405
    assert (media / "lectures" / "talk.mp4").read_bytes() == DATA


def test_document_files_are_only_served_through_wagtails_document_view(client, settings, tmp_path):
    """/documents/<id>/<name> checks collection privacy; the raw file path must not bypass it."""
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "private.vtt").write_text("WEBVTT\n")
    settings.MEDIA_ROOT = str(tmp_path)
    for path in ("documents/private.vtt", "./documents/private.vtt", "media/../documents/private.vtt"):
        with pytest.raises(Http404):
            serve_media(RequestFactory().get("/media/" + path), path)


@pytest.mark.django_db
def test_renditions_are_cached_for_good_because_a_new_picture_gets_a_new_url(client, media):
    """A phone fetched the home page's section logos on every visit: renditions had no lifetime."""
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    from home.demo import demo_image

    image = demo_image("海淀区科协标志", "#0b5cad", Collection.get_first_root_node())
    rendition = image.get_rendition("fill-96x96").url
    response, _body = _get(client, rendition)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    original, _body = _get(client, image.file.url)
    assert "immutable" not in original["Cache-Control"], "an original keeps its name when replaced"

    # An editor replaces the picture, as the image edit form does: the rendition's URL changes.
    image.file = get_test_image_file(filename=os.path.basename(image.file.name), colour="red")
    image.save()
    image.renditions.all().delete()
    assert image.get_rendition("fill-96x96").url != rendition
