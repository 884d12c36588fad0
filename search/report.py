"""
搜索词报告: what people search for (search.log's counts), for the association
and the duty experts. Three lists: the most searched queries, the queries that
found nothing, and the queries rising in the last hour against the same hour
of the previous days, which during an incident is often a rumour's first sign.
"""

import datetime

from django.db.models import Q, Sum
from django.utils import timezone

from .models import SearchCount

DAYS = 7
LIMIT = 20
# Rising: at least this many searches in the last hour, and this many times the usual for that hour.
RISING_MIN = 3
RISING_FACTOR = 3


def _totals(counts):
    return counts.values("query").annotate(searches=Sum("searches"), unanswered=Sum("unanswered"))


def top(now=None, days=DAYS, limit=LIMIT):
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    return list(_totals(SearchCount.objects.filter(slot__gte=since)).order_by("-searches", "query")[:limit])


def unanswered(now=None, days=DAYS, limit=LIMIT):
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    counts = _totals(SearchCount.objects.filter(slot__gte=since)).filter(unanswered__gt=0)
    return list(counts.order_by("-unanswered", "query")[:limit])


def rising(now=None, limit=LIMIT, only_unanswered=False):
    """
    Queries searched at least RISING_MIN times in the last hour and RISING_FACTOR
    times as often as in the same hour of the previous DAYS days on average.
    Each row: query, searches (last hour), unanswered (last hour), usual (average).
    """
    now = now or timezone.now()
    hour = datetime.timedelta(hours=1)
    recent = _totals(SearchCount.objects.filter(slot__gt=now - hour, slot__lte=now)).filter(
        searches__gte=RISING_MIN
    )
    if only_unanswered:
        recent = recent.filter(unanswered__gt=0)
    recent = {row["query"]: row for row in recent}
    if not recent:
        return []
    earlier = Q()
    for days in range(1, DAYS + 1):
        moment = now - datetime.timedelta(days=days)
        earlier |= Q(slot__gt=moment - hour, slot__lte=moment)
    usual = {
        row["query"]: row["searches"] / DAYS
        for row in _totals(SearchCount.objects.filter(earlier, query__in=list(recent)))
    }
    rows = []
    for query, row in recent.items():
        row["usual"] = round(usual.get(query, 0), 1)
        if row["searches"] >= RISING_FACTOR * row["usual"]:
            rows.append(row)
    rows.sort(key=lambda row: (-(row["searches"] - row["usual"]), row["query"]))
    return rows[:limit]
