"""The index pages' listings (routes of ArticleIndexPage and ClarificationIndexPage)."""

from home.content_version import kept_page

from .filters import ArticleFilterForm, ClarificationFilterForm
from .queries import live_articles, live_clarifications

PER_PAGE = 12


def _listing(request, index, form, items):
    context = {"form": form, "filter_query": form.query_string()}
    if form.is_valid():
        context["active_filters"] = form.active_filters()
        key = (type(index).__name__, index.pk, form.query_string())
        context["page_obj"] = kept_page(key, form.apply(items), request.GET.get("page"), PER_PAGE)
    response = index.render(request, context_overrides=context)
    if form.errors:
        response.status_code = 400
    return response


def article_index(request, index):
    return _listing(request, index, ArticleFilterForm(request.GET), live_articles())


def clarification_index(request, index):
    return _listing(request, index, ClarificationFilterForm(request.GET), live_clarifications())
