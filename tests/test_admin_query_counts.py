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
