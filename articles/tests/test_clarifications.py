"""Clarifications: the fast lane, who may mark one urgent, the banner with the page cache on, JSON-LD."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import streamfield

from articles.models import ClarificationPage
from articles.tests.fixtures import clarification_form, in_a_day, make_clarification

URGENT = {
    "urgent": "on",
    "urgent_until": timezone.localtime(in_a_day()).replace(hour=18, minute=0).strftime("%Y-%m-%d %H:%M"),
}


def _added(index, title="今晚有大地震？"):
    return ClarificationPage.objects.child_of(index).filter(title=title).first()


@pytest.mark.parametrize("autosave_first", [True, False], ids=["autosave-then-press", "press-then-autosave"])
def test_an_autosave_racing_the_editors_press_creates_one_page(
    client, clarification_index, incident, people, autosave_first
):
    """
    A slow network during an incident: the editor presses 提交审核 while Wagtail's autosave
    of the new page is still on its way (or is sent just after), both to the create view.
    """
    client.force_login(people["editor"])
    url = f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/"
    form = clarification_form(incident)

    def autosave():  # AutosaveController: the whole form to form.action, asking for JSON
        return client.post(url, form, HTTP_ACCEPT="application/json")

    def press():
        return client.post(url, {**form, "action-submit": "1"})

    first, second = (autosave, press) if autosave_first else (press, autosave)
    first()
    second()
    page = ClarificationPage.objects.child_of(clarification_index).get(title="今晚有大地震？")
    assert page.current_workflow_task is not None  # the press submitted it for review
    refused = autosave()
    assert refused.json()["success"] is False
    assert refused.json()["error_code"] == "invalid_revision"  # Wagtail's controller pauses and says why
    assert "保存草稿" in refused.json()["error_message"]


def test_an_editor_cannot_mark_a_clarification_urgent(client, clarification_index, incident, people):
    client.force_login(people["editor"])
    response = client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        clarification_form(incident, **URGENT),
    )
    assert response.status_code == 302
    page = _added(clarification_index)
    assert page is not None
    assert (page.urgent, page.urgent_until) == (False, None)
    edit_form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert re.search(r'<input[^>]*name="urgent"[^>]*disabled', edit_form)


def test_a_duty_expert_can_mark_it_urgent(client, clarification_index, incident, people):
    client.force_login(people["duty_expert"])
    client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        clarification_form(incident, **URGENT),
    )
    page = _added(clarification_index).get_latest_revision_as_object()
    assert (
        page.urgent and timezone.localtime(page.urgent_until).date() == timezone.localtime(in_a_day()).date()
    )


def test_an_editor_cannot_bypass_the_workflow(client, clarification_index, incident, people):
    client.force_login(people["editor"])
    client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        {**clarification_form(incident), "action-publish": "1"},
    )
    page = _added(clarification_index)
    assert page is not None and not page.live
    client.post(f"/admin/pages/{page.pk}/edit/", {**clarification_form(incident), "action-publish": "1"})
    page.refresh_from_db()
    assert not page.live
    # Submitting starts the one-step fast lane, which the editor cannot approve.
    client.post(f"/admin/pages/{page.pk}/edit/", {**clarification_form(incident), "action-submit": "1"})
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state.task.name == "值班专家审核"
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert not page.live


def test_a_duty_experts_approval_publishes_it(client, clarification_index, incident, people):
    page = make_clarification(clarification_index, incident, "今晚有大地震", live=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    page.refresh_from_db()
    client.force_login(people["duty_expert"])
    task_state = page.current_workflow_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert page.live


def test_a_verdict_and_an_incident_are_required_to_submit(client, clarification_index, incident, people):
    client.force_login(people["editor"])
    response = client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        {**clarification_form(None, verdict=""), "action-submit": "1"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "verdict" in errors and "incident" in errors
    assert _added(clarification_index) is None


def test_an_urgent_flag_without_an_expiry_is_refused(clarification_index, incident):
    page = ClarificationPage(
        title="x", claim="x", verdict="false", answer="x", incident=incident, urgent=True, urgent_until=None
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "urgent_until" in error.value.message_dict


def test_script_in_rich_text_does_not_reach_the_page(client, clarification_index, incident, people):
    client.force_login(people["duty_expert"])
    explanation = streamfield(
        [
            (
                "paragraph",
                '{"blocks":[{"key":"a","text":"正文<script>alert(1)</script>","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            )
        ]
    )
    client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        clarification_form(incident, explanation=explanation),
    )
    page = _added(clarification_index).get_latest_revision_as_object()
    page.save_revision().publish()
    client.logout()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "正文" in html


def test_claim_review_json_ld_carries_the_verdict(client, clarification_index, incident):
    page = make_clarification(clarification_index, incident, "草莓打了膨大剂", verdict="misleading")
    html = client.get(page.url).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    review = next(data for data in map(json.loads, scripts) if data["@type"] == "ClaimReview")
    assert review["claimReviewed"] == page.claim
    assert review["reviewRating"]["alternateName"] == "误导"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["itemReviewed"]["firstAppearance"]["datePublished"] == "2026-11-27"
    assert review["itemReviewed"]["appearance"]["name"] == "微信群"
    assert review["author"]["@type"] == "Organization"


def test_the_verdict_and_answer_come_before_the_claim(client, clarification_index, incident):
    page = make_clarification(clarification_index, incident, "今晚有大地震")
    main = client.get(page.url).content.decode().split("<main", 1)[1]
    assert main.index("谣言") < main.index(page.answer) < main.index(page.claim)


def test_urgent_answer_reaches_cached_pages_and_feeds_right_after_approval(
    client, page_cache, article_index, clarification_index, incident, people, haidian
):
    urls = [
        "/",
        "/articles/",
        haidian.url,
        "/clarifications/",
        "/clarifications/feed/rss/",
        "/clarifications/feed/json/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    assert client.get("/").get("X-Page-Cache") == "hit", "the page cache is on"

    # The editor submits; the duty expert ticks 紧急置顶 and approves in one press.
    page = make_clarification(clarification_index, incident, "今晚有大地震", live=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["duty_expert"])
    until = timezone.localtime(in_a_day()).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            **clarification_form(incident, title="今晚有大地震", urgent="on", urgent_until=until),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    client.logout()

    for url in urls:
        body = client.get(url).content.decode()
        assert "今晚有大地震" in body, url
    banner = client.get(haidian.url).content.decode()
    assert 'class="urgent-banner"' in banner and page.url in banner
    assert 'class="home-lead' in client.get("/").content.decode()


def test_the_banner_costs_one_indexed_read_and_no_query_while_the_version_is_memoised(
    client, clarification_index, incident, haidian, settings, django_assert_max_num_queries
):
    from articles.urgent import current_urgent
    from home import content_version

    make_clarification(clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day())
    client.get(haidian.url)
    with django_assert_max_num_queries(1):  # the content version's row
        assert current_urgent()["title"] == "今晚有大地震"
    settings.CONTENT_VERSION_MEMO_SECONDS = 60
    content_version.forget_memo()
    content_version.current()
    with django_assert_max_num_queries(0):
        assert current_urgent()["title"] == "今晚有大地震"
    content_version.forget_memo()


def test_urgency_expires(client, clarification_index, incident, haidian):
    make_clarification(
        clarification_index,
        incident,
        "昨天的紧急传言",
        urgent=True,
        urgent_until=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert "urgent-banner" not in client.get(haidian.url).content.decode()


def test_an_urgent_flag_without_an_expiry_is_refused_in_the_admin(
    client, clarification_index, incident, people
):
    client.force_login(people["duty_expert"])
    response = client.post(
        f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/",
        {**clarification_form(incident, urgent="on", urgent_until=""), "action-submit": "1"},
    )
    assert response.status_code == 200
    assert "urgent_until" in response.context["form"].errors
    assert _added(clarification_index) is None


def test_clarification_index_queries_do_not_grow(
    client, clarification_index, incident, django_assert_max_num_queries
):
    for number in range(15):
        make_clarification(clarification_index, incident, f"传言{number}", days_ago=number)
    client.get("/clarifications/")
    with django_assert_max_num_queries(16):
        response = client.get(f"/clarifications/?incident={incident.pk}&verdict=false&page=2")
    assert response.status_code == 200
    assert "传言14" in response.content.decode()


def test_an_editor_cannot_mark_it_urgent_or_publish_through_the_api(
    client, clarification_index, incident, people
):
    from wagtail.models import APIToken

    page = make_clarification(clarification_index, incident, "今晚有大地震")
    _token, secret = APIToken.create_token(user=people["editor"], name="app")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    patch = {"urgent": True, "urgent_until": "2026-12-02T18:00:00+08:00", "answer": "改过的回答"}
    response = client.patch(
        f"/api/v3/pages/{page.pk}/", data=json.dumps(patch), content_type="application/json", **headers
    )
    assert response.status_code < 500
    latest = ClarificationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (latest.urgent, latest.urgent_until) == (False, None)
    client.post(f"/api/v3/pages/{page.pk}/actions/publish/", **headers)
    page.refresh_from_db()
    assert page.answer == "今晚有大地震是谣言。" and not page.urgent


def test_the_banner_is_not_repeated_on_the_urgent_page_or_the_home_page(
    client, clarification_index, incident
):
    page = make_clarification(
        clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
    )
    assert 'class="urgent-banner"' in client.get("/clarifications/").content.decode()
    assert 'class="urgent-banner"' not in client.get(page.url).content.decode()
    home = client.get("/").content.decode()
    assert 'class="urgent-banner"' not in home and 'class="home-lead"' in home


def test_the_page_cache_serves_only_anonymous_visitors(
    client, page_cache, clarification_index, incident, people
):
    make_clarification(clarification_index, incident, "今晚有大地震")
    assert client.get("/clarifications/")["X-Page-Cache"] == "miss"
    assert client.get("/clarifications/")["X-Page-Cache"] == "hit"
    client.force_login(people["editor"])
    response = client.get("/clarifications/")
    assert "X-Page-Cache" not in response
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_moved_article_leaves_cached_section_listings_at_once(
    client, page_cache, article_index, haidian, chaoyang
):
    from .fixtures import make_article

    article = make_article(haidian, "家庭节水小窍门")
    assert "家庭节水小窍门" in client.get("/articles/?section=haidian").content.decode()
    assert client.get("/articles/?section=haidian")["X-Page-Cache"] == "hit"
    article.move(chaoyang, pos="last-child")
    assert "家庭节水小窍门" not in client.get("/articles/?section=haidian").content.decode()
    assert "家庭节水小窍门" in client.get("/articles/?section=chaoyang").content.decode()


def test_editors_can_choose_and_add_incidents_and_experts(client, clarification_index, incident, people):
    client.force_login(people["editor"])
    assert "2026年11月某地地震" in client.get("/admin/snippets/choose/articles/incident/").json()["html"]
    response = client.post(
        "/admin/snippets/articles/incident/add/",
        {
            "name": "2026年12月寒潮",
            "kind": "weather",
            "start_date": "2026-12-01",
            "end_date": "",
            "summary": "",
        },
    )
    assert response.status_code == 302
    assert "2026年12月寒潮" in client.get("/admin/snippets/articles/incident/").content.decode()
