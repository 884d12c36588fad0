"""
Varnish (deploy/varnish/default.vcl) in front of gunicorn under production
settings, as docs/varnish.md deploys it: anonymous pages, iCal and API reads
are served from Varnish for as long as the app's Cache-Control allows; what is
personal never is; and a change made in the admin — an editor's submit and the
duty expert's approval, an urgent answer, a withdrawal — reaches an anonymous
visitor through Varnish within a second, through Wagtail's PURGE.

Skipped without varnishd (apt-get install varnish, as .ci/run does), unless
REQUIRE_BROWSER_TESTS=1 (CI), which makes a missing varnishd a failure.
"""

import datetime
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from articles.models import ClarificationIndexPage, Incident
from articles.tests.fixtures import clarification_form, make_clarification
from articles.workflows import CLARIFICATION_EDITORS, setup_fast_lane
from bench.harness import ROOT, Gunicorn, production_env
from events.tests.fixtures import add_event, make_calendar, soon
from home.sections import DUTY_EXPERTS
from registrations import seats
from registrations.tests.fixtures import make_signup_event
from tests.fixtures import make_home
from tests.servers import free_port
from tests.sites import AdminUser, TaskWorker, database_url_for, password_hash, settings_module, stop

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
if not Path(VARNISHD).exists():
    reason = "Varnish tests skipped: no varnishd (apt-get install varnish, as .ci/run does)"
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(reason.replace("skipped", "required (REQUIRE_BROWSER_TESTS=1)"))
    pytest.skip(reason, allow_module_level=True)

# Asks pytest-django for the test database, which the module's fixture fills and gunicorn reads.
pytestmark = pytest.mark.django_db

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
# A publish must reach an anonymous visitor through Varnish within this long.
WITHIN = 1.0


def build_site(varnish_port):
    """The pages and people the tests act on, committed, on a Site named as visitors reach it."""
    home = make_home()
    Site.objects.update(hostname="127.0.0.1", port=varnish_port)
    index = home.add_child(instance=ClarificationIndexPage(title="应急科普", slug="clarifications"))
    index.save_revision().publish()
    setup_fast_lane(index)
    incident = Incident.objects.create(
        name="2026年11月某地地震", kind=Incident.Kind.EARTHQUAKE, start_date=datetime.date(2026, 11, 26)
    )
    live = make_clarification(index, incident, "震后井水变浑预示余震")
    calendar = make_calendar(home)
    event = add_event(calendar, "星空观测夜", soon(3, 19))
    signup = seats.signup_url(make_signup_event(calendar, capacity=20).occurrences.get())
    for username, group in [("clarification-editor", CLARIFICATION_EDITORS), ("duty-expert", DUTY_EXPERTS)]:
        user = get_user_model().objects.create(username=username, email=f"{username}@example.org.cn")
        user.password = password_hash()
        user.save()
        user.groups.add(Group.objects.get(name=group))
    get_user_model().objects.create(
        username="admin", password=password_hash(), is_superuser=True, is_staff=True
    )
    return {
        "index": index,
        "incident": incident,
        "live": live,
        "calendar": calendar,
        "event": event,
        "signup": signup,
    }


class Varnish:
    """varnishd in the foreground on the production VCL, gunicorn's port put in, until ``close``."""

    def __init__(self, folder, port, purge_port, backend_port):
        self.base = f"http://127.0.0.1:{port}"
        vcl = folder / "default.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-n", str(folder / "varnish"), "-f", str(vcl)]
            + ["-a", f"127.0.0.1:{port}", "-a", f"purge=127.0.0.1:{purge_port}", "-s", "malloc,64m"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"varnishd did not start:\n{self.process.stdout.read().decode()}"
                    ) from None
                time.sleep(0.05)
        self.close()
        raise RuntimeError("varnishd did not start")

    def close(self):
        stop(self.process)


@pytest.fixture(scope="module")
def front(django_db_setup, django_db_blocker, tmp_path_factory):
    """Varnish in front of gunicorn on this module's site; both stopped and the database emptied after."""
    folder = tmp_path_factory.mktemp("varnish")
    port, backend_port, purge_port = free_port(), free_port(), free_port()
    servers = []
    with django_db_blocker.unblock():
        try:
            pages = build_site(port)
            env = production_env(
                port,  # WAGTAILADMIN_BASE_URL: the admin is reached through Varnish too
                "",  # no Redis: the page cache in files, as on one machine
                database_url_for(folder),
                **settings_module(folder),
                DJANGO_PAGE_CACHE_DIR=str(folder / "pages"),
                MEDIA_ROOT=str(folder / "media"),
                FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{purge_port}",
                # A gunicorn worker serves its page-cache copy from before a publish for up to
                # this long; with the default (1 s) the second purge (home.purge) clears what
                # Varnish fetched meanwhile, a little after the second this test allows.
                DJANGO_CONTENT_VERSION_MEMO_SECONDS="0",
            )
            servers.append(Gunicorn(env, backend_port, log=True))
            servers.append(TaskWorker(env))
            servers.append(Varnish(folder, port, purge_port, backend_port))
            yield {"base": f"http://127.0.0.1:{port}", "purge": f"http://127.0.0.1:{purge_port}", **pages}
        finally:
            for server in reversed(servers):
                server.close()
            if servers and servers[0].log:  # gunicorn's
                Path(servers[0].log).unlink(missing_ok=True)
            call_command("flush", interactive=False, verbosity=0)


def get(front, path, **headers):
    return requests.get(front["base"] + path, headers=headers, timeout=10)


def served_from(response):
    """HIT, MISS or PASS, as the VCL labels what it did."""
    return response.headers.get("X-Cache")


def seconds_until(front, path, shows):
    """Poll ``path`` as an anonymous visitor until ``shows(body)``; seconds it took (inf after 5 s)."""
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < 5:
        if shows(get(front, path).text):
            return elapsed
        time.sleep(0.02)
    return float("inf")


def answer_form(front, title, slug, *, urgent=False):
    extra = {"slug": slug, "claim": f"网传：{title}", "answer": f"{title}是谣言。"}
    if urgent:
        until = timezone.localtime(timezone.now() + datetime.timedelta(hours=6))
        extra.update({"urgent": "on", "urgent_until": until.strftime("%Y-%m-%d %H:%M")})
    return clarification_form(front["incident"], title=title, **extra)


def submit_new_clarification(front, title, slug):
    """clarification-editor drafts an answer, saves it and submits it to the duty expert; its page id."""
    editor = AdminUser(front["base"], "clarification-editor")
    form = answer_form(front, title, slug)
    saved = editor.post(f"/admin/pages/add/articles/clarificationpage/{front['index'].pk}/", form)
    assert saved.status_code == 302, saved.text[:500]
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", saved.headers["Location"]).group(1))
    submitted = editor.post(f"/admin/pages/{page_id}/edit/", {**form, "action-submit": "true"})
    assert submitted.status_code == 302, submitted.text[:500]
    return page_id


def approve(front, page_id, title, slug, *, urgent=False):
    """duty-expert, in the edit view, (ticks 紧急置顶 and) presses 批准并发布: one POST."""
    expert = AdminUser(front["base"], "duty-expert")
    form = answer_form(front, title, slug, urgent=urgent)
    form.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = expert.post(f"/admin/pages/{page_id}/edit/", form)
    assert response.status_code == 302, response.text[:500]
    return expert


def test_an_anonymous_page_is_stored_once_and_served_to_every_visitor(front):
    path = front["live"].url
    first, second = get(front, path), get(front, path)
    assert (served_from(first), served_from(second)) == ("MISS", "HIT")
    assert "public" in second.headers["Cache-Control"] and "max-age=10" in second.headers["Cache-Control"]
    assert 0 <= int(second.headers["Age"]) <= 10
    # Anonymous visitors' own cookies (analytics, an old CSRF cookie) do not split the cache.
    with_cookies = get(front, path, Cookie="csrftoken=abcdefghijklmnopqrstuvwxyz012345; _ga=GA1.1.1")
    assert served_from(with_cookies) == "HIT"
    assert "Set-Cookie" not in with_cookies.headers


def test_an_edit_approved_in_the_admin_reaches_anonymous_visitors_within_a_second(front):
    page = front["live"]
    for path in (page.url, front["index"].url):
        get(front, path)
        assert served_from(get(front, path)) == "HIT"
    title = "震后井水变浑不预示余震（已更正）"
    editor = AdminUser(front["base"], "clarification-editor")
    form = answer_form(front, title, page.slug)
    assert editor.post(f"/admin/pages/{page.pk}/edit/", {**form, "action-submit": "true"}).status_code == 302
    assert title not in get(front, page.url).text, "a submitted draft changes nothing public"

    approve(front, page.pk, title, page.slug)
    for path in (page.url, front["index"].url):
        took = seconds_until(front, path, lambda body: title in body)
        assert took <= WITHIN, f"{path}: the approved title showed after {took:.2f} s"


def test_an_urgent_answer_reaches_every_page_within_a_second_and_leaves_with_its_withdrawal(front):
    title = "“今晚有7级地震”是谣言"
    page_id = submit_new_clarification(front, title, "no-earthquake-tonight")
    pages = ("/", front["calendar"].url)
    for path in pages:
        get(front, path)
        assert served_from(get(front, path)) == "HIT"

    expert = approve(front, page_id, title, "no-earthquake-tonight", urgent=True)
    # The home page leads with it; every other page carries the banner (the calendar
    # is one the app does not purge: the VCL's host-wide ban refreshes it).
    home = seconds_until(front, "/", lambda body: re.search(f'id="home-lead-heading"><a[^>]*>{title}', body))
    banner = seconds_until(front, pages[1], lambda body: 'class="urgent-banner"' in body and title in body)
    assert max(home, banner) <= WITHIN, (
        f"urgent answer shown after {home:.2f} s (home), {banner:.2f} s (calendar)"
    )

    response = expert.post(f"/admin/pages/{page_id}/unpublish/", {})
    assert response.status_code == 302, response.status_code
    for path in pages:
        took = seconds_until(front, path, lambda body: title not in body)
        assert took <= WITHIN, f"{path}: the withdrawn answer stayed {took:.2f} s"


def test_nothing_signed_in_is_ever_stored(front):
    expert = AdminUser(front["base"], "duty-expert")
    for path in ("/admin/", front["index"].url):
        responses = [expert.get(path) for _ in range(2)]
        assert [served_from(response) for response in responses] == ["PASS", "PASS"], path
        # One transaction id each: both went to gunicorn (a hit carries the stored one too).
        assert [len(response.headers["X-Varnish"].split()) for response in responses] == [1, 1]
    assert "duty-expert" not in get(front, front["index"].url).text


def test_a_response_that_sets_a_cookie_is_never_stored(front):
    for path in ("/admin/login/", front["signup"]):
        responses = [get(front, path) for _ in range(3)]
        assert all(served_from(response) != "HIT" for response in responses), path
        assert all("csrftoken=" in response.headers.get("Set-Cookie", "") for response in responses), path
    # A visitor who has a CSRF cookie keeps it: it reaches the app (which renews the same one),
    # so the form's token matches the cookie the browser sends back with it.
    cookie = get(front, front["signup"]).cookies["csrftoken"]
    again = get(front, front["signup"], Cookie=f"csrftoken={cookie}")
    assert served_from(again) == "PASS"
    assert again.cookies["csrftoken"] == cookie


def test_ical_and_the_api_are_stored_and_follow_a_withdrawal_within_a_second(front):
    event = front["event"]
    reads = (f"{front['calendar'].url}ical/", "/api/v3/pages/?type=events.EventPage")
    for path in reads:
        first, second = get(front, path), get(front, path)
        assert (served_from(first), served_from(second)) == ("MISS", "HIT"), path
        assert event.title in second.text, path

    admin = AdminUser(front["base"], "admin")
    assert admin.post(f"/admin/pages/{event.pk}/unpublish/", {}).status_code == 302
    for path in reads:
        took = seconds_until(front, path, lambda body: event.title not in body)
        assert took <= WITHIN, f"{path}: the withdrawn event stayed {took:.2f} s"


def test_only_the_app_may_purge(front):
    path = front["index"].url
    get(front, path)
    refused = requests.request("PURGE", front["base"] + path, timeout=10)
    assert refused.status_code == 405
    assert served_from(get(front, path)) == "HIT"
    host = front["base"].removeprefix("http://")
    accepted = requests.request("PURGE", front["purge"] + path, headers={"Host": host}, timeout=10)
    assert accepted.status_code == 200
    assert served_from(get(front, path)) == "MISS"
