"""
The results page behind the header's search box, and its autocomplete.

Only live, public pages are searched. Queries are segmented into Chinese words
the same way the index is (home/chinese.py); filters that name something
unknown are ignored with a note rather than failing.
"""

import datetime
import hashlib
import re

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from wagtail.models import Page

from articles.models import ArticlePage, ClarificationPage
from events.models import EventPage, FestivalPage, TourPage
from home import content_version, readable, visibility
from home.chinese import MAX_QUERY_LENGTH, query_words
from home.filters import CONTROL_CHARACTERS, FilterForm, SlugChoiceField
from home.fragments import Drawable
from home.models import SectionPage
from home.page_cache import shared_cache, versioned_key
from home.questions import LIMIT, Found, find
from home.search_backend import index_version
from home.search_ranking import SHAPE_KIND
from lectures.models import LecturePage, LectureSeriesPage

from .highlight import highlight_title, snippet
from .log import record

RESULTS_PER_PAGE = 10
HITS_KIND = "search-hits"
# What a query kept until a publish (home.content_version.kept): its statements' shape and its drawn results.
KEPT_PER_QUERY = (SHAPE_KIND, HITS_KIND)
MAX_PAGE_NUMBER = 100

# ?type= values → page models.
TYPES = {
    "events": (gettext_lazy("活动"), [EventPage, FestivalPage, TourPage]),
    "lectures": (gettext_lazy("讲座"), [LecturePage, LectureSeriesPage]),
    "articles": (gettext_lazy("文章"), [ArticlePage]),
    "clarifications": (gettext_lazy("应急科普"), [ClarificationPage]),
}


def _midnight(day, days_later=0):
    # Whole days in Beijing time; the search backends filter on plain comparisons only.
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time())
    )


class SearchFilterForm(FilterForm):
    """?type, ?section, ?from, ?to. Search forgives: what it cannot use is dropped with a note."""

    display_only = ("q", "page")
    choices_key = ()

    type = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(key, label) for key, (label, _models) in TYPES.items()],
        error_messages={"invalid_choice": gettext_lazy("不认识的内容类型，已显示全部类型。")},
    )
    section = SlugChoiceField(
        SectionPage.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("没有这个栏目，已在全站搜索。")},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.live()
        for name in ("from", "to"):
            self.fields[name] = forms.DateField(
                required=False, error_messages={"invalid": gettext_lazy("日期格式应为 YYYY-MM-DD，已忽略。")}
            )

    def lookups(self):
        return {
            "type": lambda pages, key: pages.type(*TYPES[key][1]),
            "section": lambda pages, section: pages.descendant_of(section, inclusive=True),
            "from": lambda pages, day: pages.filter(first_published_at__gte=_midnight(day)),
            "to": lambda pages, day: pages.filter(first_published_at__lt=_midnight(day, 1)),
        }

    def chosen(self):
        """What the form on the page shows as selected."""
        data = self.cleaned_data
        return {
            "type": data.get("type") or "",
            "section": data["section"].slug if data.get("section") else "",
            "from": data["from"].isoformat() if data.get("from") else "",
            "to": data["to"].isoformat() if data.get("to") else "",
        }


def _page_number(request):
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def found_for(form, query):
    """
    ``find()`` for the query and the filters in use, kept in the shared cache under
    the content version: during an incident, when thousands ask about the same
    rumour, a search is ranked once per publish, not once per visitor. The results
    are public pages only, the same for everyone.
    """

    def rank():
        return find(form.apply(visibility.searchable(Page.objects.live())), query)

    index = index_version()  # the worker indexes a page after its publish: keyed by both
    if index is None:
        return rank()
    # The words as this process cuts them: a server that has not yet read a newly
    # published name cuts the query differently, and must not be given the others' results.
    address = f"{index}\n{query}\n{' '.join(query_words(query))}\n{form.query_string()}"
    key = versioned_key(f"kepu:search:{hashlib.sha256(address.encode()).hexdigest()}")
    found = shared_cache().get(key)
    if found is None:
        found = rank()
        shared_cache().set(key, found, settings.PAGE_CACHE_SECONDS)
    return found


def _sections():
    return list(SectionPage.objects.live().order_by("kind", "title").values_list("slug", "title"))


def _drawn_hits(ids, words, characters):
    """
    The results of ``ids`` as shown for the query's words, kept until a publish:
    a page's title, address and text are read in one query (home.readable).
    """

    def draw():
        pages = readable.with_text(ids)
        return Drawable(
            {
                "page": page,
                "title": highlight_title(page.title, [*words, *characters]),
                "snippet": snippet(text, words),
                "kind": page.specific_class._meta.verbose_name,
            }
            for page, text in (pages[pk] for pk in ids if pk in pages)
        )

    return content_version.kept((HITS_KIND, ids, words, characters), draw, most=content_version.LISTING_PAGES)


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    form = SearchFilterForm(request.GET)
    if CONTROL_CHARACTERS.search(query) or form.refused_parameter():
        return render(
            request,
            "search/search.html",
            {"query": "", "notes": [_("搜索词或筛选条件里有不允许的字符，请重新输入。")], "chosen": {}},
            status=400,
        )
    notes = form.drop_invalid()
    found = Found()
    if query:
        found = found_for(form, query)
        record(query, found.complete)
    page_obj = Paginator(found.ids, RESULTS_PER_PAGE).get_page(_page_number(request))
    words = query_words(query)
    words += [name for name in found.names if name not in words]
    first = page_obj.start_index() - 1 if found.ids else 0
    drawn_hits = _drawn_hits(tuple(page_obj.object_list), tuple(words), tuple(found.characters))
    complete_here = min(max(found.complete - first, 0), len(drawn_hits))
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "terms": words,
            "page_obj": page_obj,
            "found": found,
            "capped": len(found.ids) >= LIMIT,
            "drawn_hits": drawn_hits,
            "complete_here": complete_here,
            "hits": drawn_hits[:complete_here],
            "partial_hits": drawn_hits[complete_here:],
            "notes": notes,
            "chosen": form.chosen(),
            "types": [(key, label) for key, (label, _models) in TYPES.items()],
            "sections": content_version.kept(("search-sections",), _sections),
        },
    )


PINYIN = re.compile(r"^[a-z]{2,30}$")


def pinyin_matches(text):
    """
    Pages whose title reads as ``text`` in pinyin, in full (dizhen) or by
    initials (dz): matched against their slugs, which are the titles' pinyin
    syllables joined by hyphens (home.slugs). A slug an editor wrote by hand
    in English is not found this way.
    """
    text = text.lower()
    if not PINYIN.match(text):
        return Q(pk__in=[])
    initials = "(^|-)" + "[a-z]*-".join(text)  # dz → (^|-)d[a-z]*-z
    return Q(compact_slug__contains=text) | Q(slug__regex=initials)


@cache_control(max_age=60, public=True)
def suggest(request):
    """
    Titles for the header box's autocomplete: live public pages whose title
    contains the text, or reads as it in pinyin (dizhen, dz → 地震…).
    """
    text = request.GET.get("q", "").strip()[:40]
    if CONTROL_CHARACTERS.search(text):
        return JsonResponse({"error": _("搜索词里有不允许的字符。"), "suggestions": []}, status=400)
    if len(text) < 1:
        return JsonResponse({"suggestions": []})
    pages = (
        visibility.pages()
        .live()
        .public()
        .filter(depth__gt=2)
        .annotate(compact_slug=Replace("slug", Value("-"), Value("")))
        .filter(Q(title__icontains=text) | pinyin_matches(text))
        .order_by("-last_published_at")[:8]
    )
    return JsonResponse({"suggestions": [{"title": page.title, "url": page.url} for page in pages]})
