"""
The results page behind the header's search box, and its autocomplete.

Only live, public pages are searched. Queries are segmented into Chinese words
the same way the index is (search/chinese.py); filters that name something
unknown are ignored with a note rather than failing.
"""

import datetime

from django.apps import apps
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.models import Page

from home.models import SectionPage

from .chinese import MAX_QUERY_LENGTH, query_words, segment_query, title_words
from .highlight import highlight_title, page_text, snippet

RESULTS_PER_PAGE = 10
MAX_PAGE_NUMBER = 100
MAX_RESULTS = 500

# ?type= values → page models (those not installed yet are skipped).
TYPES = {
    "events": (_("活动"), ["events.EventPage", "events.FestivalPage", "events.TourPage"]),
    "lectures": (_("讲座"), ["lectures.LecturePage", "lectures.LectureSeriesPage"]),
    "articles": (_("文章"), ["articles.ArticlePage"]),
    "clarifications": (_("应急科普"), ["articles.ClarificationPage"]),
}


def _models(type_key):
    found = []
    for label in TYPES[type_key][1]:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request, notes):
    """Read ?type, ?section, ?from, ?to; unknown values are dropped with a note."""
    chosen = {"type": request.GET.get("type", ""), "section": request.GET.get("section", "")}
    pages = Page.objects.live().public()
    if chosen["type"]:
        models = _models(chosen["type"]) if chosen["type"] in TYPES else []
        if models:
            pages = pages.type(*models)
        else:
            notes.append(_("不认识的内容类型，已显示全部类型。"))
            chosen["type"] = ""
    if chosen["section"]:
        section = SectionPage.objects.live().filter(slug=chosen["section"][:100]).first()
        if section:
            pages = pages.descendant_of(section, inclusive=True)
        else:
            notes.append(_("没有这个栏目，已在全站搜索。"))
            chosen["section"] = ""
    # Whole days in Beijing time; the search backends filter on plain comparisons only.
    for key, lookup, shift in [("from", "first_published_at__gte", 0), ("to", "first_published_at__lt", 1)]:
        raw = request.GET.get(key, "")
        day = _date(raw[:10])
        if raw and day is None:
            notes.append(_("日期格式应为 YYYY-MM-DD，已忽略。"))
        elif day:
            moment = datetime.datetime.combine(day + datetime.timedelta(days=shift), datetime.time())
            pages = pages.filter(**{lookup: timezone.make_aware(moment)})
            chosen[key] = day.isoformat()
    return pages, chosen


def _page_number(request):
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def ranked_ids(pages, terms, words):
    """
    IDs of the matching pages: those whose title holds every word of the query
    first, newest first within each group.

    The database backends' relevance ordering costs a correlated subquery per
    matching row on SQLite (21 s for 地震 over 10,000 pages, see
    bench/search_bench.py), FTS5's bm25 weighs the title like the body anyway,
    and PostgreSQL's title-only search reads the raw, unsegmented title column.
    One match without relevance, then the titles in hand, ranks the same on both.
    """
    newest_first = pages.order_by("-first_published_at", "-id")
    results = list(newest_first.search(terms, operator="and", order_by_relevance=False)[:MAX_RESULTS])
    words = [word.lower() for word in words]

    def in_title(page):
        title = page.title.lower()
        return bool(words) and all(word in title for word in words)

    return [page.pk for page in results if in_title(page)] + [
        page.pk for page in results if not in_title(page)
    ]


def single_character_ids(pages, character):
    """A one-character query (震, 星) is rarely a word of its own: find it inside titles instead."""
    found = pages.filter(title__contains=character).order_by("-first_published_at", "-id")
    return list(found.values_list("pk", flat=True)[:MAX_RESULTS])


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = segment_query(query)
    notes = []
    pages, chosen = _filters(request, notes)
    if len(terms) == 1 and not terms.isascii():
        ids = single_character_ids(pages, terms)
    else:
        ids = ranked_ids(pages, terms, title_words(query)) if terms else []
    page_obj = Paginator(ids, RESULTS_PER_PAGE).get_page(_page_number(request))
    found = Page.objects.filter(pk__in=page_obj.object_list).specific().in_bulk()
    words = query_words(query)
    hits = [
        {
            "page": page,
            "title": highlight_title(page.title, words),
            "snippet": snippet(page_text(page), words),
            "kind": page.specific_class._meta.verbose_name,
        }
        for page in (found[pk] for pk in page_obj.object_list if pk in found)
    ]
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "terms": words,
            "page_obj": page_obj,
            "capped": len(ids) >= MAX_RESULTS,
            "hits": hits,
            "notes": notes,
            "chosen": chosen,
            "types": [(key, label) for key, (label, _models_) in TYPES.items() if _models(key)],
            "sections": SectionPage.objects.live().order_by("kind", "title").values_list("slug", "title"),
        },
    )


@cache_control(max_age=60, public=True)
def suggest(request):
    """Titles for the header box's autocomplete: live public pages whose title contains the text."""
    text = request.GET.get("q", "").strip()[:40]
    if len(text) < 1:
        return JsonResponse({"suggestions": []})
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=2, title__icontains=text)
        .order_by("-last_published_at")[:8]
    )
    return JsonResponse({"suggestions": [{"title": page.title, "url": page.url} for page in pages]})
