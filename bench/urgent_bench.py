"""
How fast an urgent answer reaches cached pages, feeds and the API after the
duty expert's approval returns, on gunicorn with production settings, Redis
and PostgreSQL, pages already cached. Then the same with Redis stopped for the
publish (or the withdrawal) and restarted with its old data.

For each run: clarification-editor's draft is submitted (through the ORM, as
the admin would), duty-expert ticks 紧急置顶 and presses 批准并发布 (an HTTP
POST to the edit view, as the browser sends it), and six anonymous clients poll
their URL until the answer shows; then the answer is withdrawn and they poll
until it is gone. Prints median and max in ms per URL. Asserts nothing.

    createdb -h 127.0.0.1 -U postgres kepu_bench_urgent   # once (the script tries itself)
    .venv/bin/python bench/urgent_bench.py [--runs 10]
"""

import argparse
import datetime
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Gunicorn, manage, production_env  # noqa: E402

from tests.servers import RedisServer, free_port  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kepu_bench_urgent")
PASSWORD = "kepu-bench-2026"
POLL = 0.01
GIVE_UP = 15.0


def ensure_database():
    if DATABASE_URL.startswith("postgres"):
        name = DATABASE_URL.rsplit("/", 1)[1]
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False
        )


def log_in(base, username):
    session = requests.Session()
    page = session.get(base + "/admin/login/")
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, f"no log-in form: {page.status_code} {page.text[:200]}"
    token = found.group(1)
    response = session.post(
        base + "/admin/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/admin/login/"},
    )
    assert response.url.rstrip("/").endswith("/admin"), "log-in failed"
    return session


def submit_draft(title):
    """What clarification-editor does in the admin, through the ORM: a draft, submitted."""
    from django.contrib.auth import get_user_model

    from articles.models import ClarificationEvidence, ClarificationIndexPage, ClarificationPage, Incident

    editor = get_user_model().objects.get(username="clarification-editor")
    index = ClarificationIndexPage.objects.get()
    page = ClarificationPage(
        title=title,
        claim=f"网传：{title}",
        verdict="false",
        answer=f"{title}是谣言。",
        incident=Incident.objects.first(),
        live=False,
    )
    page.evidence = [ClarificationEvidence(title="中国地震局通报", publisher="中国地震局")]
    index.add_child(instance=page)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def approve_urgent(session, base, page):
    """duty-expert ticks 紧急置顶, sets the expiry and presses 批准并发布: one POST."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    edit = base + f"/admin/pages/{page.pk}/edit/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(edit).text).group(1)
    until = (datetime.datetime.now() + datetime.timedelta(hours=6)).strftime("%Y-%m-%d %H:%M")
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "",
            "claim": page.claim,
            "claim_seen_where": "",
            "claim_first_seen": "",
            "verdict": "false",
            "answer": page.answer,
            "incident": page.incident_id,
            "explanation": streamfield([]),
            "evidence": inline_formset(
                [{"title": "中国地震局通报", "publisher": "中国地震局", "url": "", "date": ""}]
            ),
            "experts": inline_formset([]),
            "updates": inline_formset([]),
            "urgent": "on",
            "urgent_until": until,
        }
    )
    data.update(
        {"csrfmiddlewaretoken": token, "action-workflow-action": "true", "workflow-action-name": "approve"}
    )
    response = session.post(edit, data=data, headers={"Referer": edit}, allow_redirects=False)
    assert response.status_code == 302, response.text[:300]


def withdraw(session, base, page):
    url = base + f"/admin/pages/{page.pk}/unpublish/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)
    response = session.post(
        url, data={"csrfmiddlewaretoken": token}, headers={"Referer": url}, allow_redirects=False
    )
    assert response.status_code == 302, response.status_code


def wait_for(base, urls, text, present):
    """
    Per URL: ms from now until ``text`` is (or is no longer) in the response.
    A withdrawal stays in the CAP index as a Cancel, so there it waits for that.
    """
    start = time.perf_counter()
    results = {}

    def done(url, body):
        if url.endswith("/cap/") and not present:
            return f"已撤销：{text}" in body
        return (text in body) == present

    def poll(url):
        while time.perf_counter() - start < GIVE_UP:
            body = requests.get(base + url, timeout=5).text
            if done(url, body):
                results[url] = (time.perf_counter() - start) * 1000
                return
            time.sleep(POLL)
        results[url] = float("inf")

    threads = [threading.Thread(target=poll, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(title, rows, urls):
    print(f"\n{title}")
    print(f"{'where':62} {'median ms':>10} {'max ms':>10}")
    for url in urls:
        values = [row[url] for row in rows]
        print(f"{url:62} {statistics.median(values):10.0f} {max(values):10.0f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    ensure_database()
    redis = RedisServer().start()
    port = free_port()
    env = production_env(port, redis.url, DATABASE_URL, DEMO_PASSWORD=PASSWORD)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--noinput")  # production serves hashed static files only
    os.environ.update(env)
    import django

    django.setup()
    from articles.models import ArticlePage

    article = ArticlePage.objects.live().first()
    urls = [
        "/",
        "/calendar/",
        article.url,
        "/api/v3/pages/?type=articles.ClarificationPage&urgent=true",
        "/clarifications/feed/json/",
        "/clarifications/cap/",
    ]
    site = Gunicorn(env, port)
    try:
        expert = log_in(site.base, "duty-expert")
        published, withdrawn, published_fault, withdrawn_fault = [], [], [], []
        for run in range(args.runs):
            for url in urls:  # cached, as on a busy evening
                requests.get(site.base + url)
            page = submit_draft(f"基准紧急传言{secrets.token_hex(3)}")
            approve_urgent(expert, site.base, page)
            published.append(wait_for(site.base, urls, page.title, True))
            withdraw(expert, site.base, page)
            withdrawn.append(wait_for(site.base, urls, page.title, False))

            # Redis stopped for the publish, restarted with its old pages.
            for url in urls:
                requests.get(site.base + url)
            page = submit_draft(f"基准紧急传言{secrets.token_hex(3)}")
            redis.stop_saving()
            approve_urgent(expert, site.base, page)
            redis.restart()
            published_fault.append(wait_for(site.base, urls, page.title, True))
            for url in urls:
                requests.get(site.base + url)
            redis.stop_saving()
            withdraw(expert, site.base, page)
            redis.restart()
            withdrawn_fault.append(wait_for(site.base, urls, page.title, False))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        report("published (approval returned → answer visible)", published, urls)
        report("withdrawn (unpublish returned → answer gone)", withdrawn, urls)
        report("published with Redis stopped, restarted with old data", published_fault, urls)
        report("withdrawn with Redis stopped, restarted with old data", withdrawn_fault, urls)
    finally:
        site.close()
        redis.close()


if __name__ == "__main__":
    main()
