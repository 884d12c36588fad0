"""The index pages' listings (routes of ArticleIndexPage and ClarificationIndexPage)."""

from django.core.paginator import Paginator

from .filters import ArticleFilterForm, ClarificationFilterForm
from .queries import live_articles, live_clarifications

PER_PAGE = 12


def _listing(request, index, form, items):
    context = {"form": form, "filter_query": form.query_string()}
    if form.is_valid():
        context["active_filters"] = form.active_filters()
        context["page_obj"] = Paginator(form.apply(items), PER_PAGE).get_page(request.GET.get("page"))
    response = index.render(request, context_overrides=context)
    if form.errors:
        response.status_code = 400
    return response


def article_index(request, index):
    return _listing(request, index, ArticleFilterForm(request.GET), live_articles())


def clarification_index(request, index):
    return _listing(request, index, ClarificationFilterForm(request.GET), live_clarifications())
