"""
During an incident thousands search for the same rumour: a search is ranked once
per publish and kept (search.views.found_for), and the next publish is found at once.
"""

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
