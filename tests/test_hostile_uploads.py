"""Hostile images are refused with a message, never a 500, and nothing is kept."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model


def _png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#0b5cad").save(buffer, "PNG")
    return buffer.getvalue()


def _declared_png(width, height):
    """A tiny PNG whose header claims width×height pixels (a decompression bomb's calling card)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (_png()[:60], "已损坏或不完整"),
        (_declared_png(30000, 30000), ""),
    ],
    ids=["truncated", "30000x30000"],
)
def test_a_broken_or_huge_image_is_a_form_error(admin_client, home, content, message):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "坏图片", "file": SimpleUploadedFile("bad.png", content, content_type="image/png")},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors and errors
    assert not get_image_model().objects.filter(title="坏图片").exists()


def test_a_poster_declaring_30000_by_30000_pixels_is_refused(admin_client, home):
    from lectures.tests.fixtures import SAMPLE_VIDEO
    from lectures.upload_forms import LectureVideoForm  # noqa: F401  (the form under test)

    response = admin_client.post(
        "/admin/media/video/add/",
        {
            "title": "讲座录像",
            "file": SimpleUploadedFile("lecture.mp4", SAMPLE_VIDEO.read_bytes(), content_type="video/mp4"),
            "thumbnail": SimpleUploadedFile(
                "poster.png", _declared_png(30000, 30000), content_type="image/png"
            ),
            "collection": 1,
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert "像素" in " ".join(response.context["form"].errors["thumbnail"])
