"""Emergency clarifications as a visitor sees them on a phone and a desktop: banner, verdict first, indexes."""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleIndexPage, ClarificationIndexPage, Incident
from articles.tests.fixtures import make_article, make_clarification

FOLD = 844  # the phone viewport's height in tests/browser/conftest.py


@pytest.fixture
def urgent(home, haidian):
    articles = home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles"))
    articles.save_revision().publish()
    make_article(haidian, "地震来了，在家里躲在哪里最安全", tags=["安全"])
    index = home.add_child(instance=ClarificationIndexPage(title="应急科普", slug="clarifications"))
    index.save_revision().publish()
    incident = Incident.objects.create(
        name="2026年11月某地地震", kind="earthquake", start_date=datetime.date(2026, 11, 26)
    )
    make_clarification(index, incident, "动物异常就是地震前兆吗", verdict="misleading")
    page = make_clarification(
        index,
        incident,
        "“今晚还有7级大地震”？不实",
        slug="jin-wan-hai-you-qi-ji-da-di-zhen",
        claim="网传消息称，今晚10点本市将发生7级以上强烈地震，请大家不要回家。" * 3,
        answer="目前的科学水平无法准确预测地震发生的时间，这条“预报”是谣言。",
        urgent=True,
        urgent_until=timezone.now() + datetime.timedelta(days=3),
    )
    return page


def test_the_banner_links_every_page_to_the_urgent_answer(visit, urgent, haidian):
    response = visit.goto(haidian.url)
    assert response.status == 200
    banner = visit.page.locator(".urgent-banner")
    assert banner.is_visible()
    assert "今晚还有7级大地震" in banner.inner_text()
    banner.get_by_role("link").click()
    visit.page.wait_for_url(f"**{urgent.url}")
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"urgent-banner-{visit.name}")


def test_the_verdict_is_above_the_fold_and_the_page_is_accessible(visit, urgent):
    response = visit.goto(urgent.url)
    assert response.status == 200
    verdict = visit.page.locator("#verdict")
    assert "谣言" in verdict.inner_text()
    assert urgent.answer in verdict.inner_text()
    box = verdict.bounding_box()
    assert box["y"] + box["height"] <= FOLD
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"clarification-{visit.name}")


@pytest.mark.parametrize(
    "path", ["/", "/clarifications/", "/clarifications/?verdict=misleading", "/articles/"]
)
def test_home_and_indexes_are_accessible(visit, urgent, path):
    response = visit.goto(path)
    assert response.status == 200
    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(
        f"clarifications-{path.strip('/').replace('/', '-').replace('?', '-') or 'home'}-{visit.name}"
    )


def test_a_bad_filter_shows_a_message_not_an_error_page(visit, urgent):
    response = visit.goto("/clarifications/?verdict=maybe")
    assert response.status == 400
    assert visit.page.get_by_role("alert").is_visible()
    assert visit.axe_violations() == []
