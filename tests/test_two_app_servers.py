"""
Two app servers behind one address share everything they must agree on: two
gunicorns on two ports, production settings, one database (PostgreSQL in CI's
second leg; a SQLite file in the first), one Redis and one S3 server. What one of
them takes in (a sign-in, an upload, a publish, an urgent answer) the other serves
at once: its page cache, the urgent banner and jieba's dictionary of the
platform's names follow the shared content version, files come from the bucket.
"""

import datetime
import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from articles.models import ClarificationIndexPage, Incident
from articles.tests.fixtures import clarification_form
from bench.harness import Gunicorn, production_env
from tests.fixtures import make_home
from tests.servers import RedisServer, S3Server, free_port
from tests.sites import AdminUser, TaskWorker, database_url_for, password_hash, settings_module

pytestmark = pytest.mark.django_db

NEW_NAME = "星汉灿烂科学节"  # not a word jieba knows until a page of that name is published
QUESTION = f"{NEW_NAME}有哪些活动"  # without the word: 星汉/灿烂/科学/节有/哪些/活动, and 节有 is nowhere


def build_site(port):
    home = make_home()
    Site.objects.update(hostname="127.0.0.1", port=port)
    index = home.add_child(instance=ClarificationIndexPage(title="应急科普", slug="clarifications"))
    index.save_revision().publish()
    incident = Incident.objects.create(
        name="2026年12月暴雪", kind=Incident.Kind.WEATHER, start_date=datetime.date(2026, 12, 1)
    )
    get_user_model().objects.create(
        username="admin", password=password_hash(), is_superuser=True, is_staff=True
    )
    return {"home": home, "index": index, "incident": incident}


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-servers")
    redis, s3 = RedisServer(), S3Server()
    if not redis.available():
        pytest.skip("no redis-server")
    redis.start()
    s3.start()
    running = []
    port_a, port_b = free_port(), free_port()
    with django_db_blocker.unblock():
        try:
            site = build_site(port_a)
            env = production_env(
                port_a,
                redis.url,
                database_url_for(folder),
                **settings_module(folder),
                **s3.environ,
                MEDIA_ROOT=str(folder / "no-media-on-this-disk"),
            )
            running.append(TaskWorker(env))
            a = Gunicorn(env, port_a, workers=1)
            running.append(a)
            b = Gunicorn(env, port_b, workers=1)
            running.append(b)
            yield {"a": a.base, "b": b.base, "s3": s3, **site}
        finally:
            for server in reversed(running):
                server.close()
            s3.stop()
            redis.close()
            call_command("flush", interactive=False, verbosity=0)


def until(check, seconds=3.0):
    """Seconds until check() is true (asserting it becomes true within `seconds`)."""
    start = time.perf_counter()
    while not check():
        assert time.perf_counter() - start < seconds, "not within the time allowed"
        time.sleep(0.05)
    return time.perf_counter() - start


def test_a_sign_in_on_one_server_is_a_sign_in_on_the_other(servers):
    admin = AdminUser(servers["a"], "admin")
    assert admin.elsewhere(servers["b"]).get("/admin/").status_code == 200


def test_a_file_uploaded_through_one_server_is_served_by_the_other(servers):
    admin = AdminUser(servers["a"], "admin")
    poster = io.BytesIO()
    Image.new("RGB", (120, 80), "#0b5cad").save(poster, format="PNG")
    uploaded = admin.post(
        "/admin/images/add/",
        {"title": "双机海报"},
        files={"file": ("poster.png", poster.getvalue(), "image/png")},
    )
    assert uploaded.status_code == 302, uploaded.text[:300]
    image_id = re.search(r"/admin/images/(\d+)/", admin.get("/admin/images/?q=双机海报").text).group(1)
    # Server B draws its admin page with a rendition it makes from the original A stored in the bucket.
    page = admin.elsewhere(servers["b"]).get(f"/admin/images/{image_id}/")
    assert page.status_code == 200
    rendition = re.search(r'src="(http://127\.0\.0\.1:\d+/[^"]+/images/[^"]+)"', page.text).group(1)
    assert rendition.startswith(servers["s3"].endpoint)
    assert admin.session.get(rendition).status_code == 200


def test_a_publish_through_one_server_is_served_by_the_other_at_once(servers):
    import requests

    a, b = servers["a"], servers["b"]
    visitor = requests.Session()
    for path in ("/", "/clarifications/"):  # B's copies are cached before the publishes
        assert visitor.get(b + path).status_code == 200
    before = visitor.get(f"{b}/search/", params={"q": QUESTION}).text
    assert "/xinghan/" not in before

    # The association publishes a new series through A: its name becomes a word for search on B too.
    admin = AdminUser(a, "admin")
    form = nested_form_data(
        {"title": NEW_NAME, "slug": "xinghan", "summary": "冬季科普活动安排", "intro": streamfield([])}
    )
    published = admin.post(
        f"/admin/pages/add/lectures/lectureseriespage/{servers['home'].pk}/", {**form, "action-publish": "1"}
    )
    assert published.status_code == 302, published.text[:500]
    until(lambda: visitor.get(f"{b}/xinghan/").status_code == 200)

    def complete_match():  # 星汉灿烂科学节 + 活动, once B has read the new name (checked each second)
        results = visitor.get(f"{b}/search/", params={"q": QUESTION}).text
        found = 'href="/xinghan/"' in results or f'href="{a}/xinghan/"' in results
        return found and "没有找到包含全部关键词的内容" not in results

    until(complete_match, seconds=4.0)

    # An urgent answer published through A is in the banner of B's home page, cached before it.
    urgent_until = timezone.localtime(timezone.now() + datetime.timedelta(hours=6)).strftime("%Y-%m-%d %H:%M")
    title = "暴雪天气不会停水"
    form = clarification_form(servers["incident"], title=title, urgent="on", urgent_until=urgent_until)
    published = admin.post(
        f"/admin/pages/add/articles/clarificationpage/{servers['index'].pk}/", {**form, "action-publish": "1"}
    )
    assert published.status_code == 302, published.text[:500]
    seconds = until(
        lambda: "urgent-banner" in (page := visitor.get(b + "/clarifications/").text) and title in page
    )
    assert seconds <= 2.0  # within the content version's one-second memo, and a request
