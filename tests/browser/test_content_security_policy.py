"""
Pages work under the Content Security Policy as visitors' browsers enforce it:
no inline script is blocked on the public site, and an editor can open and use
the page editor (whose inline scripts the admin policy allows).
"""

import pytest

from tests.browser.conftest import PageVisit

PASSWORD = "a-long-demo-password"


@pytest.fixture
def strict_visit(browser, live_server):
    visit = PageVisit(browser, live_server.url, 390, 844, bypass_csp=False)
    yield visit
    visit.close()


def _blocked(visit):
    return [error for error in visit.errors if "Content Security Policy" in error]


def test_public_pages_run_under_the_strict_policy(
    strict_visit, recorded_lecture, series, haidian, article_index
):
    for path in ["/", haidian.url, series.url, "/articles/", "/search/?q=暴雨", recorded_lecture.url]:
        response = strict_visit.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
    # The menu toggles and the player's transcript still work (their scripts are files).
    strict_visit.page.locator(".transcript-line").nth(1).click()
    # The line is marked when the player reports the new time, a moment after the click.
    strict_visit.page.wait_for_selector('.transcript-line[aria-current="true"]', timeout=5000)
    assert strict_visit.page.locator('.transcript-line[aria-current="true"]').count() == 1
    assert _blocked(strict_visit) == []


def test_the_page_editor_works_under_the_admin_policy(strict_visit, haidian):
    from home.sections import add_person
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=haidian, title="节水小常识")
    add_person(haidian, "haidian-editor", password=PASSWORD)
    strict_visit.goto("/admin/login/")
    strict_visit.page.fill("#id_username", "haidian-editor")
    strict_visit.page.fill("#id_password", PASSWORD)
    strict_visit.page.click("button[type=submit]")
    strict_visit.page.wait_for_url("**/admin/")
    response = strict_visit.goto(f"/admin/pages/{page.pk}/edit/")
    assert "content-security-policy-report-only" in response.headers
    strict_visit.page.fill("#id_title", "节水小常识（修订）")
    with strict_visit.page.expect_navigation():
        strict_visit.page.locator("button.action-save").first.click()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "节水小常识（修订）"
    assert _blocked(strict_visit) == []
