"""Public site: error pages, sitemap, robots.txt, the v3 API and the search box."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory


def _boom(request):
    raise RuntimeError("database on fire")


urlpatterns = [path("boom/", _boom)]
handler500 = "home.views.server_error"


def test_404_is_styled_and_leads_home(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "没有找到这个页面" in html
    assert 'href="/"' in html and "返回首页" in html
    assert 'action="/search/"' in html


def test_500_is_styled_without_a_traceback(client, settings, home):
    settings.ROOT_URLCONF = "tests.test_site"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器暂时出了问题" in html
    assert "返回首页" in html
    assert "database on fire" not in html and "Traceback" not in html


def test_make_run_serves_with_debug_off_so_visitors_get_these_pages():
    """The demo's 404 was Django's English debug page, 980 px wide on a phone."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    recipe = subprocess.run(["make", "-n", "run"], cwd=root, env=env, capture_output=True, text=True).stdout
    [serve] = [line for line in recipe.splitlines() if "gunicorn config.wsgi" in line]
    assert "DJANGO_DEBUG=" in serve, serve
    # Run the recipe's own line with python in gunicorn's place: what DEBUG do dev settings get?
    probe = f'{sys.executable} -c \'import django, os; os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"; django.setup(); from django.conf import settings; print(settings.DEBUG)\' #'
    line = serve[serve.index("DJANGO_DEBUG=") :].replace(".venv/bin/gunicorn", probe, 1)
    shown = subprocess.run(["sh", "-c", line], cwd=root, env=env, capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr


def test_robots_txt_points_at_the_sitemap_and_hides_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_public_pages_only(client, haidian):
    live = StandardPageFactory(parent=haidian, title="社区科普")
    draft = StandardPageFactory(parent=haidian, title="未发布草稿", live=False)
    private = StandardPageFactory(parent=haidian, title="内部通知")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    body = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{live.url}" in body
    assert draft.slug not in body
    assert private.slug not in body


def test_api_lists_sections_but_never_drafts_or_private_pages(client, haidian, chaoyang):
    draft = StandardPageFactory(parent=haidian, title="未发布草稿", live=False)
    private = StandardPageFactory(parent=haidian, title="内部通知")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/api/v3/pages/", {"type": "home.SectionPage"})
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {"海淀区科协", "朝阳区科协"}

    all_ids = {item["id"] for item in client.get("/api/v3/pages/", {"limit": 50}).json()["items"]}
    assert draft.pk not in all_ids and private.pk not in all_ids
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v3/pages/{private.pk}/").status_code == 404


def test_api_detail_carries_section_fields(client, haidian):
    body = client.get(f"/api/v3/pages/{haidian.pk}/").json()
    assert body["kind"] == "district"
    assert body["summary"] == "海淀区科学技术协会"


def test_api_docs_need_no_cdn(client, home):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_header_menu_shows_pages_marked_for_menus(client, haidian):
    response = client.get("/")
    html = response.content.decode()
    assert 'href="/districts/"' in html  # the districts index is in the menu
    assert 'aria-current="page"' in html


def test_home_page_query_count_does_not_grow_with_sections(client, home, django_assert_max_num_queries):
    from home.sections import setup_section

    for n in range(3):
        setup_section(kind="society", name=f"学会{n}", slug=f"society-{n}")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(3, 12):
        setup_section(kind="society", name=f"学会{n}", slug=f"society-{n}")
    with django_assert_max_num_queries(len(few)):
        response = client.get("/")
    assert response.content.decode().count('class="card section-card"') == 12


@pytest.mark.parametrize(
    "query",
    ["", "海淀", "x" * 5000, "！！！", "🔬🧪", "' OR 1=1; --", "(a+)+$" * 50, "%00", '"NEAR('],
)
def test_search_never_fails_on_odd_input(client, haidian, query):
    response = client.get("/search/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 100


def test_a_nul_byte_in_a_search_is_refused_with_a_message(client, haidian):
    response = client.get("/search/", {"q": "科普\x00"})
    assert response.status_code == 400
    assert "不允许的字符" in response.content.decode()


def test_search_finds_live_pages_only(client, haidian):
    StandardPageFactory(parent=haidian, title="Water saving tips")
    StandardPageFactory(parent=haidian, title="Water draft", live=False)
    response = client.get("/search/", {"q": "water"})
    titles = [hit["page"].title for hit in response.context["hits"]]
    assert titles == ["Water saving tips"]


def test_home_and_section_pages_list_upcoming_dates_and_advertise_ical(client, haidian):
    import datetime

    from django.utils import timezone

    from events.models import EventIndexPage, EventPage

    calendar = (
        haidian.get_parent()
        .get_parent()
        .add_child(instance=EventIndexPage(title="活动日历", slug="calendar"))
    )
    calendar.save_revision().publish()
    start = timezone.localtime() + datetime.timedelta(days=2)
    event = haidian.add_child(
        instance=EventPage(
            title="海淀青少年机器人体验日", start=start, end=start + datetime.timedelta(hours=2)
        )
    )
    event.save_revision().publish()

    home_html = client.get("/").content.decode()
    assert "近期活动" in home_html and "海淀青少年机器人体验日" in home_html
    assert '<link rel="alternate" type="text/calendar"' in home_html and 'href="/calendar/ical/"' in home_html

    section_html = client.get(haidian.url).content.decode()
    assert 'type="text/calendar"' in section_html and "/calendar/ical/?section=haidian" in section_html
    assert 'href="/calendar/?section=haidian"' in section_html


def test_home_and_section_pages_advertise_article_feeds(client, haidian):
    from articles.models import ArticleIndexPage

    home = haidian.get_parent().get_parent()
    home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles")).save_revision().publish()
    home_html = client.get("/").content.decode()
    for mime in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        assert f'type="{mime}" href="/articles/feed/' in home_html
    section_html = client.get(haidian.url).content.decode()
    assert 'type="application/rss+xml" href="/articles/feed/rss/?section=haidian"' in section_html
    assert 'href="/articles/?section=haidian"' in section_html
