"""
The urgent clarification shown on every page: one cache read per request.

The answer is cached as a small dict (or "none") under the content version
(home.content_version), which moves on with every publish and withdrawal and
when an urgent answer's ``urgent_until`` passes, so the banner appears,
changes and leaves with the content, whatever the cache missed.
"""

from django.utils import timezone

from home.page_cache import shared_cache, versioned_key

CACHE_KEY = "kepu:urgent-clarification"
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
    key = versioned_key(CACHE_KEY)
    value = shared_cache().get(key)
    if value is None:
        value = _lookup() or NONE
        shared_cache().set(key, value, MAX_AGE)
    if value == NONE or value["until"] <= timezone.now():
        return None
    return value


def next_expiry(now):
    """When the next urgent answer stops being urgent (home.content_version moves on then)."""
    from .models import ClarificationPage

    return (
        ClarificationPage.objects.live()
        .filter(urgent=True, urgent_until__gt=now)
        .order_by("urgent_until")
        .values_list("urgent_until", flat=True)
        .first()
    )
