"""
The site's content version: one database row that every publish, withdrawal,
move and shared-record edit changes, in the same transaction as the change.

Everything kept for anonymous visitors (whole pages, the urgent banner, feed
indexes) is cached under this number. A cache that missed a purge — Redis
down during a publish, restarted with its old data, a dropped connection —
can therefore never serve what was there before: its old entries are simply
never asked for again. The number is read from the database, the source of
truth, at most once per ``CONTENT_VERSION_MEMO_SECONDS`` in each process, and
at most once per request (``OneVersionPerRequest``): a request renders, keys
and caches under the one number it read first.

Lookups every page makes of pages only a publish changes (the calendar, the
article index, the header menu) are kept in the process under the number
(``until_published``), instead of a query each per page.

Some changes happen with no one publishing: an urgent clarification expires
at its ``urgent_until``. Apps register when their next such moment is
(``register_schedule``); the row keeps the earliest, and the first read after
it passes moves the version on and sends ``scheduled_change`` exactly once,
whichever process sees it first.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

logger = logging.getLogger(__name__)

ROW = 1
# A copy of the number in the shared cache, for serving cached pages while the database is down.
MIRROR_KEY = "kepu:content-version"

# Sent once when a registered moment passes (e.g. an urgent answer expires), with ``at``.
scheduled_change = Signal()

_schedules = []
_memo = threading.local()


def _clock():
    return time.time_ns()


def _next_counter():
    """
    One more, and never a number used before: the clock in nanoseconds when it
    is ahead. A rolled-back bump, a flushed database or a restored dump would
    otherwise count again through numbers the cache still holds pages for.
    """
    return Greatest(F("counter") + 1, Value(_clock()))


class ContentVersion(models.Model):
    """One row (pk=1). ``counter`` only grows; ``next_change_at`` is the next scheduled change."""

    counter = models.BigIntegerField(default=_clock)
    changed_at = models.DateTimeField(default=timezone.now)
    next_change_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("内容版本")
        verbose_name_plural = _("内容版本")

    def __str__(self):
        return str(self.counter)


def register_schedule(next_moment):
    """``next_moment(now)`` returns the next moment after ``now`` when content changes by itself, or None."""
    if next_moment not in _schedules:
        _schedules.append(next_moment)


def next_scheduled_change(now=None):
    now = now or timezone.now()
    moments = [moment for schedule in _schedules if (moment := schedule(now)) is not None and moment > now]
    return min(moments, default=None)


def _row():
    row = ContentVersion.objects.filter(pk=ROW).values_list("counter", "next_change_at").first()
    if row is None:
        # The data migration creates it; a flushed test database or a restored dump may not have it.
        try:
            with transaction.atomic():
                ContentVersion.objects.create(pk=ROW, next_change_at=next_scheduled_change())
        except IntegrityError:
            pass
        row = ContentVersion.objects.filter(pk=ROW).values_list("counter", "next_change_at").get()
    return row


def last_changed_at():
    """When published content last changed (None if the database cannot say)."""
    try:
        return ContentVersion.objects.filter(pk=ROW).values_list("changed_at", flat=True).first()
    except DatabaseError:
        return None


def forget_memo():
    _memo.value = None
    _memo.request_version = None


def _remember(counter, next_change_at):
    _memo.value = (counter, next_change_at, time.monotonic() + settings.CONTENT_VERSION_MEMO_SECONDS)
    _mirror(counter)


def _mirror(counter):
    from .page_cache import shared_cache

    if getattr(_memo, "mirrored", None) != counter:
        shared_cache().set(MIRROR_KEY, counter, timeout=None)
        _memo.mirrored = counter


def _memoised():
    value = getattr(_memo, "value", None)
    if value is None:
        return None
    counter, next_change_at, expires = value
    if time.monotonic() >= expires or (next_change_at and timezone.now() >= next_change_at):
        return None
    return counter


def current():
    """The content version now: the number every anonymous cache key carries."""
    counter = getattr(_memo, "request_version", None) or _memoised()
    if counter is not None:
        return counter
    try:
        counter, next_change_at = _row()
        if next_change_at is not None and next_change_at <= timezone.now():
            _pass_scheduled_change(next_change_at)
            counter, next_change_at = _row()
    except DatabaseError:
        return _last_known()
    _remember(counter, next_change_at)
    if getattr(_memo, "in_request", False):
        _memo.request_version = counter
    return counter


class OneVersionPerRequest:
    """Middleware: the first number a request reads is the one it uses throughout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _memo.in_request, _memo.request_version = True, None
        try:
            return self.get_response(request)
        finally:
            _memo.in_request, _memo.request_version = False, None


def until_published(function):
    """
    ``function(*args)`` (hashable arguments), kept in this process until the
    content version moves on: for lookups of pages only a publish, withdrawal or
    move changes. Answers are kept under the number their request read before
    asking the database, so one computed across a publish is never taken for
    the newer number's.
    """

    @functools.wraps(function)
    def wrapper(*args):
        return kept((function.__module__, function.__qualname__, args), lambda: function(*args))

    return wrapper


_kept = {}
# Keys can come from visitors (a filter's values, a feed's query string): the
# oldest answers go first beyond this many, whatever the version.
KEPT_MOST = 2048
# How many answers as large as a listing page's rows or cards to keep of a kind
# (kept(..., most=LISTING_PAGES)): their filters and page numbers come from visitors too.
LISTING_PAGES = 64


def kept(key, compute, until=None, most=None):
    """
    ``compute()``, kept in this process under ``key`` (a tuple whose first item
    names the kind of answer) until the content version moves on.
    ``until(answer)``: the moment the answer stops holding although nobody
    published (the earliest of its dates ends), or None for never. ``most``:
    how many answers of this kind to keep at once, for large ones (a listing's
    rows) under keys visitors choose; the oldest go first.
    """
    version = current()
    try:
        answer, expires = _kept[version, key]
    except KeyError:
        pass
    else:
        if expires is None or timezone.now() < expires:
            return answer
    answer = compute()
    for old in list(_kept):
        if old[0] != version:
            _kept.pop(old, None)
    _kept[version, key] = (answer, until(answer) if until else None)
    # Each list(_kept) is taken at once: other threads may be adding.
    if most is not None:
        alike = [old for old in list(_kept) if old[1][0] == key[0]]
        for old in alike[: max(len(alike) - most, 0)]:
            _kept.pop(old, None)
    keys = list(_kept)
    for old in keys[: max(len(keys) - KEPT_MOST, 0)]:
        _kept.pop(old, None)
    return answer


def kept_page(key, items, number, per_page):
    """
    Page ``number`` of ``items`` (Django's Paginator, rows read), kept under
    ``key`` until a publish: for listings whose count and rows cost more to
    compile and read than the page does to draw. ``key`` names the listing,
    its filters and anything else its rows depend on (the day a calendar starts).
    """

    def read():
        page = Paginator(items, per_page).get_page(number)
        page.object_list = list(page.object_list)
        return page

    return kept(("listing-page", *key, number), read, most=LISTING_PAGES)


def forget_kept(*kinds):
    """
    Drop the kept answers of these kinds, or every one, in this process (tests:
    a rolled-back database repeats numbers; benches: a visitor's first question).
    """
    if not kinds:
        _kept.clear()
        return
    for old in list(_kept):
        if old[1][0] in kinds:
            _kept.pop(old, None)


def _last_known():
    """
    The database is down: nothing can be published now, so the last number this
    process (or, failing that, any process) saw still names the newest content.
    """
    from .page_cache import shared_cache

    value = getattr(_memo, "value", None)
    if value is not None:
        return value[0]
    counter = shared_cache().get(MIRROR_KEY)
    if counter is None:
        raise DatabaseError("content version unknown: database unreachable and no cached copy")
    return counter


def _pass_scheduled_change(due):
    now = timezone.now()
    with transaction.atomic():
        # Only the process whose update matches the old moment sends the signal.
        won = ContentVersion.objects.filter(pk=ROW, next_change_at=due).update(
            counter=_next_counter(), changed_at=now, next_change_at=next_scheduled_change(now)
        )
        if won:
            logger.info("scheduled content change at %s passed", due)
            scheduled_change.send(sender=ContentVersion, at=due)


def bump():
    """Publishing changed what visitors see: every cached page, banner and feed is stale from now on."""
    now = timezone.now()
    next_change_at = next_scheduled_change(now)
    _row()
    ContentVersion.objects.filter(pk=ROW).update(
        counter=_next_counter(), changed_at=now, next_change_at=next_change_at
    )
    forget_memo()
    # A read in this process before the commit would remember the old number.
    transaction.on_commit(forget_memo)
    if next_change_at is not None:
        transaction.on_commit(lambda: _wake_at(next_change_at))


@task()
def pass_due_changes():
    """
    Run at a scheduled moment, so an expiry reaches warning systems even when nobody
    visits, and a CDN or proxy in front lets go of the pages that showed it (an urgent
    answer's banner is on every page; deploy/varnish's VCL drops the host's pages on
    any purge).
    """
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    forget_memo()
    current()
    purge_urls_from_cache([f"{site.root_url}/" for site in Site.objects.all()])


def _wake_at(moment):
    if pass_due_changes.get_backend().supports_defer:
        pass_due_changes.using(run_after=moment).enqueue()
