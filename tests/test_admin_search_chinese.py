"""Every chooser and admin listing finds Chinese words inside names, as the public search does."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from articles.models import Expert, Incident
from events.models import Venue
from home.demo import demo_image
from lectures.models import Speaker
from tests.factories import StandardPageFactory

NAME = "海淀区图书馆"
PERSON = "欧阳建国"
PARTS = {"speaker": ("欧阳", "建国"), "expert": ("欧阳", "建国")}  # people are found by their names


@pytest.fixture
def named_things(haidian):
    root = Collection.get_first_root_node()
    return {
        "venue": Venue.objects.create(name=NAME, address="北京市海淀区丹棱街16号", district="haidian"),
        "speaker": Speaker.objects.create(name=PERSON, affiliation=NAME),
        "incident": Incident.objects.create(name=f"{NAME}停电", start_date="2026-11-30"),
        "expert": Expert.objects.create(name=PERSON, organisation=NAME),
        "image": demo_image(f"{NAME}外景", "#0b5cad", root),
        "document": get_document_model().objects.create(
            title=f"{NAME}讲稿", file=ContentFile(b"%PDF-1.4", name="talk.pdf"), collection=root
        ),
        "page": StandardPageFactory(parent=haidian, title=f"{NAME}开放日"),
    }


CHOOSERS = {
    "venue": "/admin/snippets/choose/events/venue/?q={q}",
    "speaker": "/admin/snippets/choose/lectures/speaker/?q={q}",
    "incident": "/admin/snippets/choose/articles/incident/?q={q}",
    "expert": "/admin/snippets/choose/articles/expert/?q={q}",
    "image": "/admin/images/chooser/results/?q={q}",
    "document": "/admin/documents/chooser/results/?q={q}",
    "page": "/admin/choose-page/search/?q={q}",
}
LISTINGS = {
    "venue": "/admin/snippets/events/venue/?q={q}",
    "image": "/admin/images/?q={q}",
    "document": "/admin/documents/?q={q}",
    "page": "/admin/pages/search/?q={q}",
}


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("kind", list(CHOOSERS))
def test_choosers_find_a_word_inside_a_chinese_name(admin_client, named_things, kind, which):
    part = PARTS.get(kind, ("海淀", "图书馆"))[which]
    response = admin_client.get(CHOOSERS[kind].format(q=part))
    body = response.content.decode()
    if "json" in response.get("Content-Type", ""):
        body = response.json().get("html", "")
    assert (PERSON if kind in PARTS else NAME) in body, (kind, part)


@pytest.mark.parametrize("part", ["海淀", "图书馆"])
@pytest.mark.parametrize("kind", list(LISTINGS))
def test_admin_listings_find_a_word_inside_a_chinese_name(admin_client, named_things, kind, part):
    assert NAME in admin_client.get(LISTINGS[kind].format(q=part)).content.decode(), (kind, part)


def test_the_add_page_screen_says_what_each_type_is_for(admin_client, haidian):
    """Not Wagtail's 「活动类型的页面」: what an editor would use each type for."""
    from events.models import EventPage
    from lectures.models import LecturePage

    html = admin_client.get(f"/admin/pages/{haidian.pk}/add_subpage/").content.decode()
    for model in (EventPage, LecturePage):
        assert str(model.page_description) in html, model


def test_admin_page_search_ranks_once_and_keeps_each_editors_own_pages(client, haidian, chaoyang, settings):
    """
    A word in every title (页面 at 20,000 pages took 121 s for the superuser) is
    ranked by the index in one statement and cut to the best RANKED_CUT results,
    among the pages the searcher may see: an editor still finds their own.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home import search_ranking
    from home.sections import add_person

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL ranks with its own backend")
    for n in range(8):
        StandardPageFactory(parent=chaoyang, title=f"朝阳页面{n}")
    own = StandardPageFactory(parent=haidian, title="海淀页面")
    exact = StandardPageFactory(parent=chaoyang, title="页面")
    editor, _password = add_person(haidian, "haidian-searcher")
    cut = 5
    original, search_ranking.RANKED_CUT = search_ranking.RANKED_CUT, cut
    try:
        client.force_login(editor)
        mine = client.get("/admin/pages/search/?q=页面").content.decode()
        assert own.title in mine and "朝阳页面" not in mine

        client.force_login(get_user_model().objects.create_superuser("root", "root@example.org.cn", "x"))
        with CaptureQueriesContext(connection) as queries:
            everyone = client.get("/admin/pages/search/?q=页面").content.decode()
        listed = re.findall(r'<span id="page_\d+_title">\s*(.+?)\s*</span>', everyone)
        assert len(listed) == cut
        assert listed[0] == exact.title  # the title that is nothing but the word ranks first
        # Each ranking is one statement that reads the full-text index once, whatever matches.
        assert all(q["sql"].count("MATCH") == 1 for q in queries.captured_queries if "MATCH" in q["sql"])
    finally:
        search_ranking.RANKED_CUT = original
