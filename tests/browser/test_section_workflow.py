"""
An editor's job end to end, in a real browser: a district editor writes a page
and submits it; the district's moderator approves; the association's approver
approves; the page is live on the public site.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.models import StandardPage
from home.sections import APPROVERS, add_person, association_groups

PASSWORD = "a-long-demo-password"


@pytest.fixture
def people(haidian):
    add_person(haidian, "haidian-editor", password=PASSWORD)
    add_person(haidian, "haidian-moderator", moderator=True, password=PASSWORD)
    association_groups()
    approver = get_user_model().objects.create_user("approver", password=PASSWORD)
    approver.groups.add(Group.objects.get(name=APPROVERS))
    return haidian


def _log_in(visit, username):
    visit.context.clear_cookies()
    visit.goto("/admin/login/")
    visit.page.fill("#id_username", username)
    visit.page.fill("#id_password", PASSWORD)
    visit.page.click("button[type=submit]")
    visit.page.wait_for_url("**/admin/")


def _approve(visit, page_id):
    """Approve the current task from the page editor's action menu."""
    visit.goto(f"/admin/pages/{page_id}/edit/")
    visit.page.locator("footer .w-dropdown__toggle").click()
    # Reviewers approve; nobody but the association publishes outright.
    assert visit.page.locator("button[name=action-publish]").count() == 0
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="批准", exact=True).click()


@pytest.mark.parametrize("visit", ["desktop"], indirect=True)
def test_district_page_goes_live_after_two_approvals(visit, people):
    haidian = people
    _log_in(visit, "haidian-editor")
    # The explorer opens on the editor's own section.
    visit.goto("/admin/pages/")
    assert visit.page.locator("h1, h2").filter(has_text="海淀区科协").count() >= 1

    visit.goto(f"/admin/pages/add/home/standardpage/{haidian.pk}/")
    visit.page.fill("#id_title", "垃圾分类进社区")
    visit.page.locator("#id_summary").fill("海淀区各社区开展垃圾分类科普宣传。")
    visit.page.locator(".c-sf-add-button").first.click()
    visit.page.get_by_role("option", name="段落").or_(
        visit.page.get_by_text("段落", exact=True)
    ).first.click()
    editor = visit.page.locator(".public-DraftEditor-content").first
    editor.click()
    editor.press_sequentially("厨余垃圾、可回收物、有害垃圾和其他垃圾，分类投放从我做起。")
    # Draftail writes its hidden input a moment after typing stops.
    visit.page.wait_for_function(
        "() => document.querySelector('input[name=body-0-value]').value.includes('分类投放')"
    )
    visit.page.locator("footer .w-dropdown__toggle").click()
    visit.page.locator("button[name=action-submit]").click()
    visit.page.wait_for_load_state("networkidle")

    page = StandardPage.objects.get(title="垃圾分类进社区")
    assert page.slug == "la-ji-fen-lei-jin-she-qu"
    assert not page.live
    assert page.current_workflow_task.name == "海淀区科协 审核"

    _log_in(visit, "haidian-moderator")
    _approve(visit, page.pk)
    page.refresh_from_db()
    assert not page.live, "one approval is not enough"
    assert page.current_workflow_task.name == "市科协终审"

    _log_in(visit, "approver")
    visit.goto(f"/admin/pages/{page.pk}/edit/")
    visit.page.locator("footer .w-dropdown__toggle").click()
    with visit.page.expect_navigation():
        # The last step of the workflow reads "批准 和发布" (approve and publish).
        visit.page.get_by_role("button", name=re.compile(r"^批准")).click()
    page.refresh_from_db()
    assert page.live

    visit.context.clear_cookies()
    response = visit.goto("/districts/haidian/la-ji-fen-lei-jin-she-qu/")
    assert response.status == 200
    assert "分类投放从我做起" in visit.page.locator("main").inner_text()
    visit.goto("/districts/haidian/")
    assert visit.page.get_by_role("link", name="垃圾分类进社区").is_visible()
    visit.screenshot("workflow-published")
