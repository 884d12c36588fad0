"""
Every public page type, uncached, in this process with production settings: the
median render and its queries, each as a multiple of the site's simplest page
(/about/, a StandardPage) from the same run. On the demo site (load_demo), built
once in its own SQLite file.

    .venv/bin/python bench/pages_bench.py [--runs 30]
"""

import argparse
from pathlib import Path

from harness import SIMPLEST, measure, setup_production_django

DATABASE = Path("/tmp/kepu-bench-pages.sqlite3")
EXTRA = {
    "calendar, filtered": "/calendar/?section=haidian&audience=children",
    "calendar iCal": "/calendar/ical/",
    "search 科普": "/search/?q=科普",
    "API pages": "/api/v3/pages/?type=events.EventPage&fields=title,start&limit=20",
    "API occurrences": "/api/v3/occurrences/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    setup_production_django(DATABASE)
    from django.test import Client
    from wagtail.models import Page

    client = Client()
    paths = {}
    for page in Page.objects.live().public().specific().order_by("depth", "path"):
        paths.setdefault(type(page).__name__, page.url)
    paths.pop("Page", None)
    paths.update(EXTRA)
    print(
        f"{'page':24} {'path':44} {'median':>8} {'p95':>8} {'simplest':>8} {'× simplest':>10} {'queries':>7}"
    )
    for name, path in paths.items():
        # The simplest page is timed again beside each page, so a busy moment on
        # the machine moves both figures and not their ratio.
        simplest = measure(client, SIMPLEST, options.runs)
        timing = measure(client, path, options.runs)
        print(
            f"{name:24} {path[:44]:44} {timing.median:6.1f}ms {timing.p95:6.1f}ms {simplest.median:6.1f}ms"
            f" {timing.median / simplest.median:9.2f}× {timing.queries:7d}"
        )


if __name__ == "__main__":
    main()
