"""The home page and a section page, as a visitor sees them on a phone and a desktop."""

import pytest

from tests.factories import StandardPageFactory


@pytest.fixture
def site_with_sections(haidian, chaoyang):
    StandardPageFactory(parent=haidian, title="社区科普益民计划在海淀")
    return haidian


def test_home_page_renders_cleanly_and_accessibly(visit, site_with_sections):
    response = visit.goto("/")
    assert response.status == 200
    assert visit.page.locator("h1").inner_text() == "科学在身边"
    assert visit.page.get_by_role("link", name="海淀区科协").is_visible()
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"home-{visit.name}")


def test_section_page_renders_cleanly_and_accessibly(visit, site_with_sections):
    response = visit.goto("/districts/haidian/")
    assert response.status == 200
    assert visit.page.locator("h1").inner_text() == "海淀区科协"
    assert visit.page.get_by_role("link", name="社区科普益民计划在海淀").is_visible()
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"section-{visit.name}")


def test_phone_menu_opens_and_the_search_box_leads_to_results(visit, site_with_sections):
    visit.goto("/")
    search = visit.page.locator("#header-search")
    if visit.name == "phone":
        assert not search.is_visible()
        visit.page.get_by_role("button", name="菜单").click()
    assert search.is_visible()
    # Whole-title query: finding words inside Chinese runs is the search issue's job.
    search.fill("海淀区科协")
    search.press("Enter")
    visit.page.wait_for_url("**/search/?q=*")
    assert "海淀区科协" in visit.page.locator("main").inner_text()
    assert visit.errors == []


def test_not_found_page_is_styled_and_accessible(visit, site_with_sections):
    response = visit.goto("/no-such-page/")
    assert response.status == 404
    assert visit.page.get_by_role("link", name="返回首页").is_visible()
    assert visit.axe_violations() == []


def test_the_header_search_says_what_it_is_without_being_cut_off(visit, site_with_sections):
    visit.goto("/")
    if visit.name == "phone":
        visit.page.get_by_role("button", name="菜单").click()
    room, needed = visit.page.locator("#header-search").evaluate(
        """input => {
            const style = getComputedStyle(input);
            const context = document.createElement("canvas").getContext("2d");
            context.font = style.font;
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return [input.clientWidth - padding, context.measureText(input.placeholder).width];
        }"""
    )
    assert needed <= room, f"placeholder needs {needed:.0f}px, the box has {room:.0f}px"


def test_an_articles_byline_keeps_each_label_and_date_on_one_line(visit, article_index, haidian):
    from articles.models import Expert
    from articles.tests.fixtures import make_article

    reviewer = Expert.objects.create(name="欧阳建国", title="研究员", organisation="中国科学院大气物理研究所")
    article = make_article(haidian, "冬季空调调到多少度最省电", reviewer=reviewer)
    visit.goto(article.url)
    for label in visit.page.locator(".byline dt, .byline time").all():
        lines = label.evaluate(
            """node => {
                const range = document.createRange();
                range.selectNodeContents(node);
                return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
            }"""
        )
        assert lines == 1, f"{label.inner_text()!r} is broken over {lines} lines"
    assert visit.axe_violations() == []
    visit.screenshot(f"article-{visit.name}")
