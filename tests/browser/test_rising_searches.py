"""
During an incident a rumour often shows first in the search box: visitors
search 地铁停运 and find nothing; the duty expert sees it climbing on the
dashboard and starts a clarification with it as the claim, in one click.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.sections import DUTY_EXPERTS

PASSWORD = "a-long-demo-password"


@pytest.mark.parametrize("visit", ["desktop"], indirect=True)
def test_the_duty_expert_starts_a_draft_from_a_rising_search(visit, clarification_index, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0  # each search written at once, as the next flush would
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # the test ends on the form: no save left running
    expert = get_user_model().objects.create_user("duty-expert", "duty-expert@example.org.cn", PASSWORD)
    expert.groups.add(Group.objects.get(name=DUTY_EXPERTS))
    page = visit.page

    visit.goto("/search/")
    for _ in range(4):
        page.fill("#page-search", "地铁停运")
        with page.expect_navigation():
            page.press("#page-search", "Enter")
        assert "没有找到" in page.locator("main").inner_text()

    visit.goto("/admin/login/")
    page.fill("#id_username", "duty-expert")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    card = page.locator("section.rising-searches")
    assert "地铁停运" in card.inner_text()
    visit.screenshot("rising-searches-dashboard")

    with page.expect_navigation():
        card.get_by_role("link", name="起草科学解答").click()
    assert page.locator("#id_claim").input_value() == "地铁停运"
    assert page.locator("#id_title").input_value() == "地铁停运"
    assert f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/" in page.locator(
        "form:has(#id_claim)"
    ).get_attribute("action")
    visit.screenshot("rising-searches-draft")
