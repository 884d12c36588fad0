"""
A word on most pages and a word on a few are asked of the database in two
shapes (home.search_ranking, home.search_postgres): walking the pages newest
first until the cut, or looking every match up. A visitor sees the same results, in the same order,
whichever shape answered.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home import content_version, search_ranking
from home.models import StandardPage


def _publish(parent, title, body):
    page = parent.add_child(instance=StandardPage(title=title, body=[("paragraph", f"<p>{body}</p>")]))
    page.save_revision().publish()
    return page


def _search(client, query):
    """The titles shown, and whether the database walked the pages (an EXISTS per page) to find them."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
    content_version.forget_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    matching = [q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    return [hit["page"].title for hit in response.context["hits"]], any("EXISTS" in sql for sql in matching)


def test_a_word_on_most_pages_is_found_newest_first_as_a_rare_one_is(client, haidian, monkeypatch):
    pages = []
    for n in range(9):
        title = f"地震预警第{n}讲" if n in (2, 6) else f"防灾第{n}讲"
        pages.append(_publish(haidian, title, f"第{n}次讲座讲地震来临时如何避险。"))
    _publish(haidian, "气象第一讲", "天气预报怎样做出来。")
    draft = haidian.add_child(instance=StandardPage(title="地震草稿", body=[], live=False))
    draft.save_revision()
    private = _publish(haidian, "地震内部资料", "地震会商纪要。")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    looked_up, walked = _search(client, "地震")
    assert not walked, "a few matches among the pages are looked up"
    # As if the word were on most pages: the pages are walked.
    monkeypatch.setattr(search_ranking, "walks", lambda *args, **kwargs: True)
    by_walk, walked = _search(client, "地震")
    assert walked

    newest_first = [page.title for page in reversed(pages)]
    in_title = [title for title in newest_first if "地震" in title]
    expected = in_title + [title for title in newest_first if title not in in_title]
    assert looked_up == by_walk == expected

    # Two words, both on every lecture page and neither alone in a title: newest first, either way.
    both_walked, walked = _search(client, "地震 避险")
    assert walked
    monkeypatch.setattr(search_ranking, "walks", lambda *args, **kwargs: False)
    both_looked_up, walked = _search(client, "地震 避险")
    assert not walked
    assert both_walked == both_looked_up == newest_first


def test_a_long_word_is_found_where_it_is_written_whichever_shape_answers(client, haidian, monkeypatch):
    """人工智能's bigrams, 人工 and 工智 in one page's title and 智能 in its body, are not the word."""
    written = [_publish(haidian, f"第{n}期科普讲座", "讲座的主题是人工智能。") for n in range(3)]
    split = _publish(haidian, "人工智慧展", "智能手机使用课。")

    monkeypatch.setattr(search_ranking, "walks", lambda *args, **kwargs: False)
    looked_up, _walked = _search(client, "人工智能")
    monkeypatch.setattr(search_ranking, "walks", lambda *args, **kwargs: True)
    by_walk, walked = _search(client, "人工智能")
    assert walked
    assert looked_up == by_walk, "the same pages, whichever shape answered"
    assert [title for title in by_walk if title != split.title] == [page.title for page in reversed(written)]
    if connection.vendor == "postgresql":
        # Each field is asked apart (home.search_postgres). SQLite's index asks the
        # columns together and still lists the split page, after those with the word.
        assert split.title not in by_walk


def test_a_lone_character_is_looked_for_in_titles_without_reading_the_pages(client, haidian):
    """震 is matched inside titles by LIKE: on SQLite the walk reads the dated titles index, not every page row."""
    if connection.vendor != "sqlite":
        pytest.skip("the index is SQLite's (search/migrations/0003)")
    for n in range(3):
        _publish(haidian, f"防震第{n}课" if n != 1 else "气象第1课", "讲座。")
    titles, _walked = _search(client, "震")
    assert titles == ["防震第2课", "防震第0课"]
    with CaptureQueriesContext(connection) as queries:
        _search(client, "震")
    statement = next(q["sql"] for q in queries.captured_queries if "LIKE '%震%'" in q["sql"])
    with connection.cursor() as cursor:
        plan = " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall())
    assert "COVERING INDEX kepu_page_dated_titles" in plan, plan
