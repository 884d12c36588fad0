"""
Cached throughput with Redis up and with Redis down, each with and without the
worker processes' own copies of the pages they served (PAGE_CACHE_NEAR_SECONDS):
gunicorn with production settings (2 workers) on the demo site, a Redis of its
own, and `--clients` threads asking for the same few popular pages for
`--seconds` each run.

    .venv/bin/python bench/redis_down_bench.py [--seconds 10] [--clients 8]
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import requests
from harness import ROOT, Gunicorn, prepare_demo, production_env
from pages_bench import DATABASE

sys.path.insert(0, str(ROOT))
from tests.servers import RedisServer, free_port

PATHS = ["/", "/calendar/", "/lectures/", "/articles/", "/clarifications/", "/about/"]


def hammer(base, seconds, clients):
    """Requests per second and the median latency (ms) over ``seconds``, from ``clients`` threads."""
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    def client(offset):
        session = requests.Session()
        n = offset
        while time.monotonic() < deadline:
            start = time.perf_counter()
            response = session.get(base + PATHS[n % len(PATHS)], timeout=30)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append(response.status_code)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / seconds, statistics.median(latencies) * 1000, len(errors)


def worker_memory(master):
    """RSS and PSS (shared pages divided among the processes sharing them) of each gunicorn worker."""
    figures = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if int(fields["PPid"]) != master:
                continue
            rollup = (status.parent / "smaps_rollup").read_text().splitlines()
        except (OSError, ValueError, KeyError):
            continue
        kb = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:] if line.split()[1].isdigit()}
        figures.append(f"{kb['Rss'] / 1024:.0f} / {kb['Pss'] / 1024:.0f}")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    prepare_demo(DATABASE)
    print(f"{'near copies':12} {'Redis':6} {'req/s':>8} {'median':>9} {'errors':>7}")
    for near in ("1", "0"):
        redis = RedisServer().start()
        port = free_port()
        env = production_env(
            port,
            redis.url,
            f"sqlite:///{DATABASE}",
            DJANGO_PAGE_CACHE_NEAR_SECONDS=near,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT="/tmp/kepu-bench-pages-media",
        )
        server = Gunicorn(env, port)
        try:
            base = server.base
            for path in PATHS:  # into Redis
                requests.get(base + path, timeout=30)
            for state in ("up", "down"):
                if state == "down":
                    redis.close()
                rate, median, errors = hammer(base, options.seconds, options.clients)
                print(
                    f"{near + ' s' if near != '0' else 'off':12} {state:6} {rate:8.1f} {median:7.1f}ms {errors:7d}"
                )
            print("  workers after load (RSS / PSS, MB):", ", ".join(worker_memory(server.process.pid)))
        finally:
            server.close()
            redis.close()


if __name__ == "__main__":
    main()
