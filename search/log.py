"""
What people search for, kept to tell the association what they look for and
do not find (search.report), and to show a rumour climbing in the search box
during an incident.

Only the query text (trimmed, cut to ``MAX_LENGTH``) and its result count are
recorded, counted per quarter of an hour and deleted after
``SEARCH_LOG_DAYS``. A search adds to a counter in memory; the counters are
written in one transaction at most every ``SEARCH_LOG_FLUSH_SECONDS`` (and at
exit), so recording costs a search nothing, and a database that refuses the
write loses the counts, never the search.
"""

import atexit
import datetime
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_LENGTH = 50
SLOT_MINUTES = 15
MAX_PENDING = 5000  # distinct (query, slot) counters held between writes
_SPACES = re.compile(r"\s+")

_lock = threading.Lock()
_pending = Counter()  # (query, slot, answered) → searches
_results = {}  # (query, slot) → latest result count
_written_at = time.monotonic()
_pruned_on = None


def normalise(query):
    return _SPACES.sub(" ", query or "").strip().lower()[:MAX_LENGTH]


def slot_of(moment):
    return moment.replace(minute=moment.minute - moment.minute % SLOT_MINUTES, second=0, microsecond=0)


def record(query, results, now=None):
    """Count one search of `query` that found `results` pages holding all its words."""
    query = normalise(query)
    if not query:
        return
    key = (query, slot_of(now or timezone.now()))
    with _lock:
        if key + (True,) not in _pending and key + (False,) not in _pending and len(_results) >= MAX_PENDING:
            return  # a flood of distinct queries: the counts we hold matter more
        _pending[key + (results > 0,)] += 1
        _results[key] = results
    if time.monotonic() - _written_at >= settings.SEARCH_LOG_FLUSH_SECONDS:
        flush()


def flush():
    """Write the counters held in memory; keep them for next time if the database refuses."""
    global _written_at
    from .models import SearchCount

    with _lock:
        pending, results = dict(_pending), dict(_results)
        _pending.clear()
        _results.clear()
        _written_at = time.monotonic()
    rows = {}
    for (query, slot, answered), searches in pending.items():
        row = rows.setdefault((query, slot), {"searches": 0, "unanswered": 0})
        row["searches"] += searches
        row["unanswered"] += 0 if answered else searches
    try:
        with transaction.atomic():
            for (query, slot), counts in rows.items():
                _add(SearchCount, query, slot, counts, results[(query, slot)])
        _prune(SearchCount)
    except DatabaseError:
        logger.warning("search counts not written; kept for the next try", exc_info=True)
        with _lock:
            for key, searches in pending.items():
                _pending[key] += searches
            for key, count in results.items():
                _results.setdefault(key, count)


def _add(model, query, slot, counts, results):
    found = model.objects.filter(query=query, slot=slot)
    increments = {name: F(name) + value for name, value in counts.items()}
    if found.update(results=results, **increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(query=query, slot=slot, results=results, **counts)
    except IntegrityError:  # another process created it meanwhile
        found.update(results=results, **increments)


def _prune(model):
    """Delete counts older than SEARCH_LOG_DAYS, once a day per process."""
    global _pruned_on
    today = timezone.localdate()
    if _pruned_on == today:
        return
    cutoff = timezone.now() - datetime.timedelta(days=settings.SEARCH_LOG_DAYS)
    model.objects.filter(slot__lt=cutoff).delete()
    _pruned_on = today


def forget():
    """Drop what is held in memory (tests)."""
    global _pruned_on
    with _lock:
        _pending.clear()
        _results.clear()
    _pruned_on = None


@atexit.register
def _write_on_exit():
    if _pending:
        try:
            flush()
        except Exception:
            logger.warning("search counts lost at exit", exc_info=True)
