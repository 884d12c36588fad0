"""
No cache fault can hide or revive an urgent answer: a Redis of the test's own
is stopped (saving its data) around a withdrawal and a publish, then restarted
with the old pages in it. Afterwards no page, banner or feed from before the
change is ever served. And a CDN purge that fails is kept, retried and shown
to the people who publish.
"""

import pytest
from django.core.cache import caches

from articles.tests.fixtures import in_a_day, make_article, make_clarification
from home.deliveries import Delivery, deliver
from tests.servers import Receiver, RedisServer

HEADLINE = "今晚有大地震"


@pytest.fixture
def redis_server():
    server = RedisServer()
    if not server.available():
        pytest.fail("redis-server is needed (apt-get install redis-server, as .ci/run does)")
    yield server.start()
    server.close()


@pytest.fixture
def redis_page_cache(settings, redis_server):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "kepu-test-pages",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    yield redis_server
    caches["pages"].close()


@pytest.fixture
def site(article_index, clarification_index, incident, haidian):
    article = make_article(haidian, "家庭节水小窍门")
    return ["/", "/articles/", article.url, haidian.url, "/clarifications/", "/clarifications/feed/json/"]


def _shows_the_answer(client, url):
    return HEADLINE in client.get(url).content.decode()


def _warm(client, urls):
    for url in urls:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in urls), "pages are cached in Redis"


def test_a_withdrawal_while_redis_is_down_is_never_undone_by_its_old_data(
    client, redis_page_cache, site, clarification_index, incident, people
):
    page = make_clarification(clarification_index, incident, HEADLINE, urgent=True, urgent_until=in_a_day())
    _warm(client, site)
    assert all(_shows_the_answer(client, url) for url in site)

    redis_page_cache.stop_saving()
    client.force_login(people["duty_expert"])
    response = client.post(f"/admin/pages/{page.pk}/unpublish/", {"include_descendants": ""})
    assert response.status_code == 302
    client.logout()
    assert not any(_shows_the_answer(client, url) for url in site), "served from the database meanwhile"

    redis_page_cache.restart()
    assert redis_page_cache.command("DBSIZE") > 0, "Redis came back with its old pages"
    for url in site:
        assert not _shows_the_answer(client, url), url
    _warm(client, site)
    assert not any(_shows_the_answer(client, url) for url in site)


def test_a_publish_while_redis_is_down_is_never_hidden_by_its_old_data(
    client, redis_page_cache, site, clarification_index, incident
):
    _warm(client, site)
    redis_page_cache.stop_saving()
    make_clarification(clarification_index, incident, HEADLINE, urgent=True, urgent_until=in_a_day())
    redis_page_cache.restart()
    for url in site:
        assert _shows_the_answer(client, url), url
    banner = client.get("/articles/").content.decode()
    assert 'class="urgent-banner"' in banner


def test_a_failed_cdn_purge_is_kept_retried_and_shown_to_publishers(
    client, settings, clarification_index, incident, people, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[500, 200]) as cdn:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {"BACKEND": "home.purge.RetryingHTTPBackend", "LOCATION": cdn.url}
        }
        with django_capture_on_commit_callbacks(execute=True):
            make_clarification(clarification_index, incident, HEADLINE, urgent=True, urgent_until=in_a_day())
        failed = Delivery.objects.filter(kind=Delivery.Kind.PURGE)
        assert failed.count() == 1 and failed.get().status == Delivery.Status.RETRYING
        assert cdn.requests[0]["method"] == "PURGE"

        client.force_login(people["duty_expert"])
        dashboard = client.get("/admin/").content.decode()
        assert "CDN" in dashboard and "重试" in dashboard

        deliver.call(str(failed.get().pk))
        assert failed.get().status == Delivery.Status.DELIVERED
        assert "CDN" not in client.get("/admin/").content.decode()


def test_a_scheduled_expiry_purges_the_cdn_in_front(settings, site):
    """An urgent answer's expiry changes every page's banner without a publish to purge them."""
    from home.content_version import pass_due_changes

    with Receiver() as cdn:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {"BACKEND": "home.purge.RetryingHTTPBackend", "LOCATION": cdn.url}
        }
        pass_due_changes.call()
    assert [(request["method"], request["path"]) for request in cdn.requests] == [("PURGE", "/")]


def test_a_flood_of_junk_query_strings_is_one_cached_page(client, page_cache, programme):
    from django.core.cache import caches

    pages = caches["pages"]
    client.get("/")
    client.get("/calendar/?district=haidian")
    before = len(pages._cache)
    for number in range(1000):
        junk = f"utm_x={number}&fbclid={number * 7}&_={number}"
        for path in ["/", f"/calendar/?district=haidian&{junk}"]:
            response = client.get(f"{path}?{junk}" if "?" not in path else path)
            assert response.status_code == 200
    assert len(pages._cache) == before, "one entry per page, however many junk URLs"
    assert client.get("/?utm_source=wechat")["X-Page-Cache"] == "hit"
    # What the page reads still makes its own entry.
    assert client.get("/calendar/?district=xicheng")["X-Page-Cache"] == "miss"


def test_a_deploy_never_serves_pages_the_previous_release_rendered(client, settings, page_cache, home):
    """The old pages linked the old release's static files, which the new one no longer has."""
    from home.page_cache import code_version

    assert client.get("/").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"
    settings.STATIC_URL = "/static/release-2/"  # what the next collectstatic links
    settings.KEPU_RELEASE = "release-2"
    code_version.cache_clear()  # a new process, as after a deploy
    try:
        fresh = client.get("/")
        assert fresh["X-Page-Cache"] != "hit"
        assert "/static/release-2/css/site.css" in fresh.content.decode()
    finally:
        code_version.cache_clear()


def test_with_redis_down_a_busy_page_renders_once_then_comes_from_the_worker_itself(
    client, settings, redis_page_cache, site, haidian
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.page_cache import forget_near

    settings.PAGE_CACHE_NEAR_SECONDS = 60  # production keeps them about a second; this test must not race it
    _warm(client, site)
    redis_page_cache.stop_saving()
    forget_near()  # the worker's own copies have expired: nothing is cached anywhere reachable
    assert client.get("/articles/")["X-Page-Cache"] == "miss", "rendered once"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            response = client.get("/articles/")
            assert response["X-Page-Cache"] == "hit" and "家庭节水小窍门" in response.content.decode()
    assert len(queries) <= 5, "one content-version read per request, no render"

    make_article(haidian, "冬季用电安全")  # a publish: no copy from before it is served
    assert "冬季用电安全" in client.get("/articles/").content.decode()

    settings.PAGE_CACHE_NEAR_SECONDS = 0.2
    forget_near()
    client.get(haidian.url)
    import time

    time.sleep(0.3)
    assert client.get(haidian.url)["X-Page-Cache"] == "miss", "the worker's copies last only as long as set"
