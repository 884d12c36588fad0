"""
Figures that change without a publish, such as the seats left on a date.

A response that shows one is stamped with the current number of the counter
here (views call ``shown(request)``, the page cache middleware stamps); the page cache serves a stamped copy only while the counter
has not moved since (``is_stale``), and anything that changes a figure moves
it (``bump``). Unstamped pages keep living until the next publish, as before.
The counter lives in the shared page cache, so every worker sees one number.
"""

import logging

logger = logging.getLogger(__name__)

HEADER = "X-Live-Figures"
KEY = "kepu:live-figures"


def _cache():
    from .page_cache import shared_cache  # which imports this module

    return shared_cache()


def version():
    try:
        return _cache().get(KEY, 0)
    except Exception:
        logger.warning("live figures counter unreadable", exc_info=True)
        return None


def bump():
    cache = _cache()
    try:
        if not cache.add(KEY, 1, timeout=None):
            cache.incr(KEY)
    except ValueError:
        # Expired between add and incr.
        cache.set(KEY, 1, timeout=None)
    except Exception:
        # Stamped copies then stay until the next publish: show figures a moment late, never lose a sign-up.
        logger.warning("live figures counter not moved", exc_info=True)


def shown(request):
    """Say that the response to ``request`` shows live figures: the page cache stamps it (home.page_cache)."""
    request.shows_live_figures = True


def stamp(response):
    response[HEADER] = str(version())
    return response


def is_stale(response):
    """A cached copy showing figures that have changed since (or that cannot be checked)."""
    if HEADER not in response:
        return False
    current = version()
    return current is None or response[HEADER] != str(current)
