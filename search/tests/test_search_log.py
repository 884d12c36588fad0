"""
What people look for and do not find: searches are counted (text and result
count only), the association's report and the duty experts' dashboard show
them, and a rising unanswered query starts a clarification draft.
"""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError
from django.utils import timezone

from articles.workflows import CLARIFICATION_EDITORS
from home.sections import DUTY_EXPERTS, editors_group_name
from search import log, report
from search.models import SearchCount
from tests.factories import StandardPageFactory

PASSWORD = "a-long-demo-password"


@pytest.fixture
def people(clarification_index, haidian):
    User = get_user_model()
    users = {}
    for username, group in [
        ("clarification-editor", CLARIFICATION_EDITORS),
        ("duty-expert", DUTY_EXPERTS),
        ("haidian-editor", editors_group_name(haidian)),
    ]:
        users[username] = User.objects.create_user(username, f"{username}@example.org.cn", PASSWORD)
        users[username].groups.add(Group.objects.get(name=group))
    return users


def _burst(client, query, times):
    for _ in range(times):
        assert client.get("/search/", {"q": query}).status_code == 200


def test_a_burst_of_searches_is_counted_and_reported(client, haidian):
    StandardPageFactory(parent=haidian, title="地震来了怎么办")
    _burst(client, "地铁停运", 5)
    _burst(client, "  地震  ", 3)
    _burst(client, "如何应对地铁停运", 1)  # 停运 is nowhere: partial matches are not answers
    log.flush()

    top = {row["query"]: (row["searches"], row["unanswered"]) for row in report.top()}
    assert top == {"地铁停运": (5, 5), "地震": (3, 0), "如何应对地铁停运": (1, 1)}
    assert [row["query"] for row in report.unanswered()] == ["地铁停运", "如何应对地铁停运"]
    rising = report.rising(only_unanswered=True)
    assert [(row["query"], row["searches"], row["usual"]) for row in rising] == [("地铁停运", 5, 0)]
    assert set(SearchCount.objects.values_list("query", flat=True)) == set(top), "no more than the text"


def test_a_query_searched_every_day_at_this_hour_is_not_rising(client, db):
    now = timezone.now()
    for days in range(1, 8):
        SearchCount.objects.create(
            query="天气", slot=log.slot_of(now - datetime.timedelta(days=days)), searches=10, unanswered=10
        )
    _burst(client, "天气", 6)
    _burst(client, "地铁停运", 3)
    log.flush()
    assert [row["query"] for row in report.rising()] == ["地铁停运"]


def test_huge_and_hostile_queries_are_cut_and_escaped(client, people):
    hostile = "<script>alert(1)</script>" + "地" * 500
    _burst(client, hostile, 3)
    log.flush()
    stored = SearchCount.objects.get()
    assert stored.query == hostile[: log.MAX_LENGTH].lower()
    client.force_login(people["duty-expert"])
    html = client.get("/admin/reports/search/").content.decode()
    assert "<title>搜索词" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_a_database_that_refuses_the_write_loses_no_search(client, haidian, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    StandardPageFactory(parent=haidian, title="地震来了怎么办")
    with mock.patch.object(log, "_add", side_effect=DatabaseError("database is locked")):
        response = client.get("/search/", {"q": "地震"})
    assert response.status_code == 200 and len(response.context["hits"]) == 1
    assert not SearchCount.objects.exists()
    log.flush()  # the next write carries the count it could not write
    assert SearchCount.objects.get().searches == 1


def test_counts_older_than_the_retention_are_deleted(client, db, settings):
    settings.SEARCH_LOG_DAYS = 30
    old = SearchCount.objects.create(
        query="旧的", slot=log.slot_of(timezone.now() - datetime.timedelta(days=31)), searches=1
    )
    kept = SearchCount.objects.create(
        query="新的", slot=log.slot_of(timezone.now() - datetime.timedelta(days=29)), searches=1
    )
    _burst(client, "地震", 1)
    log.flush()
    assert not SearchCount.objects.filter(pk=old.pk).exists()
    assert SearchCount.objects.filter(pk=kept.pk).exists()


def test_only_the_association_and_duty_experts_read_the_report(client, people, admin_user):
    for username, status in [("duty-expert", 200), ("clarification-editor", 200), ("haidian-editor", 302)]:
        client.force_login(people[username])
        response = client.get("/admin/reports/search/")
        assert response.status_code == status, username
        dashboard = client.get("/admin/").content.decode()
        assert ("正在上升的无结果搜索" in dashboard) == (status == 200), username
    client.force_login(admin_user)
    assert client.get("/admin/reports/search/").status_code == 200


def test_the_draft_button_opens_a_clarification_with_the_claim(client, people, clarification_index):
    client.force_login(people["clarification-editor"])
    response = client.get("/admin/clarifications/draft/", {"claim": "地铁停运\x00<b>"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["claim"].value() == "地铁停运<b>"
    assert (
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/" in response.content.decode()
    )
    client.force_login(people["haidian-editor"])
    assert client.get("/admin/clarifications/draft/", {"claim": "x"}).status_code in (302, 403)
