"""The demo: Chinese articles across sections, clarifications in two incidents, one urgent."""

import io

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticlePage, ClarificationIndexPage, ClarificationPage
from articles.workflows import FAST_LANE_WORKFLOW


def test_demo_articles_and_clarifications(client, demo_site, settings):
    articles = ArticlePage.objects.live()
    assert articles.count() >= 12
    assert articles.exclude(section=None).values("section").distinct().count() >= 8
    clarifications = ClarificationPage.objects.live()
    assert clarifications.count() >= 5
    assert clarifications.values("incident").distinct().count() == 2
    urgent = ClarificationPage.objects.urgent_now().get()
    assert urgent.urgent_until > timezone.now()

    index = ClarificationIndexPage.objects.get(slug="clarifications")
    assert index.get_workflow().name == FAST_LANE_WORKFLOW
    assert all(page.get_workflow().name == FAST_LANE_WORKFLOW for page in clarifications)

    for url in ["/", "/articles/", "/articles/?section=haidian", "/clarifications/", urgent.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert urgent.title in response.content.decode(), url

    pages_before = Page.objects.count()
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages_before
