"""
What every benchmark shares: Django set up on a database of the bench's own
(never the development or test one), and the timing of one view.

    from harness import setup_django
    setup_django("sqlite:////tmp/kepu-bench-x.sqlite3")   # BENCH_DATABASE_URL overrides
"""

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def setup_django(default_database_url):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", default_database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


@dataclass
class Timing:
    median: float
    p95: float
    queries: int
    size: int


def percentile_95(sorted_times):
    return sorted_times[min(len(sorted_times) - 1, round(0.95 * (len(sorted_times) - 1)))]


def measure(client, url, runs, follow=False, status=200, **headers):
    """Median and 95th percentile in ms over `runs` requests after one warm-up, and the queries of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, follow=follow, **headers)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, follow=follow, **headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == status, (url, response.status_code)
    times.sort()
    return Timing(statistics.median(times), percentile_95(times), len(queries), len(response.content))
