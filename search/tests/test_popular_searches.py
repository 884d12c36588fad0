"""
During an incident thousands search for the same rumour: a search is ranked once
per publish and kept (search.views.found_for), and the next publish is found at once.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import StandardPage


def _search(client, query):
    """The titles found, and how many statements asked the search index."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    index = [q for q in queries.captured_queries if "indexentry" in q["sql"].lower()]
    return [hit["page"].title for hit in response.context["hits"]], len(index)


def test_a_popular_search_is_ranked_once_per_publish_and_sees_the_next_publish(client, haidian):
    first = haidian.add_child(instance=StandardPage(title="地震来了怎么办", body=[]))
    first.save_revision().publish()
    titles, ranked = _search(client, "地震")
    again, kept = _search(client, "地震")
    assert titles == again == ["地震来了怎么办"]
    assert ranked > 0 and kept == 0, "the second visitor's search does not ask the index again"
    assert _search(client, "地震 谣言")[1] > kept, "another query is ranked on its own"

    second = haidian.add_child(instance=StandardPage(title="地震谣言辨析", body=[]))
    second.save_revision().publish()
    titles, _queries = _search(client, "地震")
    assert set(titles) == {"地震来了怎么办", "地震谣言辨析"}


def test_a_repeated_search_asks_nothing_and_shows_a_renamed_page_after_its_publish(client, haidian):
    page = haidian.add_child(instance=StandardPage(title="地震来了怎么办", body=[]))
    page.save_revision().publish()
    _search(client, "地震")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "地震"})
    asked = [query["sql"] for query in queries.captured_queries if "home_contentversion" not in query["sql"]]
    assert asked == [], "besides the content version, the ranking, the results and the filters are all kept"
    assert "<mark>地震</mark>来了怎么办</a>" in again.content.decode()

    page.title = "地震来了怎么办（2026年修订）"
    page.save_revision().publish()
    after = client.get("/search/", {"q": "地震"}).content.decode()
    assert "<mark>地震</mark>来了怎么办（2026年修订）" in after


def test_a_page_of_results_is_drawn_once_with_the_whole_matches_above_the_partial_ones(client, haidian):
    from django.test.signals import template_rendered

    for n in range(3):
        haidian.add_child(instance=StandardPage(title=f"地震演练第{n}场", body=[])).save_revision().publish()
    for n in range(9):
        haidian.add_child(instance=StandardPage(title=f"地震知识第{n}讲", body=[])).save_revision().publish()

    def shown(page):
        drawn = []
        template_rendered.connect(receiver := lambda sender, template, **kw: drawn.append(template.name))
        try:
            html = client.get("/search/", {"q": "地震演练", "page": page}).content.decode()
        finally:
            template_rendered.disconnect(receiver)
        whole, _heading, partial = html.partition("只包含部分关键词的结果")
        titles = re.compile(r'class="result-title"[^>]*>(.*?)</a>')
        plain = [re.sub("<[^>]+>", "", title) for title in titles.findall(whole)]
        return plain, [re.sub("<[^>]+>", "", title) for title in titles.findall(partial)], drawn

    whole, partial, drawn = shown(1)
    assert whole == [f"地震演练第{n}场" for n in (2, 1, 0)]
    assert partial == [f"地震知识第{n}讲" for n in (8, 7, 6, 5, 4, 3, 2)]
    assert "search/hit.html" in drawn
    assert shown(1)[:2] == (whole, partial)
    assert "search/hit.html" not in shown(1)[2], "a page of results seen again is not drawn again"
    assert shown(2)[:2] == ([], ["地震知识第1讲", "地震知识第0讲"])
