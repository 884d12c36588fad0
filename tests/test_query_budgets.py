"""
Every public page type, the calendars' feeds, search and the API lists answer in
at most QUERY_BUDGET queries without the page cache, and in the same number
whether the site holds a few of everything or many: a new event, article,
lecture, speaker, section or clarification costs no page a query more.
Counted after one warm-up request, as a running server is.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.tests.fixtures import in_a_day, make_article, make_clarification
from events.models import Venue
from events.tests.fixtures import add_event, soon
from events.tests.test_performance import add_dates
from home import content_version
from home.sections import setup_section
from lectures.models import Speaker
from lectures.tests.fixtures import make_lecture, make_video
from tests.factories import StandardPageFactory

QUERY_BUDGET = 15


def count_queries(client, path):
    assert client.get(path).status_code == 200, path  # warm-up: per-process lookups
    if "ical" in path or "feed" in path:
        cache.clear()  # build feeds again: their serialised copies live in the cache
        content_version.forget_kept()  # and in this process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def add_many(site, n):
    """``n`` more of everything the pages list, in the sections and indexes the site already has."""
    venues = Venue.objects.bulk_create(
        Venue(name=f"新场馆{i}", address=f"北京市朝阳区测试路{i}号", district="chaoyang") for i in range(10)
    )
    events = [
        add_event(
            site["haidian"], f"新活动{i}", soon(3 + i, 9), venue=venues[i % 10], festival=site["festival"]
        )
        for i in range(n)
    ]
    add_dates(events, venues, 5)
    for i in range(n):
        make_article(site["haidian"], f"新文章{i}", tags=[f"标签{i}"])
        make_clarification(site["clarifications"], site["incident"], f"新谣言{i}")
        speakers = [Speaker.objects.create(name=f"新主讲人{i}-{j}") for j in range(2)]
        make_lecture(
            site["series"],
            f"往期讲座{i}",
            timezone.now() - datetime.timedelta(days=40 + i),
            speakers=speakers,
            video=make_video(f"录像{i}"),
        )
        setup_section(kind="society", name=f"新学会{i}", slug=f"xin-xue-hui-{i}")


@pytest.fixture
def site(
    programme, science_week, haidian, article_index, clarification_index, incident, series, recorded_lecture
):
    article = make_article(haidian, "冬季用电安全", tags=["安全"])
    answer = make_clarification(
        clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
    )
    speaker = recorded_lecture.speakers[0]
    standard = StandardPageFactory(parent=haidian, title="关于海淀区科协")
    return {
        "haidian": haidian,
        "festival": science_week,
        "series": series,
        "clarifications": clarification_index,
        "incident": incident,
        "paths": [
            "/",
            haidian.get_parent().url,
            haidian.url,
            standard.url,
            "/calendar/",
            "/calendar/?section=haidian&district=haidian",
            science_week.url,
            programme["fair"].url,
            programme["series"].url,
            programme["tour"].url,
            series.url,
            recorded_lecture.url,
            f"{series.url}speakers/{speaker.pk}/",
            article_index.url,
            article.url,
            clarification_index.url,
            answer.url,
            "/calendar/ical/",
            f"{science_week.url}ical/",
            f"{series.url}ical/",
            "/articles/feed/rss/",
            "/search/?q=观星",
            "/api/v3/pages/?type=events.EventPage&fields=title,start",
            "/api/v3/occurrences/",
        ],
    }


def test_every_public_page_stays_within_its_query_budget_at_any_size(client, site, subtests):
    few = {path: count_queries(client, path) for path in site["paths"]}
    add_many(site, 8)
    for path in site["paths"]:
        with subtests.test(path=path):
            many = count_queries(client, path)
            assert many == few[path], "grows with the content"
            assert many <= QUERY_BUDGET
