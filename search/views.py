"""
The results page behind the header's search box.

Only live, public pages are searched. Chinese word segmentation is the search
issue's work; until then this is Wagtail's database backend as configured.
"""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


# Punctuation, quotes and operators mean nothing to a reader's query but are
# syntax to SQLite FTS5 and PostgreSQL tsquery: an unbalanced quote is a 500.
_NOT_A_WORD = re.compile(r"[^\w\s]|_")


def clean_query(raw):
    return " ".join(_NOT_A_WORD.sub(" ", raw[:MAX_QUERY_LENGTH]).split())


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_query(query)
    results = Page.objects.live().public().specific().search(terms) if terms else Page.objects.none()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
