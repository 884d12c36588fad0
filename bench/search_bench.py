"""
Chinese search speed on 10,000 pages of realistic text.

Builds the demo and the pages once in its own database (a SQLite file under
/tmp, or the PostgreSQL database in BENCH_DATABASE_URL), indexes them, then
times one-, two- and four-character queries and questions through the search
page with production settings: the first search of a query since the index
changed and since anyone asked it (ranked in the database, its statements'
shape and its results drawn anew) and a repeated one (kept), median and 95th
percentile, and the first's p95 as a multiple of the simplest page's median,
timed before each first search. A first search runs statements this process already built for another
query of the same shape (home.statements: a worker builds each shape once);
the last column is a first search whose shape is new to the process, which
builds them. Figures only.

    .venv/bin/python bench/search_bench.py [--pages 10000] [--runs 20]
    createdb kepu_bench_search  # once
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kepu_bench_search .venv/bin/python bench/search_bench.py
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

from harness import SIMPLEST, percentile_95, setup_production_django

setup_production_django("/tmp/kepu-bench-search.sqlite3")

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

import search.views  # noqa: E402
from home import content_version, statements  # noqa: E402
from home.models import SectionPage, StandardPage  # noqa: E402
from home.search_backend import INDEX_VERSION_KEY, index_version  # noqa: E402

SEEDS = Path(os.environ.get("SEEDS_DIR", Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"))
SEED_PLAN = sorted(SEEDS.glob("*.txt"))
QUERIES = {
    1: ["震", "碳", "星", "水"],
    2: ["地震", "科普", "社区", "辐射", "疫苗", "学会"],
    4: ["科学素质", "防震减灾", "人工智能", "垃圾分类", "科技工作"],
    # Questions as people type them: words no page uses, filler words, a lone 防.
    "问句": ["如何应对地震", "雾霾怎么防", "冬季防火有什么要注意的", "怎样提高科学素质"],
}


def sentences():
    """Sentences from the association's plan, or a fallback corpus if shared/ is absent."""
    text = "".join(path.read_text(encoding="utf-8") for path in SEED_PLAN)
    found = [s.strip() for s in text.replace("\n", "。").split("。") if len(s.strip()) > 8]
    if not found:
        sys.exit(f"no seed texts under {SEEDS} (set SEEDS_DIR to the folder of the association's plan)")
    print(f"corpus: {len(found)} sentences from {SEEDS}")
    return found


def build(pages):
    have = StandardPage.objects.filter(slug__startswith="bench-").count()
    if have >= pages:
        return None
    corpus = sentences()
    rng = random.Random(2026)
    sections = list(SectionPage.objects.all())
    start = time.perf_counter()
    now = timezone.now()
    for n in range(have, pages):
        parent = sections[n % len(sections)]
        body = "".join(f"<p>{rng.choice(corpus)}。</p>" for _ in range(rng.randint(3, 8)))
        with transaction.atomic():
            # Dated as published pages are, a minute apart: the search's newest-first
            # order over undated pages sorted one group of 10,000 NULLs (about 200 ms
            # on PostgreSQL for a word on most pages, against 35 ms with dates).
            published = now - datetime.timedelta(minutes=pages - n)
            parent.add_child(
                instance=StandardPage(
                    title=rng.choice(corpus)[:40],
                    slug=f"bench-{n}",
                    summary=rng.choice(corpus)[:120],
                    body=[("paragraph", body)],
                    first_published_at=published,
                    last_published_at=published,
                )
            )
    return time.perf_counter() - start


def timed(client, query, runs, first, new_shape=False, beside=None):
    """
    Times of ``runs`` searches; ``first``: as the first visitor asking since the index changed;
    ``new_shape``: and as the process's first search of its shape (home.statements builds its statements);
    ``beside``: a list given the simplest page's time before each search, so that a
    moment of noise on this machine weighs on both.
    """
    times = []
    for _ in range(runs):
        if beside is not None:
            started = time.perf_counter()
            client.get(SIMPLEST)
            beside.append((time.perf_counter() - started) * 1000)
        if new_shape:
            statements.forget()
        if first:
            index_version()
            caches["default"].incr(INDEX_VERSION_KEY)  # what an index change does: kept results are not found
            # A query nobody asked since the last publish: its plan and its drawn results are not kept either.
            content_version.forget_kept(*search.views.KEPT_PER_QUERY)
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times, response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the index even when no page was added"
    )
    args = parser.parse_args()
    built = build(args.pages)
    if built is not None:
        print(f"created {args.pages} pages in {built:.1f}s ({args.pages / built:.0f} pages/s)")
    if built is not None or args.reindex:
        start = time.perf_counter()
        call_command("update_index", verbosity=0, stdout=io.StringIO())
        print(f"full index rebuild (update_index): {time.perf_counter() - start:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does in production after a bulk load or a reindex: planner
            # statistics, and the dead index entries update_index leaves swept (a server
            # with autovacuum off kept 19,912 of them beside 10,167 live, and a word's
            # lookup read them all: 社区's 2,176 matches came from 6,439 rows).
            cursor.execute("VACUUM ANALYZE")

    setup_test_environment()  # lets the bench read the result count from the response context
    client = Client()
    print(
        f"database: {connection.vendor}; pages: {StandardPage.objects.count()}; production settings, no page cache"
    )
    print(
        "first: the query's first visitor since the index changed (ranked, shaped and drawn anew); again: repeated;"
        " new shape: a first search whose statements' shape this process has not built yet"
    )
    print(
        f"{'kind':>5}  {'query':<12}{'results':>8}{'first p50':>10}{'first p95':>10}{'× simplest':>11}"
        f"{'again p50':>10}{'again p95':>10}{'new shape p50':>14}"
    )
    for length, queries in QUERIES.items():
        for query in queries:
            client.get("/search/", {"q": query})
            client.get(SIMPLEST)
            simplest = []
            first, response = timed(client, query, args.runs, first=True, beside=simplest)
            again, _response = timed(client, query, args.runs, first=False)
            new_shape, _response = timed(client, query, args.runs, first=True, new_shape=True)
            count = response.context["page_obj"].paginator.count
            print(
                f"{length:>5}  {query:<12}{count:>8}{statistics.median(first):>10.1f}{percentile_95(first):>10.1f}"
                f"{percentile_95(first) / statistics.median(simplest):>10.2f}×"
                f"{statistics.median(again):>10.1f}{percentile_95(again):>10.1f}{statistics.median(new_shape):>14.1f}"
            )


if __name__ == "__main__":
    main()
