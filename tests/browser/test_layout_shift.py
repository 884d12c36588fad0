"""
Pages that don't jump: on a phone, nothing moves after the first paint.

The header menu used to be laid out open until the deferred site.js folded it,
so the page below jumped by ~460 px (CLS 0.5) on many loads. Measured with the
browser's own layout-shift entries, as Lighthouse and Core Web Vitals do.
"""

import pytest

CLS_LIMIT = 0.05
MEASURE = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 400);
})
"""


@pytest.fixture
def every_page_type(
    programme, science_week, series, recorded_lecture, articles, clarification_index, incident
):
    from articles.models import ArticlePage
    from articles.tests.fixtures import make_clarification

    clarification = make_clarification(clarification_index, incident, "喝板蓝根能预防病毒感染")
    month = programme["fair"].start.strftime("%Y-%m")
    return {
        "home": "/",
        "calendar": "/calendar/",
        "calendar-month": f"/calendar/?view=month&month={month}",
        "festival": science_week.url,
        "event": programme["series"].url,
        "tour": programme["tour"].url,
        "lectures": series.url,
        "lecture": recorded_lecture.url,
        "articles": "/articles/",
        "article": ArticlePage.objects.live().first().url,
        "clarifications": clarification_index.url,
        "clarification": clarification.url,
        "search": "/search/?q=地震",
    }


@pytest.mark.parametrize("visit", ["phone"], indirect=True)
def test_no_page_type_moves_after_its_first_paint_on_a_phone(visit, every_page_type):
    shifts = {}
    for name, url in every_page_type.items():
        for _load in range(2):  # the old race lost 37 loads in 60: two per page type, 26 in all, catch it
            response = visit.page.goto(visit.base_url + url, wait_until="load")
            assert response.status == 200, (name, url)
            shifts[name] = max(shifts.get(name, 0), visit.page.evaluate(MEASURE))
    jumping = {name: round(value, 3) for name, value in shifts.items() if value >= CLS_LIMIT}
    assert jumping == {}, f"layout shift ≥ {CLS_LIMIT}: {jumping}"
    assert visit.errors == []
