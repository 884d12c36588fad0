"""
A database outage degrades the service, not the data: cached pages keep
serving, everything else says 503 with Retry-After (JSON under /api/), and an
editor who pressed save is told nothing was saved and how to get it back.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@contextmanager
def database_down():
    with mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("could not connect to server")
    ):
        yield


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_cached_pages_keep_serving_and_the_rest_is_503_with_retry_after(visitor, page_cache, article_index):
    assert visitor.get("/").status_code == 200
    with database_down():
        assert visitor.get("/").status_code == 200, "the page cache holds it"
        page = visitor.get("/articles/?topic=never-cached")
        assert page.status_code == 503 and page["Retry-After"] == "30"
        assert "服务暂时不可用" in page.content.decode()
        api = visitor.get("/api/v3/pages/")
        assert api.status_code == 503 and api["Content-Type"].startswith("application/problem+json")
        assert api.json()["status"] == 503


def test_an_editor_who_saves_during_an_outage_is_told_nothing_was_saved(visitor, haidian):
    from home.sections import add_person
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=haidian, title="节水小常识")
    editor, _password = add_person(haidian, "editor")
    visitor.force_login(editor)
    with database_down():
        response = visitor.post(f"/admin/pages/{page.pk}/edit/", {"title": "节水小常识（改）"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "刚才的内容没有保存" in html and "返回" in html
    page.refresh_from_db()
    assert page.title == "节水小常识"
