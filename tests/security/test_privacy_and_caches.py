"""
Making a page private in the admin (its 隐私 setting) takes it from every
anonymous reader at once, cached copies included: no page, listing, feed or API
answer cached while it was public is served after.
"""

from django.contrib.auth import get_user_model

from articles.tests.fixtures import make_article
from lectures.tests.test_feeds import RecordingBackend


def test_a_page_made_private_leaves_the_cached_pages_and_api_at_once(
    client, settings, django_capture_on_commit_callbacks, haidian, article_index, page_cache
):
    article = make_article(haidian, "社区应急包清单")
    doors = [article.url, "/articles/", "/articles/feed/rss/", "/api/v3/pages/?type=articles.ArticlePage"]
    for path in doors:
        assert "社区应急包清单" in client.get(path).content.decode(), path
        assert client.get(path)["X-Page-Cache"] == "hit", path
    search = "/search/?q=社区应急包清单"
    assert f'href="{article.url}"' in client.get(search).content.decode(), "found, and the search kept"

    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(boss)
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "lectures.tests.test_feeds.RecordingBackend"}}
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{article.pk}/privacy/", {"restriction_type": "login"})
    assert response.status_code == 200 and article.get_view_restrictions().exists()
    client.logout()
    assert {"http://testserver/", article.full_url} <= set(RecordingBackend.purged), "the CDN lets go of it"

    page = client.get(article.url)
    assert page.status_code == 302 and "/login/" in page["Location"], "the page asks for a login"
    for path in doors[1:]:
        assert "社区应急包清单" not in client.get(path).content.decode(), path
    assert f'href="{article.url}"' not in client.get(search).content.decode(), "not found any more"
