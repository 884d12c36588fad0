"""
The explorer and the dashboard stay cheap as sections multiply.

Wagtail issue #14593 reports explorer queries growing with the number of
permission rows; with ~200 sections that would hurt every editor, every day.
Figures for 200 sections and 20,000 pages: bench/sections_bench.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.sections import add_person, setup_section
from tests.factories import StandardPageFactory


def _add_sections(start, stop):
    for n in range(start, stop):
        section = setup_section(kind="society", name=f"学会{n}", slug=f"society-{n}")
        for i in range(3):
            StandardPageFactory(parent=section, title=f"学会{n}页面{i}")


def _count(client, url):
    client.get(url, follow=True)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=True)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["section editor", "superuser"])
@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "section explorer", "/admin/choose-page/"])
def test_admin_queries_do_not_grow_with_sections(client, haidian, who, url):
    if who == "superuser":
        user = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    else:
        user, _pw = add_person(haidian, "editor")
    for i in range(3):
        StandardPageFactory(parent=haidian, title=f"海淀页面{i}")
    client.force_login(user)
    url = f"/admin/pages/{haidian.pk}/" if url == "section explorer" else url

    _add_sections(0, 3)
    few = _count(client, url)
    _add_sections(3, 15)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with 4 sections, {many} with 16"


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_section_explorer_queries_do_not_grow_with_its_pages(client, haidian, role):
    user, _pw = add_person(haidian, role, moderator=role == "moderator")
    client.force_login(user)
    for i in range(3):
        StandardPageFactory(parent=haidian, title=f"页面{i}", live=bool(i % 2))
    few = _count(client, f"/admin/pages/{haidian.pk}/")
    for i in range(3, 15):
        StandardPageFactory(parent=haidian, title=f"页面{i}", live=bool(i % 2))
    many = _count(client, f"/admin/pages/{haidian.pk}/")
    assert many <= few, f"{few} queries for 3 pages, {many} for 15"


def test_editors_still_cannot_delete_live_pages(client, haidian):
    user, _pw = add_person(haidian, "editor")
    live = StandardPageFactory(parent=haidian, title="已发布")
    draft = StandardPageFactory(parent=haidian, title="草稿", live=False)
    assert not live.permissions_for_user(user).can_delete()
    assert draft.permissions_for_user(user).can_delete()
    parent = StandardPageFactory(parent=haidian, title="有子页面", live=False)
    StandardPageFactory(parent=parent, title="已发布的子页面")
    parent.refresh_from_db()
    assert not parent.permissions_for_user(user).can_delete()
