"""
A Science Week evening against one app server: bench/evening_locust.py run
headless by locust for a bounded time against gunicorn as production serves it
(production settings, the Dockerfile's worker count, Redis for the page cache),
on SQLite or PostgreSQL, optionally behind Varnish with deploy/varnish/default.vcl.

The demo site (``manage.py load_demo``) is built once into a template database
(``/tmp/kepu-bench-evening-template.sqlite3``, or PostgreSQL
``kepu_bench_evening_template``) with its media under /tmp; every run works on
a fresh copy of it (``/tmp/kepu-bench-evening.sqlite3`` or ``kepu_bench_evening``,
dropped and recreated), migrated in case the code gained migrations. Redis is
the one on 127.0.0.1:6379 (database ``--redis-db``, 5, flushed before each
run; a private redis-server if none answers there). Each run prints, per
endpoint group: requests, share, throughput, p50 / p95 / p99 (ms, as locust
rounds them) and errors, plus the total; the CPU the app server (and
PostgreSQL, Varnish, locust) used; conditional polls answered 304; publishes;
tracebacks in gunicorn's log; and with ``--varnish`` Varnish's hit ratio
(``MAIN.cache_hit`` vs ``MAIN.cache_miss``). ``--users 20,60,120`` runs each
level in turn on the same server and ends with p99 per group across levels,
which shows what gives way first. Asserts nothing.

    .venv/bin/python bench/evening_bench.py [--users 60] [--spawn-rate 20] [--run-time 60]
    .venv/bin/python bench/evening_bench.py --postgres --users 20,60,120
    .venv/bin/python bench/evening_bench.py --varnish [--vcl deploy/varnish/default.vcl]
    .venv/bin/python bench/evening_bench.py --edit-every 0        # nobody publishes
    .venv/bin/python bench/evening_bench.py --rebuild             # build the template again

Locust itself runs on the same two cores as the server; its CPU is printed so
the figures can be read with that in mind.
"""

import argparse
import contextlib
import csv
import datetime
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Gunicorn, manage, production_env  # noqa: E402

from tests.servers import RedisServer, free_port  # noqa: E402

NAME = "kepu_bench_evening"
TEMPLATE = f"{NAME}_template"
TMP = Path(tempfile.gettempdir())
SQLITE = TMP / "kepu-bench-evening.sqlite3"
SQLITE_TEMPLATE = TMP / "kepu-bench-evening-template.sqlite3"
PASSWORD = "kepu-demo-2026"
LOCUSTFILE = Path(__file__).resolve().parent / "evening_locust.py"
VISITORS = ["Visitor", "AppPoller", "CalendarSubscriber"]


def run(*command, check=True):
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and done.returncode:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")
    return done.stdout


def psql(command, database="postgres"):
    return run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAqc", command)


def postgres_url(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def media_root(postgres):
    return TMP / f"kepu-bench-evening-media-{'postgres' if postgres else 'sqlite'}"


def marker(postgres):
    return TMP / f"kepu-bench-evening-template-{'postgres' if postgres else 'sqlite'}.v2.ok"


def base_env(database_url, redis_url, port, postgres, **extra):
    return production_env(
        port,
        redis_url,
        database_url,
        DEMO_PASSWORD=PASSWORD,
        SEEDS_DIR=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
        MEDIA_ROOT=str(media_root(postgres)),
        **extra,
    )


def build_template(postgres, redis_url, rebuild):
    """The demo site, migrated and loaded once; later runs copy it."""
    if marker(postgres).exists() and not rebuild:
        if not postgres and SQLITE_TEMPLATE.exists():
            return
        if postgres and psql(f"SELECT 1 FROM pg_database WHERE datname = '{TEMPLATE}'").strip() == "1":
            return
    print("building the demo template (migrate, load_demo): a minute or two", file=sys.stderr)
    marker(postgres).unlink(missing_ok=True)
    shutil.rmtree(media_root(postgres), ignore_errors=True)
    if postgres:
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", TEMPLATE)
        run("createdb", "-h", "127.0.0.1", "-U", "postgres", TEMPLATE)
        url = postgres_url(TEMPLATE)
    else:
        SQLITE_TEMPLATE.unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_TEMPLATE}"
    env = base_env(url, redis_url, 8000, postgres)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--force")
    # What loading queued (search index, reference index): done now, not by the first run's worker.
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    if not postgres:
        # One file to copy: the write-ahead log folded back in.
        import sqlite3

        with sqlite3.connect(SQLITE_TEMPLATE) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    marker(postgres).touch()


def fresh_database(postgres):
    """A copy of the template to run on (the last run's copy dropped first)."""
    if postgres:
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", NAME)
        run("createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", TEMPLATE, NAME)
        return postgres_url(NAME)
    drop_sqlite()
    shutil.copyfile(SQLITE_TEMPLATE, SQLITE)
    return f"sqlite:///{SQLITE}"


def drop_sqlite():
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)


def collect_static(env, force):
    """collectstatic (two minutes with compression) only when a static file is newer than the manifest."""
    manifest = ROOT / "static_collected" / "staticfiles.json"
    if manifest.exists() and not force:
        built = manifest.stat().st_mtime
        sources = [path for folder in ROOT.glob("*/static") for path in folder.rglob("*") if path.is_file()]
        if all(path.stat().st_mtime <= built for path in sources):
            return
    print("collectstatic (production serves hashed static files only)", file=sys.stderr)
    manage(env, "collectstatic", "--noinput")


def production_workers(args):
    """Workers and threads as the Dockerfile starts gunicorn (None: gunicorn.conf.py decides)."""
    if args.workers is not None:
        return args.workers, args.threads, "--workers"
    dockerfile = (ROOT / "Dockerfile").read_text()
    workers = re.search(r"--workers[ =]\$\{WEB_CONCURRENCY:-(\d+)\}", dockerfile)
    fixed = re.search(r"--workers[ =](\d+)", dockerfile)
    threads = re.search(r"--threads[ =](\d+)", dockerfile)
    threads = args.threads or (int(threads.group(1)) if threads else None)
    if workers:
        return int(os.environ.get("WEB_CONCURRENCY", workers.group(1))), threads, "Dockerfile"
    if fixed:
        return int(fixed.group(1)), threads, "Dockerfile"
    return None, threads, "gunicorn.conf.py"


def redis_url(args):
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)
        client.ping()
        return f"redis://127.0.0.1:6379/{args.redis_db}", None
    except Exception:
        server = RedisServer().start()
        return server.url, server


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class Varnish:
    """varnishd in front of gunicorn with the project's VCL (its backend port rewritten), PURGE on a port of its own."""

    def __init__(self, vcl, backend_port, port, purge_port):
        self.folder = Path(tempfile.mkdtemp(prefix="kepu-bench-varnish-"))
        self.folder.chmod(0o755)
        self.port, self.purge_port = port, purge_port
        text = Path(vcl).read_text()
        text, count = re.subn(
            r'(backend\s+default\s*\{[^}]*?\.port\s*=\s*")\d+(")', rf"\g<1>{backend_port}\g<2>", text
        )
        if not count:
            raise RuntimeError(f"no backend default .port in {vcl}")
        self.vcl = self.folder / "bench.vcl"
        self.vcl.write_text(text)
        self.vcl.chmod(0o644)
        self.name = str(self.folder / "instance")
        self.process = subprocess.Popen(
            ["varnishd", "-F", "-n", self.name, "-f", str(self.vcl), "-s", "malloc,256m"]
            + ["-a", f"127.0.0.1:{self.port}", "-a", f"purge=127.0.0.1:{self.purge_port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(200):
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/robots.txt", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd did not start: {self.process.stderr.read()}")
            time.sleep(0.1)
        self.close()
        raise RuntimeError("varnishd did not answer")

    def counters(self):
        found = {}
        for line in run("varnishstat", "-1", "-n", self.name).splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].startswith("MAIN."):
                found[parts[0][5:]] = int(parts[1])
        return found

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def cpu_seconds(processes):
    """
    User + system CPU of these processes and their children alive now, plus what
    their exited children used (a master reaps its workers, PostgreSQL its backends).
    """
    total = 0.0
    seen = set()
    for process in processes:
        try:
            family = [process, *process.children(recursive=True)]
        except psutil.Error:
            continue
        for member in family:
            if member.pid in seen:
                continue
            seen.add(member.pid)
            try:
                times = member.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
            except psutil.Error:
                pass
    return total


def scheduled(process):
    """
    Seconds this process's children (gunicorn's workers) spent on a CPU and
    runnable but waiting for one (/proc/PID/schedstat): on a machine busy with
    other work the second shows how far the server was starved.
    """
    on_cpu = waiting = 0.0
    for child in process.children():
        with contextlib.suppress(OSError, psutil.Error):
            ran, waited, _slices = Path(f"/proc/{child.pid}/schedstat").read_text().split()
            on_cpu += int(ran) / 1e9
            waiting += int(waited) / 1e9
    return on_cpu, waiting


def machine_busy():
    """CPU seconds every process on the machine has used (others' work included: the cores are shared)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def postmaster():
    """PostgreSQL's postmaster on this machine (its backends are its children)."""
    for process in psutil.process_iter(["name", "ppid"]):
        if (process.info["name"] or "").startswith("postgres") and process.info["ppid"] == 1:
            return [process]
    found = [p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")]
    return [min(found, key=lambda p: p.pid)] if found else []


def task_backlog(postgres):
    """Tasks due and still waiting for the worker, by task (a worker that keeps up leaves few)."""
    query = (
        "SELECT task_path, COUNT(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'READY' AND (run_after IS NULL OR run_after <= {now}) GROUP BY task_path ORDER BY 2 DESC"
    )
    if postgres:
        rows = [line.split("|") for line in psql(query.format(now="now()"), NAME).splitlines() if line]
    else:
        import sqlite3

        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
        with contextlib.closing(sqlite3.connect(SQLITE, timeout=30)) as connection:
            rows = connection.execute(query.format(now="?"), (now,)).fetchall()
    return {path.rsplit(".", 1)[-1]: int(count) for path, count in rows}


def tracebacks(log):
    return sum(1 for line in log.splitlines() if line.startswith("Traceback"))


def run_locust(args, base, users, folder, extra_processes, varnish=None):
    """One bounded locust run; its per-group rows, counts and the CPU each side used."""
    prefix = folder / f"u{users}"
    extra = folder / f"u{users}-extra.json"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "-H",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.run_time}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(prefix),
        "--think-min",
        str(args.think_min),
        "--think-max",
        str(args.think_max),
        "--edit-every",
        str(args.edit_every or 1),
        "--editor",
        args.editor,
        "--extra-out",
        str(extra),
        *(VISITORS if not args.edit_every else []),
    ]
    watched = {name: list(processes) for name, processes in extra_processes.items()}
    locust = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    locust_process = psutil.Process(locust.pid)
    lines, started = [], threading.Event()
    marks = {}

    def read():
        # The load starts when the locustfile says what it found (test_start); CPU is counted from then.
        for line in locust.stdout:
            lines.append(line)
            if line.startswith("evening:") and not started.is_set():
                marks["start"] = time.monotonic()
                marks["load"] = os.getloadavg()[0]
                marks["before"] = {name: cpu_seconds(processes) for name, processes in watched.items()}
                marks["locust"] = cpu_seconds([locust_process])
                marks["machine"] = machine_busy()
                marks["scheduled"] = scheduled(watched["gunicorn"][0])
                marks["varnish"] = varnish.counters() if varnish else {}
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    start = time.monotonic()
    locust_cpu = 0.0
    try:
        deadline = args.run_time + 180  # discovery, spawning and stopping
        while locust.poll() is None:
            locust_cpu = cpu_seconds([locust_process])
            if time.monotonic() - start > deadline:
                os.killpg(locust.pid, signal.SIGTERM)
                locust.wait(timeout=30)
                raise RuntimeError("locust overran its time and was stopped")
            time.sleep(0.5)
    finally:
        if locust.poll() is None:
            os.killpg(locust.pid, signal.SIGKILL)
            locust.wait()
    after = {name: cpu_seconds(processes) for name, processes in watched.items()}
    reader.join(timeout=10)
    output = "".join(lines)
    if not started.is_set():
        raise RuntimeError(f"locust never started its users:\n{output[-3000:]}")
    wall = time.monotonic() - marks["start"]
    stats = prefix.with_name(prefix.name + "_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics:\n{output[-3000:]}")
    with stats.open() as table:
        rows = list(csv.DictReader(table))
    failures = prefix.with_name(prefix.name + "_failures.csv")
    with failures.open() as table:
        failed = list(csv.DictReader(table))
    discovered = next((line for line in output.splitlines() if line.startswith("evening:")), "")
    counts = json.loads(extra.read_text()) if extra.exists() else {}
    busy = {name: after[name] - marks["before"][name] for name in watched}
    busy["locust"] = locust_cpu - marks["locust"]
    busy["whole machine"] = machine_busy() - marks["machine"]
    varnish_now = varnish.counters() if varnish else {}
    on_cpu, waiting = scheduled(watched["gunicorn"][0])
    starved = {"on_cpu": on_cpu - marks["scheduled"][0], "waiting": waiting - marks["scheduled"][1]}
    return {
        "users": users,
        "rows": rows,
        "failures": failed,
        "counts": counts,
        "cpu": busy,
        "varnish_counters": {key: varnish_now[key] - marks["varnish"].get(key, 0) for key in varnish_now},
        "workers": starved,
        "wall": wall,
        "load_before": marks["load"],
        "load_after": os.getloadavg()[0],
        "discovered": discovered,
    }


def number(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError):
        return 0.0


def hit_ratio(counts, name, header):
    """Hits among the answers that carried the header (of one group, or all): "83%", or "" without any."""
    found = {}
    for key, value in counts.items():
        group, _, rest = key.partition("|")
        seen, _, verdict = rest.lower().partition("|")
        if seen == header and (name is None or group == name):
            found[verdict] = found.get(verdict, 0) + value
    answered = sum(found.values())
    return f"{100 * found.get('hit', 0) / answered:.0f}%" if answered else ""


def report(result, args, setup):
    rows = result["rows"]
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    groups = sorted((row for row in rows if row["Name"] != "Aggregated"), key=lambda row: row["Name"])
    count = number(total, "Request Count") if total else 0
    print(
        f"\n== {result['users']} users, {args.run_time}s, think {args.think_min}-{args.think_max}s, "
        f"editor every {args.edit_every or '—'}s; {setup}"
    )
    counts = result["counts"]
    print(f"{'endpoint group':28} {'method':>6} {'requests':>9} {'share':>6} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7} {'app hit':>8} {'varnish hit':>12}")  # fmt: skip
    for row in [*groups, *([total] if total else [])]:
        name = "total" if row is total else row["Name"]
        share = 100 * number(row, "Request Count") / count if count else 0
        print(
            f"{name:28} {row['Type']:>6} {int(number(row, 'Request Count')):9d} {share:5.1f}% "
            f"{number(row, 'Requests/s'):7.1f} {number(row, '50%'):7.0f} {number(row, '95%'):7.0f} "
            f"{number(row, '99%'):7.0f} {int(number(row, 'Failure Count')):7d} "
            f"{hit_ratio(counts, None if row is total else name, 'x-page-cache'):>8} "
            f"{hit_ratio(counts, None if row is total else name, 'x-cache'):>12}"
        )
    for failure in result["failures"][:8]:
        print(
            f"  error: {failure['Occurrences']}x {failure['Method']} {failure['Name']}: {failure['Error'][:160]}"
        )
    polls = [
        f"{name[: -len(' conditional')]}: {counts.get(name[: -len(' conditional')] + ' 304', 0)} of {value} 304"
        for name, value in sorted(counts.items())
        if name.endswith(" conditional")
    ]
    if polls:
        print("conditional polls answered 304 — " + "; ".join(polls))
    if args.edit_every:
        print(f"publishes: {counts.get('published', 0)} done, {counts.get('publish refused', 0)} refused")
    cpu = ", ".join(
        f"{name} {seconds / result['wall']:.2f}" for name, seconds in result["cpu"].items() if seconds
    )
    served = number(total, "Request Count") if total else 0
    per_request = 1000 * result["cpu"].get("gunicorn", 0) / served if served else 0
    print(
        f"gunicorn CPU per request: {per_request:.0f} ms; "
        f"CPU in cores (of {os.cpu_count()}), over {result['wall']:.0f}s wall: {cpu}; "
        f"load average {result['load_before']:.1f} before, {result['load_after']:.1f} after"
    )
    workers = result["workers"]
    print(
        f"gunicorn workers: {workers['on_cpu']:.0f}s on a CPU, {workers['waiting']:.0f}s runnable but waiting "
        f"for one ({100 * workers['waiting'] / max(0.001, workers['on_cpu'] + workers['waiting']):.0f}% of their "
        "runnable time: more workers than cores, and other work on the machine)"
    )


def summary(results):
    """p99 per group across the user levels: the first to climb is what gives way first."""
    if len(results) < 2:
        return
    names = sorted({row["Name"] for result in results for row in result["rows"]} - {"Aggregated"})
    print("\n== p99 ms per group by users (req/s in brackets for the total)")
    print(f"{'endpoint group':28} " + " ".join(f"{result['users']:>12}" for result in results))
    for name in [*names, "Aggregated"]:
        cells = []
        for result in results:
            row = next((row for row in result["rows"] if row["Name"] == name), None)
            cell = f"{number(row, '99%'):.0f}" if row else "—"
            if name == "Aggregated" and row:
                cell += f" ({number(row, 'Requests/s'):.0f}/s)"
            cells.append(f"{cell:>12}")
        print(f"{'total' if name == 'Aggregated' else name:28} " + " ".join(cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument(
        "--users", default="60", help="simultaneous users; a list (20,60,120) runs each in turn"
    )
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--run-time", type=int, default=60, help="seconds per run (keep it ≤ 90)")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument(
        "--edit-every", type=float, default=5.0, help="seconds between publishes; 0: no editor"
    )
    parser.add_argument("--editor", default="approver", help="demo account that publishes")
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432 instead of SQLite"
    )
    parser.add_argument("--varnish", action="store_true", help="through varnishd with --vcl")
    parser.add_argument("--vcl", default=str(ROOT / "deploy" / "varnish" / "default.vcl"))
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: as the Dockerfile starts it)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (default: as production)")
    parser.add_argument("--redis-db", type=int, default=5)

    parser.add_argument("--rebuild", action="store_true", help="build the demo template database again")
    parser.add_argument(
        "--collectstatic", action="store_true", help="run collectstatic even if it looks current"
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's database and locust's CSV files")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    levels = [int(users) for users in args.users.split(",")]
    # One run at a time: a second would drop the first one's database under it.
    lock = (TMP / "kepu-bench-evening.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit("another evening_bench.py is running")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))

    redis, own_redis = redis_url(args)
    site = varnish = worker = None
    folder = Path(tempfile.mkdtemp(prefix="kepu-bench-evening-"))
    results = []
    try:
        began = time.monotonic()
        build_template(args.postgres, redis, args.rebuild)
        database_url = fresh_database(args.postgres)
        port = free_port()
        varnish_port = free_port() if args.varnish else None
        front_port = varnish_port or port
        env = base_env(database_url, redis, port, args.postgres)
        manage(env, "migrate", "--noinput")
        collect_static(env, args.collectstatic)
        # Absolute links and purges name the address visitors use (Varnish's when it is in front).
        manage(
            env,
            "shell",
            "-c",
            "from wagtail.models import Site; "
            f"Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', port={front_port})",
        )
        flush_redis(redis)
        workers, threads, source = production_workers(args)
        if args.varnish:
            if not Path(args.vcl).exists():
                sys.exit(f"no VCL at {args.vcl}")
            purge_port = free_port()
            env["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{purge_port}"
            env["WAGTAILADMIN_BASE_URL"] = f"http://127.0.0.1:{varnish_port}"
        site = Gunicorn(env, port, workers=workers, threads=threads, log=True)
        # The task worker beside gunicorn, as `make run` starts it: CDN purges, search and reference index.
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if args.varnish:
            varnish = Varnish(args.vcl, port, varnish_port, purge_port)
        base = f"http://127.0.0.1:{varnish.port}" if varnish else site.base
        vendor = "PostgreSQL" if args.postgres else "SQLite"
        setup = (
            f"{vendor}, gunicorn {workers or 'conf'} workers x {threads or 1} threads ({source}), "
            f"Redis page cache{', Varnish in front' if varnish else ''}"
        )
        print(f"set up in {time.monotonic() - began:.0f}s: {setup}", file=sys.stderr)
        watched = {
            "gunicorn": [psutil.Process(site.process.pid)],
            "task worker": [psutil.Process(worker.pid)],
        }

        if args.postgres:
            watched["postgres"] = postmaster()
        if varnish:
            watched["varnish"] = [psutil.Process(varnish.process.pid)]

        for users in levels:
            result = run_locust(args, base, users, folder, watched, varnish)
            if varnish:
                delta = result.pop("varnish_counters")
                result["varnish"] = {
                    key: delta.get(key, 0)
                    for key in (
                        "client_req",
                        "cache_hit",
                        "cache_miss",
                        "cache_hitpass",
                        "cache_hitmiss",
                        "s_pass",
                    )
                }
                result["varnish"]["bans"] = delta.get("bans_added", 0)
            else:
                result.pop("varnish_counters")
            results.append(result)
            if len(results) == 1 and result["discovered"]:
                print(result["discovered"])
            report(result, args, setup)
            if varnish:
                v = result["varnish"]
                looked_up = v["cache_hit"] + v["cache_miss"]
                print(
                    f"Varnish: {v['client_req']} requests, cache_hit {v['cache_hit']}, cache_miss {v['cache_miss']} "
                    f"(hit ratio {100 * v['cache_hit'] / looked_up if looked_up else 0:.1f}%), passed {v['s_pass']}, "
                    f"hit-for-pass {v['cache_hitpass']}, bans (purges) {v['bans']}"
                )
            backlog = result["backlog"] = task_backlog(args.postgres)
            print(f"tasks waiting for the worker at the end: {backlog or 'none'}")
            found = tracebacks(site.output())
            print(f"tracebacks in gunicorn's log so far: {found}")
        summary(results)
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"setup": setup, "args": vars(args), "results": results}, ensure_ascii=False, indent=1
                )
            )
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if site is not None:
            site.close()
            if site.log:
                kept = folder / "gunicorn.log"
                shutil.move(site.log, kept)
        if varnish is not None:
            varnish.close()
        if own_redis is not None:
            own_redis.close()
        if args.keep:
            print(f"kept: locust's CSV files and gunicorn's log in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            if args.postgres:
                run(
                    "dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", NAME, check=False
                )
            else:
                drop_sqlite()


if __name__ == "__main__":
    main()
