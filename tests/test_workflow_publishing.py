"""Two-step approval: the section's moderator reviews, the association approves and publishes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.sections import APPROVERS, add_person, association_groups
from tests.factories import StandardPageFactory
from tests.security.test_section_isolation import _page_form


@pytest.fixture
def cast(haidian):
    editor, _pw = add_person(haidian, "editor")
    moderator, _pw = add_person(haidian, "moderator", moderator=True)
    association_groups()
    approver = get_user_model().objects.create_user("approver")
    approver.groups.add(Group.objects.get(name=APPROVERS))
    return editor, moderator, approver


def _submit(page, editor):
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    return page.current_workflow_task_state


def _approve(client, user, page):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    return client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})


def test_page_goes_live_only_after_moderator_and_approver(client, haidian, cast):
    editor, moderator, approver = cast
    page = StandardPageFactory(parent=haidian, title="节水小常识", live=False)
    _submit(page, editor)

    response = _approve(client, moderator, page)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.name == "市科协终审"

    _approve(client, approver, page)
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None


def test_moderator_cannot_publish_outright(client, haidian, cast):
    _editor, moderator, _approver = cast
    page = StandardPageFactory(parent=haidian, title="节水小常识", live=False)
    client.force_login(moderator)
    client.post(f"/admin/pages/{page.pk}/edit/", {**_page_form("节水小常识"), "action-publish": "1"})
    page.refresh_from_db()
    assert not page.live
    client.post(
        f"/admin/pages/add/home/standardpage/{haidian.pk}/", {**_page_form("新页面"), "action-publish": "1"}
    )
    assert not haidian.get_children().live().filter(title="新页面").exists()


def test_moderator_can_still_unpublish_in_their_section(client, haidian, cast):
    _editor, moderator, _approver = cast
    page = StandardPageFactory(parent=haidian, title="过时通知")
    client.force_login(moderator)
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    page.refresh_from_db()
    assert not page.live


def test_approver_may_publish_directly(client, haidian, cast):
    _editor, _moderator, approver = cast
    page = StandardPageFactory(parent=haidian, title="紧急更正", live=False)
    client.force_login(approver)
    client.post(f"/admin/pages/{page.pk}/edit/", {**_page_form("紧急更正"), "action-publish": "1"})
    page.refresh_from_db()
    assert page.live


def test_rejection_returns_to_the_editor_with_a_comment_and_is_logged(client, haidian, cast):
    from wagtail.models import PageLogEntry

    editor, moderator, _approver = cast
    page = StandardPageFactory(parent=haidian, title="节水小常识", live=False)
    task_state = _submit(page, editor)
    client.force_login(moderator)
    client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": "请补充数据出处"}
    )
    task_state.refresh_from_db()
    assert task_state.status == "rejected" and task_state.comment == "请补充数据出处"
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.reject"} <= actions
    client.force_login(editor)
    assert "请补充数据出处" in client.get("/admin/").content.decode()


def _edit_and_approve(client, user, page, title):
    """Open the page in review, change it and press 批准 (the edit view's workflow action): one POST."""
    client.force_login(user)
    return client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**_page_form(title), "action-workflow-action": "true", "workflow-action-name": "approve"},
    )


def test_each_reviewer_may_edit_during_review_and_approve_in_one_press(client, haidian, cast):
    editor, moderator, approver = cast
    page = StandardPageFactory(parent=haidian, title="节水小常识", live=False)
    _submit(page, editor)

    assert _edit_and_approve(client, moderator, page, "节水小常识（审核改）").status_code == 302
    page.refresh_from_db()
    assert not page.live and page.current_workflow_task.name == "市科协终审"

    assert _edit_and_approve(client, approver, page, "节水小常识（终审改）").status_code == 302
    page.refresh_from_db()
    assert page.live and page.title == "节水小常识（终审改）"
    assert page.current_workflow_state is None
    client.logout()
    assert "节水小常识（终审改）" in client.get(page.url).content.decode()


def test_a_moderator_cannot_publish_through_bulk_actions_or_the_api(client, haidian, cast):
    from wagtail.models import APIToken

    editor, moderator, _approver = cast
    page = StandardPageFactory(parent=haidian, title="节水小常识", live=False)
    _submit(page, editor)
    client.force_login(moderator)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {"include_descendants": ""})
    _token, secret = APIToken.create_token(user=moderator, name="app")
    client.post(f"/api/v3/pages/{page.pk}/actions/publish/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    page.refresh_from_db()
    assert not page.live
