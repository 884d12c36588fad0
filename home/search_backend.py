"""
Wagtail's database search backend, which answers the API's ``?search=`` the
way the search page does (home.questions): ApiGuardMiddleware marks API
requests with ``answering_questions()``, and inside them a plain-text search
of pages is `find` ranked. Everything else (the admin, the choosers) searches
as Wagtail does.
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Page

from .chinese import segment_query
from .questions import find, questions, ranked
from .search_ranking import rank_once


def SearchBackend(params):
    backend = rank_once(DatabaseSearchBackend(params))
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
    return backend
