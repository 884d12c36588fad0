"""
Wagtail's database search backend, which answers the API's ``?search=`` the
way the search page does (home.questions): ApiGuardMiddleware marks API
requests with ``answering_questions()``, and inside them a plain-text search
of pages is `find` ranked. Everything else (the admin, the choosers) searches
as Wagtail does.

Every change to the index (the task worker indexing a published page, a removal,
``update_index``) moves ``index_version()`` on, in the shared cache: search results
kept for popular queries (search.views.found_for) are keyed by it as well as by
the content version, because the worker indexes a page after its publish has
already moved the content version. What a result quotes of a page is written
as the index reads the page (home.readable).
"""

import functools
import time

from django.db import transaction
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Page

from . import readable
from .chinese import segment_query
from .questions import find, questions, ranked
from .search_postgres import unordered_on_postgres
from .search_ranking import rank_once


def SearchBackend(params):
    backend = unordered_on_postgres(rank_once(DatabaseSearchBackend(params)))
    plain_search = backend.search

    def search(query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, **kwargs):
        if isinstance(query, str) and questions.get():
            model = getattr(model_or_queryset, "model", model_or_queryset)
            if issubclass(model, Page) and model_or_queryset is not model:
                found = find(model_or_queryset, query)
                return ranked(model_or_queryset, found, keep_order=not order_by_relevance)
            # Images and documents: Chinese words, no query syntax; a query of nothing finds nothing.
            query = segment_query(query) or "-"
        return plain_search(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            **kwargs,
        )

    backend.search = search
    backend.index_class = _followed(backend.index_class)
    return backend


@functools.cache
def _followed(index_class):
    # The backend is made anew for every search (modelsearch's get_search_backend):
    # its index class is made once, not a class per search for the collector to sweep.
    return type(f"Followed{index_class.__name__}", (FollowedIndex, index_class), {})


class FollowedIndex:
    """
    The backend's index, followed on every write, whether a page is published or
    the whole index rebuilt (``update_index``): the index version moves on, and
    what each page's results quote is written with it (home.readable).
    """

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        readable.keep(objs)
        transaction.on_commit(_index_changed)

    def delete_item(self, item):
        super().delete_item(item)
        transaction.on_commit(_index_changed)


INDEX_VERSION_KEY = "kepu:search-index-version"


def index_version():
    """A number that moves on whenever the search index changes; None if the shared cache cannot say."""
    from .page_cache import shared_cache

    cache = shared_cache()
    version = cache.get(INDEX_VERSION_KEY)
    if version is None:  # a new or emptied cache: start from a number never used before
        cache.add(INDEX_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(INDEX_VERSION_KEY)
    return version


def _index_changed():
    from .page_cache import shared_cache

    cache = shared_cache()
    try:
        cache.incr(INDEX_VERSION_KEY)
    except ValueError:  # not there (a new or emptied cache): never a number used before
        cache.set(INDEX_VERSION_KEY, time.time_ns(), timeout=None)
