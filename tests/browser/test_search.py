"""Searching in Chinese from the header box on a phone."""

import pytest

from tests.factories import StandardPageFactory


@pytest.fixture
def pages(haidian):
    StandardPageFactory(
        parent=haidian,
        title="地震会不会引发海啸",
        summary="沿海强震可能引发海啸，内陆地震不会。",
        body=[("paragraph", "<p>沿海地区发生强烈地震后，海底地形变化可能引发海啸。</p>")],
    )
    StandardPageFactory(parent=haidian, title="家庭节约用水十个小窍门")


@pytest.mark.parametrize("visit", ["phone"], indirect=True)
def test_header_search_suggests_and_highlights(visit, pages):
    visit.goto("/")
    visit.page.get_by_role("button", name="菜单").click()
    box = visit.page.locator("#header-search")
    box.press_sequentially("地震")
    # The title suggestions arrive in the box's <datalist>.
    visit.page.wait_for_function(
        "() => [...document.querySelectorAll('#search-suggestions option')].some(o => o.value === '地震会不会引发海啸')"
    )
    box.press("Enter")
    visit.page.wait_for_url("**/search/?q=*")
    first = visit.page.locator(".search-results li").first
    assert "地震会不会引发海啸" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "地震"
    assert visit.page.locator(".search-results li").count() == 1
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot("search-phone")
