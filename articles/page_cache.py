"""
Whole-page cache of the public site for anonymous visitors, purged on publish.

Pages are stored in the "pages" cache under a version number kept beside
them; publishing or unpublishing any page bumps the version, so every cached
page, listing, banner and feed is rebuilt on its next request, and old entries
simply expire. The "pages" cache must be shared by every worker process (Redis,
or files on one machine: see settings), or a publish in one gunicorn worker
would leave the others serving stale pages. Without a "pages" cache configured
(the test settings replace CACHES) the middleware passes every request through.

A CDN in front is purged by wagtail.contrib.frontend_cache (signal_handlers);
browsers keep a page only PAGE_CACHE_BROWSER_SECONDS, so an urgent answer
reaches people who already had a page open within seconds.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import timezone
from django.utils.cache import patch_cache_control

ALIAS = "pages"
VERSION_KEY = "kepu:page-cache-version"
# Admin, API, search and media are never cached here: they are per user, per query or served elsewhere.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/search/", "/documents/", "/static/", "/media/")


def enabled():
    return ALIAS in settings.CACHES


def shared_cache():
    """Where state every worker must agree on lives: the pages cache, else (tests) the default one."""
    return caches[ALIAS] if enabled() else cache


def version():
    return shared_cache().get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_version():
    # The clock rather than incr(): file caches cannot increment atomically, and a
    # version never seen before cannot bring back pages cached under an old one.
    shared_cache().set(VERSION_KEY, time.time_ns(), timeout=None)


def _key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"kepu:page:{version()}:{hashlib.sha256(address.encode()).hexdigest()}"


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def _timeout():
    """Never keep a page past the moment the urgent banner it shows expires."""
    from .urgent import current_urgent

    timeout = settings.PAGE_CACHE_SECONDS
    urgent = current_urgent()
    if urgent:
        timeout = min(timeout, max(1, int((urgent["until"] - timezone.now()).total_seconds())))
    return timeout


class PublicPageCacheMiddleware:
    """Sits above SessionMiddleware, so it sees every cookie a response would set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        pages = caches[ALIAS]
        key = _key(request)
        response = pages.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            pages.set(key, response, _timeout())
            response["X-Page-Cache"] = "miss"
        return response
