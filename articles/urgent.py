"""
The urgent clarification shown on every page: one cache read per request.

The answer is cached as a small dict (or "none") until the next change:
publishing or unpublishing a clarification deletes it (signal_handlers), and its
lifetime never runs past the clarification's own ``urgent_until``, so an urgent
flag stops showing when it expires even if nobody publishes anything.
"""

from django.utils import timezone

from .page_cache import shared_cache

CACHE_KEY = "kepu:urgent-clarification"
# Re-check the database at least this often, in case the cache was not told of a change.
MAX_AGE = 300
NONE = "none"


def _lookup():
    from .models import ClarificationPage

    page = (
        ClarificationPage.objects.live()
        .public()
        .urgent_now()
        .defer_streamfields()
        .order_by("-last_published_at")
        .first()
    )
    if page is None:
        return None
    return {
        "title": page.title,
        "url": page.url,
        "answer": page.answer,
        "verdict": page.verdict,
        "verdict_label": page.verdict_label,
        "until": page.urgent_until,
    }


def current_urgent():
    """The clarification to show in the banner and lead the home page with, or None."""
    value = shared_cache().get(CACHE_KEY)
    if value is None:
        value = _lookup() or NONE
        timeout = MAX_AGE
        if value != NONE:
            timeout = max(1, min(MAX_AGE, int((value["until"] - timezone.now()).total_seconds())))
        shared_cache().set(CACHE_KEY, value, timeout)
    if value == NONE or value["until"] <= timezone.now():
        return None
    return value


def forget_urgent():
    shared_cache().delete(CACHE_KEY)
