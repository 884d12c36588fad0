"""
Every listing's filters behave alike (home.filters.FilterForm): what is shown
is said in words, never codes; bad input is a 400 with a message, never a 500;
the header's search box is left alone.
"""

import feedparser
import pytest

from articles.tests.fixtures import make_clarification


def test_a_verdict_filter_is_named_in_words_on_the_page_and_in_the_feed(
    client, clarification_index, incident
):
    make_clarification(clarification_index, incident, "动物异常就是地震前兆吗", verdict="misleading")
    html = client.get("/clarifications/?verdict=misleading").content.decode()
    assert '<h2 id="results-heading">误导' in html
    assert ">misleading<" not in html
    feed = feedparser.parse(client.get("/clarifications/feed/rss/?verdict=misleading").content)
    assert feed.feed.title == "应急科普 · 误导"


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/?district=%00",
        "/calendar/?section=haidian%00",
        "/articles/?section=%00",
        "/clarifications/?verdict=%00",
        "/lectures/?topic=%00",
        "/search/?q=%00",
        "/search/?section=%00",
        "/search/?q=地震&type=%00events",
    ],
)
def test_control_characters_in_any_filter_are_a_400_with_a_message(
    client, calendar, article_index, clarification_index, series, path
):
    response = client.get(path)
    assert response.status_code == 400
    assert "不允许的字符" in response.content.decode()


def test_the_suggestions_refuse_control_characters_as_json(client, home):
    response = client.get("/search/suggest/?q=%00")
    assert response.status_code == 400
    assert "不允许的字符" in response.json()["error"]


@pytest.mark.parametrize(
    "path", ["/calendar/?district=haidian", "/lectures/?year=2026", "/articles/?section=haidian"]
)
def test_filters_do_not_end_up_in_the_header_search_box(
    client, calendar, article_index, series, haidian, path
):
    html = client.get(path).content.decode()
    box = html[html.index('id="header-search"') :].split(">", 1)[0]
    assert 'value=""' in box, box
