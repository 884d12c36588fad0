"""
Finding the page for a URL in one query (home.routing) answers exactly as
Wagtail's walk down the tree does: restrictions above a page still guard it,
a page's own routes still come before its children, drafts are still 404, and
a moved and renamed page answers at its new address (the old one redirects).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from events.tests.fixtures import add_event, soon
from home.models import StandardPage
from tests.factories import StandardPageFactory


def test_a_page_under_a_restricted_section_asks_for_a_password_or_a_login(client, haidian, chaoyang):
    inside = StandardPageFactory(parent=chaoyang, title="会员通讯")
    deeper = StandardPageFactory(parent=inside, title="会员通讯第二期")
    PageViewRestriction.objects.create(page=chaoyang, restriction_type="password", password="x")
    for page in (chaoyang, inside, deeper):
        response = client.get(page.url)
        assert response.status_code == 200 and "password" in response.content.decode(), page.url
        assert page.title not in response.content.decode()
    login_only = StandardPageFactory(parent=haidian, title="内部资料")
    PageViewRestriction.objects.create(page=login_only, restriction_type="login")
    assert "/login/?next=" in client.get(login_only.url)["Location"]
    assert client.get(haidian.url).status_code == 200


def test_a_pages_own_routes_come_before_a_child_of_the_same_name(client, calendar, haidian):
    StandardPageFactory(parent=calendar, title="同名页面", slug="ical")
    response = client.get(f"{calendar.url}ical/")
    assert response["Content-Type"].startswith("text/calendar"), "the calendar's feed, as with Wagtail's walk"


def test_drafts_are_404_but_their_live_children_are_served(client, haidian):
    draft = StandardPageFactory(parent=haidian, title="草稿栏目", live=False)
    child = StandardPageFactory(parent=draft, title="已发布的子页")
    assert client.get(draft.url or f"{haidian.url}{draft.slug}/").status_code == 404
    assert client.get(f"{haidian.url}{draft.slug}/{child.slug}/").status_code == 200
    assert client.get(f"{haidian.url}no-such-page/").status_code == 404
    assert client.get(f"{haidian.url}{draft.slug}/no-such-page/").status_code == 404


def test_a_moved_and_renamed_page_answers_at_its_new_address_and_sends_the_old_one_there(
    client, haidian, chaoyang
):
    page = StandardPageFactory(parent=haidian, title="科普活动指南", slug="zhi-nan")
    old = page.url
    page.move(chaoyang, pos="last-child")
    page = StandardPage.objects.get(pk=page.pk)
    page.slug = "xin-zhi-nan"
    page.save_revision().publish()
    assert client.get(f"{chaoyang.url}xin-zhi-nan/").status_code == 200
    moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"] == f"{chaoyang.url}xin-zhi-nan/"
    assert client.get(f"{chaoyang.url}zhi-nan/").status_code == 404


def test_a_deep_page_is_found_in_the_same_queries_as_a_shallow_one(client, haidian):
    shallow = StandardPageFactory(parent=haidian, title="一层")
    deep = StandardPageFactory(parent=StandardPageFactory(parent=shallow, title="二层"), title="三层")
    add_event(haidian, "路由测试活动", soon(3, 9))  # the tree holds other types too
    counts = []
    for page in (shallow, deep):
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_privacy_set_in_the_admin_guards_a_page_seen_before_and_its_alias_elsewhere(
    admin_client, client, haidian, chaoyang
):
    newsletter = StandardPageFactory(parent=chaoyang, title="会员通讯")
    issue = StandardPageFactory(parent=newsletter, title="会员通讯第二期")
    alias = newsletter.create_alias(parent=haidian, update_slug="hui-yuan-tong-xun")
    for page in (newsletter, issue, alias):
        assert client.get(page.url).status_code == 200, "public, and seen"

    response = admin_client.post(f"/admin/pages/{newsletter.pk}/privacy/", {"restriction_type": "login"})
    assert response.status_code == 200 and PageViewRestriction.objects.filter(page=newsletter).exists()
    assert not PageViewRestriction.objects.filter(page=alias).exists(), (
        "the alias has no restriction of its own"
    )
    for page in (newsletter, issue, alias):
        assert "/login/?next=" in client.get(page.url)["Location"], f"{page.url}: private at once"

    admin_client.post(f"/admin/pages/{newsletter.pk}/privacy/", {"restriction_type": "none"})
    for page in (newsletter, issue, alias):
        assert client.get(page.url).status_code == 200, f"{page.url}: public again at once"


def test_a_private_page_stays_private_while_a_reorder_renumbers_its_tree_path(client, haidian):
    """A move renumbers tree paths before its signal moves the content version on: privacy follows the page."""
    from treebeard.mp_tree import MP_Node
    from wagtail.models import Page

    public = StandardPageFactory(parent=haidian, title="公开资料")
    private = StandardPageFactory(parent=haidian, title="会员资料")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert "/login/?next=" in client.get(private.url)["Location"]
    assert client.get(public.url).status_code == 200
    before = private.path

    MP_Node.move(Page.objects.get(pk=private.pk), Page.objects.get(pk=public.pk), pos="left")  # no signal yet
    private.refresh_from_db()
    public.refresh_from_db()
    assert private.path != before and public.path == before, "the public page took the private one's path"
    assert "/login/?next=" in client.get(private.url)["Location"], "still private"
    assert client.get(public.url).status_code == 200, "still public"
