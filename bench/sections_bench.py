"""
Explorer and dashboard speed with 200 sections and 20,000 pages.

Builds the data once in its own database (a SQLite file under /tmp, or the
PostgreSQL database in BENCH_DATABASE_URL), then times the admin views a section
editor and a superuser open most, printing median / 95th percentile and the
query count of each. Figures only; nothing is asserted.

    .venv/bin/python bench/sections_bench.py [--sections 200] [--pages 20000] [--runs 15]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kepu_bench .venv/bin/python bench/sections_bench.py
"""

import argparse
import io
import time

from harness import measure, setup_django

setup_django("sqlite:////tmp/kepu-bench-sections.sqlite3")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from home.models import SectionPage, StandardPage  # noqa: E402
from home.sections import add_person, setup_section  # noqa: E402


def build(sections, pages):
    settings.DEBUG = True
    call_command("migrate", verbosity=0)
    if SectionPage.objects.count() >= sections:
        return
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    start = time.perf_counter()
    for n in range(SectionPage.objects.count(), sections):
        kind = "district" if n % 12 == 0 else "society"
        setup_section(kind=kind, name=f"基准学会{n:03d}", slug=f"bench-{n:03d}")
    per_section = pages // sections
    locale = Locale.get_default()
    for section in SectionPage.objects.order_by("pk"):
        existing = section.get_children().count()
        with transaction.atomic():
            for i in range(existing, per_section):
                section.add_child(
                    instance=StandardPage(
                        title=f"{section.title}页面{i}", slug=f"p{i}", locale=locale, live=i % 4 != 0, body=[]
                    )
                )
    print(f"built {sections} sections, {Page.objects.count()} pages in {time.perf_counter() - start:.0f}s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    build(args.sections, args.pages)

    User = get_user_model()
    section = SectionPage.objects.order_by("pk")[len(SectionPage.objects.all()) // 2]
    editor = User.objects.filter(username="bench-editor").first() or add_person(section, "bench-editor")[0]
    superuser = User.objects.filter(is_superuser=True).first()

    print(
        f"database: {connection.vendor}; sections: {SectionPage.objects.count()}; pages: {Page.objects.count()}"
    )
    print(f"{'view':<34}{'user':<16}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for who, user in [("section editor", editor), ("superuser", superuser)]:
        client = Client()
        client.force_login(user)
        for name, url in [
            ("dashboard /admin/", "/admin/"),
            ("explorer /admin/pages/", "/admin/pages/"),
            ("section explorer", f"/admin/pages/{section.pk}/"),
            ("page chooser", "/admin/choose-page/"),
            ("page search", "/admin/pages/search/?q=页面"),
        ]:
            timing = measure(client, url, args.runs, follow=True)
            print(f"{name:<34}{who:<16}{timing.median:>10.1f}{timing.p95:>10.1f}{timing.queries:>9}")


if __name__ == "__main__":
    main()
