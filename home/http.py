"""
HTTP done right for the channels (the app, the TV channel, calendar apps,
feed readers), as middleware around every public response:

- ``ApiGuardMiddleware``: under /api/, input nobody could mean (control
  characters, numbers out of range) is a 400 problem+json before it reaches
  the database; ``search`` goes through the same Chinese query handling as
  /search/; anonymous reads may be cached briefly by anyone and carry a
  Last-Modified from the content version.
- ``AnonymousGZipMiddleware``: text compressed for anonymous visitors only,
  never a response that carries a session or a CSRF token (BREACH).

Conditional GETs (ETag, If-None-Match, If-Modified-Since) are Django's
ConditionalGetMiddleware, placed outside the page cache and the compression,
so a 304 is answered whether or not the page cache holds the response and
the ETag names the bytes actually sent.
"""

import json
import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .filters import CONTROL_CHARACTERS

API_PREFIX = "/api/"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# limit/offset and ids: a bigint in every database, and far beyond any listing.
MAX_NUMBER = 10**9
NUMBER_PARAMETERS = ("limit", "offset")
_INTEGER = re.compile(r"^-?\d+$")
# Wagtail's ?site= takes "host" or "host:port" and hands the port to the database as it is.
_SITE = re.compile(r"^[^:]*(:\d{1,5})?$")
API_BROWSER_SECONDS = 30


def problem(status, detail, title=None):
    body = {
        "type": "about:blank",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json; charset=utf-8",
    )


_TITLES = {400: "Bad Request", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


def anonymous(request):
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _refused(request):
    for name, values in request.GET.lists():
        for value in values:
            if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value):
                return f"参数“{CONTROL_CHARACTERS.sub('', name)[:40]}”含有不允许的字符。"
            if name == "site" and not _SITE.match(value):
                return "参数“site”应为“主机名”或“主机名:端口”。"
            numeric = name in NUMBER_PARAMETERS or name.endswith("_id") or name == "id"
            if numeric and _INTEGER.match(value.strip()) and not 0 <= int(value) <= MAX_NUMBER:
                return f"参数“{name}”超出范围（0–{MAX_NUMBER}）。"
    return None


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refused = _refused(request)
        if refused:
            return problem(400, refused)
        if "search" in request.GET:
            # Read like the search page's: questions, Chinese words, no query syntax.
            from .questions import answering_questions

            with answering_questions():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and anonymous(request):
            patch_cache_control(response, public=True, max_age=API_BROWSER_SECONDS)
            self._last_modified(response)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response

    @staticmethod
    def _last_modified(response):
        from .content_version import last_changed_at

        if response.has_header("Last-Modified"):
            return
        if changed := last_changed_at():
            response["Last-Modified"] = http_date(changed.timestamp())


class AnonymousGZipMiddleware(GZipMiddleware):
    # Django pads compressed output with random bytes against BREACH, which needs a
    # secret in the body beside what an attacker sends; only anonymous responses
    # without a token or cookie are compressed here, so none carries one. Without the
    # padding the same page compresses to the same bytes, and the ETag taken from
    # them lets a polling app or calendar client get its 304.
    max_random_bytes = 0

    def process_response(self, request, response):
        personal = (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or b"csrfmiddlewaretoken" in getattr(response, "content", b"")[:200_000]
        )
        if personal or response.streaming:
            return response
        response = super().process_response(request, response)
        if response.get("Content-Encoding") == "gzip" and response.has_header("ETag"):
            # Django weakens the ETag of what it compressed; ConditionalGetMiddleware
            # (outside this one) recomputes a strong one from the bytes sent instead.
            del response["ETag"]
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp with two policies: the public site's strict one (no inline
    script, nothing from elsewhere), enforced everywhere but the admin; the
    admin, whose Wagtail screens use inline scripts, enforces one it works
    under and reports what the strict one would block.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN if not report_only else _strict()
        return parts


def _strict():
    return settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
