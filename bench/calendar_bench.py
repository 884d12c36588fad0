"""
Calendar speed with thousands of dates: the calendar page (list and month grid,
filtered and not), and iCal feeds, including a year-long feed of 2,000+ dates.

Builds the data once in its own database (a SQLite file under /tmp, or the
PostgreSQL database in BENCH_DATABASE_URL): the demo site plus ``--series``
weekly events published through Wagtail, so their dates are materialised the
way editors' are. With production settings and no page cache, prints median /
95th percentile, query counts and each median as a multiple of the simplest
page's (/about/) timed beside it; asserts nothing about time.

    .venv/bin/python bench/calendar_bench.py [--series 100] [--weeks 20] [--runs 15]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kepu_bench .venv/bin/python bench/calendar_bench.py
"""

import argparse
import datetime
import time

from harness import SIMPLEST, measure, setup_production_django

setup_production_django("/tmp/kepu-bench-calendar.sqlite3")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from events.filters import today  # noqa: E402
from events.models import EventPage, FestivalPage, Occurrence, Venue  # noqa: E402
from events.models.schedule import local_midnight  # noqa: E402
from home.models import SectionPage  # noqa: E402


def build(series, weeks):
    existing = EventPage.objects.filter(title__startswith="基准系列").count()
    if existing >= series:
        return
    start = time.perf_counter()
    sections = list(SectionPage.objects.order_by("pk"))
    venues = list(Venue.objects.order_by("pk"))
    first = local_midnight(today() + datetime.timedelta(days=1))
    for n in range(existing, series):
        begins = first + datetime.timedelta(days=n % 7 + 7 * (n % 30), hours=9 + n % 10)
        event = EventPage(
            title=f"基准系列{n:03d}",
            start=begins,
            end=begins + datetime.timedelta(hours=2),
            venue=venues[n % len(venues)],
            audience=["children", "students", "families", "seniors", "professionals"][n % 5],
            repeat="WEEKLY",
            repeat_count=weeks,
        )
        sections[n % len(sections)].add_child(instance=event)
        event.save_revision().publish()
    print(f"published {series - existing} weekly series in {time.perf_counter() - start:.0f}s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    build(args.series, args.weeks)

    start, end = today(), today() + datetime.timedelta(days=364)
    year = Occurrence.objects.between(local_midnight(start), local_midnight(end + datetime.timedelta(days=1)))
    ten_weeks = start + datetime.timedelta(weeks=10)
    month = (today() + datetime.timedelta(days=40)).strftime("%Y-%m")
    print(
        f"database: {connection.vendor}; occurrences: {Occurrence.objects.count()}; in the next year: {year.count()}"
    )
    print(f"{'view':<40}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'kB':>8}{'× simplest':>12}")
    client = Client()

    def show(name, timing):
        # The simplest page again beside each figure: a busy moment moves both, not their ratio.
        simplest = measure(client, SIMPLEST, args.runs)
        print(
            f"{name:<40}{timing.median:>10.1f}{timing.p95:>10.1f}{timing.queries:>9}{timing.size / 1024:>8.0f}"
            f"{timing.median / simplest.median:>11.2f}×"
        )

    show(f"simplest page ({SIMPLEST})", measure(client, SIMPLEST, args.runs))
    for name, url in [
        ("calendar list (next 90 days)", "/calendar/"),
        ("calendar list, district + audience", "/calendar/?district=haidian&audience=families"),
        ("month grid", f"/calendar/?month={month}"),
        ("section calendar", "/calendar/?section=astronomy"),
        ("festival programme", FestivalPage.objects.get(title="2026北京科技周").url),
        ("iCal: whole calendar (RRULE series)", "/calendar/ical/"),
        ("iCal: next year (2,000+ dates)", f"/calendar/ical/?start={start}&end={end}"),
        ("iCal: 10 weeks, series cut date by date", f"/calendar/ical/?start={start}&end={ten_weeks}"),
        ("iCal: district filter", "/calendar/ical/?district=xicheng"),
        (
            "API: occurrences, next 30 days",
            f"/api/v3/occurrences/?start={start}&end={start + datetime.timedelta(days=30)}",
        ),
        ("API: events list", "/api/v3/pages/?type=events.EventPage&limit=20"),
    ]:
        show(name, measure(client, url, args.runs))
    # What an app polling with the ETag it has gets while nothing changed: 304, no body.
    for name, url in [
        (
            "API: occurrences, unchanged (304)",
            f"/api/v3/occurrences/?start={start}&end={start + datetime.timedelta(days=30)}",
        ),
        ("API: events list, unchanged (304)", "/api/v3/pages/?type=events.EventPage&limit=20"),
    ]:
        etag = client.get(url)["ETag"]
        show(name, measure(client, url, args.runs, status=304, HTTP_IF_NONE_MATCH=etag))


if __name__ == "__main__":
    main()
