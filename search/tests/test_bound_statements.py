"""
A search statement is built once per shape and bound to each query's words
(home.statements). A visitor must see exactly what the statement built for
their own words would find, whichever query built it, in whichever section,
and after pages are published.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home import content_version, questions, search_ranking, statements, visibility
from home.models import SectionPage, StandardPage
from search.views import SearchFilterForm

from .test_questions import QUESTIONS

QUERIES = [
    *(question for question, _titles in QUESTIONS),
    *["地震", "疫苗", "天文", "科普", "讲座", "人工智能", "雾霾", "PM2.5", "新冠", "AI", "ai"],
    *["震", "星", "防 地震", "地震 天文 讲座", "星空 观测 冬季 入门"],
    # Not bound (a character an escaping would change): built for their words as before.
    *["50%", "100%地震", "c_语言", "o'brien", "covid-19"],
]
FILTERS = [{}, {"type": "events"}, {"section": "haidian"}, {"from": "2020-01-01", "type": "articles"}]


def _find(query, **filters):
    """What the search page ranks for ``query``, without kept results or kept shapes."""
    content_version.forget_kept()
    form = SearchFilterForm({"q": query, **filters})
    form.drop_invalid()
    found = questions.find(form.apply(visibility.searchable(Page.objects.live())), query)
    return found.ids, found.complete


@pytest.fixture
def built_for_each_query(monkeypatch):
    """Every statement built through the ORM for its own words, as before statements were kept."""

    def built(query, **filters):
        with monkeypatch.context() as patched:
            patched.setattr(statements.Source, "key", None)
            return _find(query, **filters)

    return built


def test_every_query_finds_what_its_own_statement_finds(demo_site, built_for_each_query):
    statements.forget()
    found_any = 0
    for filters in FILTERS:
        for query in QUERIES:
            with_own = built_for_each_query(query, **filters)
            assert _find(query, **filters) == with_own, (query, filters)
            assert _find(query, **filters) == with_own, (query, filters)  # the kept statement, bound again
            found_any += bool(with_own[0])
    assert found_any > len(QUERIES), "the comparison is not vacuous: most queries find pages"


def test_a_statement_is_built_once_per_shape_and_bound_to_other_words(demo_site, monkeypatch):
    statements.forget()
    built = []
    matching = questions._matching
    monkeypatch.setattr(questions, "_matching", lambda *args: built.append(args) or matching(*args))
    assert _find("地震")[0]
    assert len(built) == 2, "built up to where the backend chooses a shape, then in the shape 地震 takes"
    # The same shape, other words: no statement built, and as many asked of the index
    # as when it was built (a count to choose its shape, then the statement).
    built.clear()
    with CaptureQueriesContext(connection) as queries:
        assert _find("天文")[0]
    assert not built
    asked = [q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    assert len(asked) == 2, asked
    assert all("天文" in sql for sql in asked)
    # A word that takes the backend's other shape has that one built, once.
    monkeypatch.setattr(search_ranking, "walks", lambda *args, **kwargs: True)
    assert _find("讲座")[0]
    assert len(built) == 1
    built.clear()
    assert _find("科普")[0]
    assert not built
    # A word the statement cannot carry as written is built for itself.
    _find("50%")
    assert built


def _publish(section_slug, title):
    section = SectionPage.objects.get(slug=section_slug)
    page = section.add_child(instance=StandardPage(title=title, body=[]))
    page.save_revision().publish()
    return page


def _titles(client, query, **filters):
    response = client.get("/search/", {"q": query, **filters})
    return [str(hit["page"].title) for hit in response.context["hits"]]


def test_the_same_shape_in_another_section_finds_that_section_s_pages(client, demo_site):
    statements.forget()
    _publish("haidian", "海淀磁暴讲座")
    _publish("chaoyang", "朝阳磁暴讲座")
    _publish("chaoyang", "朝阳冰川讲座")

    assert _titles(client, "磁暴", section="haidian") == ["海淀磁暴讲座"]
    assert _titles(client, "磁暴", section="chaoyang") == ["朝阳磁暴讲座"]
    assert _titles(client, "冰川", section="haidian") == []
    assert _titles(client, "冰川", section="chaoyang") == ["朝阳冰川讲座"]


def test_a_page_published_after_its_statement_was_kept_is_found(client, demo_site):
    statements.forget()
    _publish("haidian", "磁暴科普讲座")
    assert _titles(client, "磁暴") == ["磁暴科普讲座"]
    assert _titles(client, "冰川") == []
    later = _publish("chaoyang", "冰川观测讲座")
    assert _titles(client, "冰川") == ["冰川观测讲座"]
    later.unpublish()
    assert _titles(client, "冰川") == []


def test_a_page_restricted_after_its_statement_was_kept_is_no_longer_found(client, demo_site):
    statements.forget()
    page = _publish("haidian", "磁暴内部讲座")
    assert _titles(client, "磁暴") == ["磁暴内部讲座"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert _titles(client, "磁暴") == []
