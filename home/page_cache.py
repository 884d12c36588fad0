"""
Whole-page cache of the public site for anonymous visitors.

Pages are stored in the "pages" cache under the content version
(home.content_version), which lives in the database and moves on with every
publish, withdrawal, move and scheduled change such as an urgent answer
expiring. A page cached before the latest change is never asked for again, so
no fault of the cache (Redis down during a publish, restarted with old data)
can bring back what was withdrawn or hide what was published. The "pages"
cache must be shared by every worker process (Redis, or files on one machine:
see settings). Without a "pages" cache configured (the test settings replace
CACHES) the middleware passes every request through.

Each worker process also keeps the pages it served in memory for
PAGE_CACHE_NEAR_SECONDS (about a second) in front of the shared cache: a hot page
costs no trip to Redis, and with Redis down each page renders about once a second
per process instead of on every request. The keys carry the content version, so
this copy is never older than the latest publish either.

A CDN in front is purged by wagtail.contrib.frontend_cache (home.purge);
browsers keep a page only PAGE_CACHE_BROWSER_SECONDS, so an urgent answer
reaches people who already had a page open within seconds.
"""

import functools
import hashlib
import itertools
import logging

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from . import content_version, live_figures

logger = logging.getLogger(__name__)

ALIAS = "pages"
# Admin, search and media are never cached here: they are per user, per query or served elsewhere;
# the API only for anonymous reads (below).
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/search/", "/documents/", "/static/", "/media/")


def enabled():
    return ALIAS in settings.CACHES


# This process's copies of the pages it served last (above): few and short-lived.
_near = LocMemCache("kepu-near-pages", {"OPTIONS": {"MAX_ENTRIES": 200}})


def forget_near():
    _near.clear()


class PageFileCache(FileBasedCache):
    """
    The embedded page cache (no Redis): Django's file cache, except that it
    checks whether to cull every ``CULL_CHECK_EVERY`` writes in a process
    rather than on each one. Django's lists the whole folder on every write
    (4–16 ms at 2,200 cached pages, growing with every distinct URL), so the
    cache slowed down as it filled. It may now overshoot MAX_ENTRIES by at
    most that many writes per process before culling.
    """

    CULL_CHECK_EVERY = 100
    _writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % self.CULL_CHECK_EVERY == 0:
            super()._cull()


def shared_cache():
    """Where state every worker must agree on lives: the pages cache, else (tests) the default one."""
    return caches[ALIAS] if enabled() else cache


@functools.cache
def code_version():
    """
    The release being served: the hash of collectstatic's manifest (it changes with
    any CSS or JS file) and KEPU_RELEASE if the deployment sets one (e.g. the commit).
    A deploy then never serves pages the previous code rendered, linking its old files.
    """
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
    return f"{manifest}{settings.KEPU_RELEASE}"[:40]


def versioned_key(name):
    """A shared-cache key naming the code and content versions, for anything derived from published content."""
    return f"{name}:{code_version()}:{content_version.current()}"


# The query parameters any public page reads (the listings' filters, pagination,
# the calendar's views). Others — utm_source, junk, cache-busters — change nothing
# on the page, so they are left out of the key: a flood of distinct junk URLs is
# served one cached page instead of rendering and storing one each.
READ_PARAMETERS = frozenset(
    [
        "view",
        "month",
        "start",
        "end",
        "festival",
        "section",
        "venue",
        "district",
        "audience",
        "cost",
        "registration",
        "tag",
        "topic",
        "speaker",
        "year",
        "incident",
        "verdict",
        "page",
    ]
)


# Anonymous reads of the v3 API (apps polling lists and details) are cached the
# same way, keyed by every parameter: each one can change the answer. A request
# with a token is never cached (it may read drafts), nor one with a huge query.
API_PREFIX = "/api/v3/"
MAX_API_QUERY = 1000


def _is_api(request):
    return request.path.startswith(API_PREFIX)


def _key(request):
    read = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in READ_PARAMETERS or _is_api(request)
        for value in values
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(read)}"
    return versioned_key(f"kepu:page:{hashlib.sha256(address.encode()).hexdigest()}")


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if _is_api(request):
        return (
            "HTTP_AUTHORIZATION" not in request.META
            and len(request.META.get("QUERY_STRING", "")) <= MAX_API_QUERY
        )
    return not request.path.startswith(EXCLUDED_PREFIXES)


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


class PublicPageCacheMiddleware:
    """Sits above SessionMiddleware, so it sees every cookie a response would set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request)
        except DatabaseError:
            # Neither the database nor the cache can say what is current: render (or fail) as usual.
            logger.warning("page cache skipped: content version unknown")
            return self.get_response(request)
        pages = caches[ALIAS]
        near = settings.PAGE_CACHE_NEAR_SECONDS
        response = _near.get(key) if near else None
        if response is None:
            response = pages.get(key)
            if response is not None and near:
                _near.set(key, response, near)
        if response is not None and not live_figures.is_stale(response):
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if getattr(request, "shows_live_figures", False):
            live_figures.stamp(response)
        if request.method == "GET" and _cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            pages.set(key, response, settings.PAGE_CACHE_SECONDS)
            if near:
                _near.set(key, response, near)
            response["X-Page-Cache"] = "miss"
        return response
