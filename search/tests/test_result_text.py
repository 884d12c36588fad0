"""
What a result quotes of its page (home.readable): written as the index reads the
page, read with the titles in one query, and new after every publish.
"""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.tests.fixtures import make_article
from events.tests.fixtures import add_event, soon
from home import content_version
from home.models import StandardPage
from home.readable import ReadableText
from lectures.tests.fixtures import make_lecture


def _first_search(client, query):
    """A query nobody asked since the last publish; its snippets, and the statements drawing them."""
    content_version.bump()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    hits = response.context["hits"] + response.context["partial_hits"]
    drawn = [sql for q in queries.captured_queries if "indexentry" not in (sql := q["sql"].lower())]
    return {hit["page"].title: str(hit["snippet"]) for hit in hits}, drawn


def test_results_of_every_type_are_drawn_from_one_query(client, haidian, series):
    make_article(haidian, "冬季观星指南", body=[("paragraph", "<p>猎户座是冬季星空最好认的星座。</p>")])
    add_event(haidian, "猎户座观测夜", soon(5, 19), summary="带上望远镜看猎户座大星云。")
    make_lecture(
        series, "冬夜星空", timezone.now() + datetime.timedelta(days=9), abstract="<p>讲解猎户座。</p>"
    )
    haidian.add_child(
        instance=StandardPage(title="观星须知", body=[("paragraph", "<p>看猎户座请远离灯光。</p>")])
    ).save_revision().publish()

    snippets, drawn = _first_search(client, "猎户座")
    assert len(snippets) == 4, "an article, an event, a lecture and a plain page"
    assert "<mark>猎户座</mark>是冬季星空最好认的星座" in snippets["冬季观星指南"], (
        "quoted from the article's body"
    )
    assert "看<mark>猎户座</mark>大星云" in snippets["猎户座观测夜"]
    assert "讲解<mark>猎户座</mark>" in snippets["冬夜星空"]
    assert "看<mark>猎户座</mark>请远离灯光" in snippets["观星须知"]
    pages_read = [sql for sql in drawn if "readable" in sql]
    assert len(pages_read) == 1, "titles, addresses and text of all four types in one query"
    assert not [sql for sql in drawn if re.search(r'where "wagtailcore_page"."id" = \S+ limit 21$', sql)], (
        "no result reads its page again to be linked or named"
    )
    assert not any(
        "articles_articlepage" in sql or "events_eventpage" in sql or "home_standardpage" in sql
        for sql in drawn
    ), "no page is read as its own type to draw it"


def test_the_snippet_quotes_what_each_publish_says(admin_client, client, haidian):
    """An editor publishes a notice, corrects it and publishes again: the result quotes the correction."""
    notice = [("paragraph", "<p>周三上午检修线路。</p>")]
    page = haidian.add_child(instance=StandardPage(title="停电通知", body=notice))
    page.save_revision().publish()
    assert "周三上午<mark>检修</mark>线路" in _first_search(client, "检修")[0]["停电通知"]

    corrected = streamfield([("paragraph", rich_text("<p>改为周五上午检修线路。</p>"))])
    form = nested_form_data({"title": "停电通知", "slug": page.slug, "summary": "", "body": corrected})
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", {**form, "action-publish": "1"})
    assert response.status_code == 302
    assert "改为周五上午<mark>检修</mark>线路" in _first_search(client, "检修")[0]["停电通知"]
    assert ReadableText.objects.get(page=page).text == "改为周五上午检修线路。"


def test_a_page_indexed_before_its_text_was_kept_is_quoted_and_then_kept(client, haidian):
    make_article(haidian, "雾霾天气防护", body=[("paragraph", "<p>雾霾天出门请佩戴口罩。</p>")])
    ReadableText.objects.all().delete()  # as a page indexed before the store existed

    snippets, _drawn = _first_search(client, "口罩")
    assert "请佩戴<mark>口罩</mark>" in snippets["雾霾天气防护"]
    assert "佩戴口罩" in ReadableText.objects.get(page__title="雾霾天气防护").text
    _snippets, drawn = _first_search(client, "口罩")
    assert not any("articles_articlepage" in sql for sql in drawn), "found the old way once, then kept"


def test_rebuilding_the_index_writes_every_pages_text_and_moves_the_index_on(
    haidian, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from home.search_backend import index_version

    make_article(haidian, "雾霾天气防护", body=[("paragraph", "<p>雾霾天出门请佩戴口罩。</p>")])
    ReadableText.objects.all().delete()
    before = index_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("update_index", verbosity=0)
    assert "佩戴口罩" in ReadableText.objects.get(page__title="雾霾天气防护").text
    assert index_version() != before, "results kept for popular queries are not found after a rebuild"


def test_the_backend_made_for_each_search_follows_the_index_through_one_class():
    """modelsearch makes the backend anew for every search: its followed index is made once, not a class per search."""
    from modelsearch.backends import get_search_backend

    assert get_search_backend().index_class is get_search_backend().index_class
