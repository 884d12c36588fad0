"""
Serve MEDIA_ROOT from Django, with HTTP Range support, when settings.SERVE_MEDIA is on.

django.views.static.serve ignores Range, so seeking in a <video> re-downloads the
whole file and Safari refuses to play it at all. This view answers a single byte
range with 206 and streams only that slice. It is meant for development and the
one-machine demo: a production deployment serves media from the proxy or object
storage, which handle ranges themselves.
"""

import mimetypes
import os
import re
import stat

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from .storage import is_private, signature_valid

CONTENT_TYPES = {
    ".vtt": "text/vtt; charset=utf-8",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
}
# Image renditions are named after their source file and filter, and a replaced image
# gets a new file name, so a rendition's URL never shows other bytes: cache it for good.
IMMUTABLE_PREFIXES = ("images/",)
IMMUTABLE = "public, max-age=31536000, immutable"
EVERYTHING_ELSE = "public, max-age=3600"

# One range only; anything else (several ranges, other units, junk) is ignored. The digit
# cap keeps int() away from absurd numbers (Python refuses over 4300 digits with a ValueError).
RANGE_RE = re.compile(r"^\s*bytes\s*=\s*(\d{0,20})\s*-\s*(\d{0,20})\s*$", re.IGNORECASE | re.ASCII)


class _FileSlice:
    """A file-like object that reads at most `length` bytes of `file` from `start`."""

    def __init__(self, file, start, length):
        file.seek(start)
        self.file, self.remaining = file, length

    def read(self, size=-1):
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.file.close()


def _content_type(path):
    ext = os.path.splitext(path)[1].lower()
    if ext in CONTENT_TYPES:
        return CONTENT_TYPES[ext]
    content_type, encoding = mimetypes.guess_type(path)
    # A .gz or similar must not be labelled as what it decompresses to.
    return content_type if content_type and not encoding else "application/octet-stream"


def _if_range_matches(value, etag, mtime):
    """If-Range needs a strong ETag match (a weak W/ one never matches) or the exact date."""
    value = value.strip()
    if value.startswith('"'):
        return value == etag
    return parse_http_date_safe(value) == mtime


def _requested_range(header, size):
    """(first, last) byte positions asked for, or None to ignore the header. first >= size: unsatisfiable."""
    match = RANGE_RE.match(header)
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # bytes=-n: the last n bytes. -0 asks for nothing, so it is unsatisfiable.
        n = int(last)
        return (max(size - n, 0) if n else size), size - 1
    if last and int(last) < int(first):
        return None
    return int(first), (min(int(last), size - 1) if last else size - 1)


def _relative(path):
    return os.path.normpath(path).replace(os.sep, "/").lstrip("/")


@require_safe
def serve_media(request, path):
    """
    A public file. Private ones (home.storage: documents, which only Wagtail's document view
    serves after checking their collection, and recordings no published lecture shows) are
    not reachable by path here.
    """
    relative = _relative(path)
    if is_private(relative):
        raise Http404("No such file")
    response = _serve(request, path)
    response["Cache-Control"] = IMMUTABLE if relative.startswith(IMMUTABLE_PREFIXES) else EVERYTHING_ELSE
    return response


@require_safe
def serve_signed_media(request, path):
    """A private file through a link home.storage signed, until it expires; never kept by a shared cache."""
    if path != _relative(path) or not signature_valid(
        path, request.GET.get("expires"), request.GET.get("signature")
    ):
        raise Http404("No such file")
    response = _serve(request, path)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _serve(request, path):
    try:
        fullpath = safe_join(settings.MEDIA_ROOT, path)
        st = os.stat(fullpath)
    except (SuspiciousFileOperation, OSError, ValueError):  # ValueError: a NUL byte in the path.
        raise Http404("No such file") from None
    if not stat.S_ISREG(st.st_mode):
        raise Http404("No such file")

    size, mtime = st.st_size, int(st.st_mtime)
    etag = f'"{size:x}-{st.st_mtime_ns:x}"'
    response = get_conditional_response(request, etag=etag, last_modified=mtime)  # 304 or 412
    if response is None:
        byte_range = None
        header = request.headers.get("Range")
        # Range is defined for GET only (RFC 9110 14.2); HEAD describes the whole file.
        if header and request.method == "GET":
            if_range = request.headers.get("If-Range")
            if if_range is None or _if_range_matches(if_range, etag, mtime):
                byte_range = _requested_range(header, size)
        if byte_range and byte_range[0] >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        elif request.method == "HEAD":  # The headers of a full GET, without opening the file.
            response = HttpResponse(content_type=_content_type(fullpath))
            response["Content-Length"] = size
        else:
            first, last = byte_range or (0, size - 1)
            try:
                file = open(fullpath, "rb")  # noqa: SIM115 - FileResponse closes it.
            except OSError:
                raise Http404("No such file") from None
            length = last - first + 1
            response = FileResponse(
                _FileSlice(file, first, length),
                status=206 if byte_range else 200,
                content_type=_content_type(fullpath),
            )
            response["Content-Length"] = length
            if byte_range:
                response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(mtime)
    return response
