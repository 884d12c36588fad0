"""
Apps poll the API: an anonymous read is served from the page cache until
something is published, keyed by every parameter; a client with a token is
never served a cached answer.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StandardPageFactory

LIST = "/api/v3/pages/"


def _get(client, params, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params, **headers)
    assert response.status_code == 200
    return response, len(queries)


def test_an_anonymous_list_is_served_from_the_cache_until_a_publish(client, haidian, page_cache):
    StandardPageFactory(parent=haidian, title="节水小常识")
    params = {"type": "home.StandardPage", "fields": "title"}
    first, rendered = _get(client, params)
    again, cached = _get(client, params)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert cached <= 2 < rendered, (cached, rendered)  # the content version and Last-Modified

    draft = StandardPageFactory(parent=haidian, title="垃圾分类指南", live=False)
    draft.save_revision().publish()  # the content version moves on
    after, _queries = _get(client, params)
    assert after["X-Page-Cache"] == "miss"
    assert [item["title"] for item in after.json()["items"]] == ["节水小常识", "垃圾分类指南"]
    assert after["Cache-Control"].count("max-age") == 1 and "public" in after["Cache-Control"]


def test_every_parameter_counts_and_tokens_are_never_cached(client, haidian, page_cache):
    StandardPageFactory(parent=haidian, title="节水小常识")
    StandardPageFactory(parent=haidian, title="垃圾分类指南")
    one, _queries = _get(client, {"type": "home.StandardPage", "limit": 1})
    two, _queries = _get(client, {"type": "home.StandardPage", "limit": 2})
    assert len(one.json()["items"]) == 1 and len(two.json()["items"]) == 2
    _get(client, {"type": "home.StandardPage"}, HTTP_AUTHORIZATION="Bearer not-a-token")
    response = client.get(LIST, {"type": "home.StandardPage"}, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert "X-Page-Cache" not in response
