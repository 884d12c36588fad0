"""
The emergency answer in the order people work on it: the clarification editor
drafts and submits; the duty expert (or an approver) opens it, edits it — ticks
紧急置顶, sets the expiry, rewords the answer — and approves in one press.
Every door that can approve is tried after an edit made during review.
"""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from articles.models import ClarificationPage

from .fixtures import clarification_form
from .test_clarifications import _added


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _in_hours(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def _submitted_by_editor(client, clarification_index, incident, people):
    """What clarification-editor does: the add form, 提交审核 (the urgent fields are disabled for them)."""
    client.force_login(people["editor"])
    response = client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        {**clarification_form(incident), "action-submit": "1"},
    )
    assert response.status_code == 302
    page = _added(clarification_index)
    assert page.current_workflow_task.name == "值班专家审核"
    client.logout()
    return page


def _approve_with_edits(client, page, user, incident, **edits):
    """Open the page being reviewed, change it and press 批准并发布: one POST, as the edit view sends it."""
    client.force_login(user)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    return client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            **clarification_form(incident, **edits),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )


@pytest.mark.parametrize("reviewer", ["duty_expert", "approver"])
def test_the_reviewer_edits_marks_urgent_and_approves_in_one_press(
    client, clarification_index, incident, people, reviewer
):
    page = _submitted_by_editor(client, clarification_index, incident, people)
    until = _in_hours(6)
    response = _approve_with_edits(
        client,
        page,
        people[reviewer],
        incident,
        answer="目前无法准确预测地震，这条“预报”是谣言。",
        urgent="on",
        urgent_until=_local(until),
    )
    assert response.status_code == 302, response.content.decode()[:500]
    page = ClarificationPage.objects.get(pk=page.pk)
    assert page.live and page.current_workflow_state is None
    assert page.answer == "目前无法准确预测地震，这条“预报”是谣言。"
    assert page.is_urgent and abs(page.urgent_until - until) < datetime.timedelta(minutes=1)
    client.logout()
    listing = client.get("/clarifications/").content.decode()
    assert 'class="urgent-banner"' in listing and page.url in listing


def test_the_expert_saves_first_then_approves_from_the_dashboard(
    client, clarification_index, incident, people
):
    page = _submitted_by_editor(client, clarification_index, incident, people)
    expert = people["duty_expert"]
    client.force_login(expert)
    dashboard = client.get("/admin/").content.decode()
    assert page.title in dashboard
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        clarification_form(incident, urgent="on", urgent_until=_local(_in_hours(3))),
    )
    assert response.status_code == 302
    task_state = ClarificationPage.objects.get(pk=page.pk).current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "已核实"}
    )
    assert response.status_code in (200, 302)
    page = ClarificationPage.objects.get(pk=page.pk)
    assert page.live and page.is_urgent


def test_an_approval_is_not_a_licence_to_publish_later_edits(client, clarification_index, incident, people):
    page = _submitted_by_editor(client, clarification_index, incident, people)
    _approve_with_edits(client, page, people["duty_expert"], incident)
    assert ClarificationPage.objects.get(pk=page.pk).live
    # The same expert edits the live answer again and presses 发布: that needs a new review.
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**clarification_form(incident, answer="改过但没审的回答"), "action-publish": "1"},
    )
    assert ClarificationPage.objects.get(pk=page.pk).answer != "改过但没审的回答"


def test_the_api_cannot_publish_what_is_in_review(client, clarification_index, incident, people):
    page = _submitted_by_editor(client, clarification_index, incident, people)
    _token, secret = APIToken.create_token(user=people["duty_expert"], name="app")
    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/publish/",
        data=json.dumps({}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code in (403, 400)
    assert not ClarificationPage.objects.get(pk=page.pk).live


@pytest.mark.parametrize(
    "hours, message",
    [(-1, "已经过去"), (24 * 8, "最长 7 天")],
)
def test_an_expiry_in_the_past_or_beyond_a_week_is_refused(
    client, clarification_index, incident, people, hours, message
):
    page = _submitted_by_editor(client, clarification_index, incident, people)
    response = _approve_with_edits(
        client, page, people["duty_expert"], incident, urgent="on", urgent_until=_local(_in_hours(hours))
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["urgent_until"])
    page = ClarificationPage.objects.get(pk=page.pk)
    assert not page.live and page.current_workflow_task.name == "值班专家审核"


def test_a_lapsed_urgent_answer_stays_editable(client, clarification_index, incident, people):
    from .fixtures import make_clarification

    page = make_clarification(
        clarification_index, incident, "上周的紧急传言", urgent=True, urgent_until=_in_hours(-30)
    )
    client.force_login(people["duty_expert"])
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        clarification_form(
            incident, title="上周的紧急传言", urgent="on", urgent_until=_local(page.urgent_until)
        ),
    )
    assert response.status_code == 302
