"""
Many people pressing 报名 for one date at once: ``--signups`` (500) sign-ups
for ``--seats`` (60) seats, sent concurrently over HTTP to gunicorn with
production settings, Redis and PostgreSQL (or ``--sqlite``), as phones would.

The bench creates a scratch database of its own (PostgreSQL
``kepu_bench_signups``, or a SQLite file under /tmp), migrates it, publishes
one event that takes sign-ups (so its date is materialised with its seats,
as an editor's would be) and serves the site with gunicorn on a free
loopback port. Every person has a session of their own: first they all open
the form (GET, for the CSRF cookie and token), then ``--clients`` threads,
released together, post the forms (distinct phone numbers, party of one)
without following the redirect. The POST phase is timed.

Then it counts from the database and checks: exactly ``seats`` confirmed,
the rest waitlisted, every POST answered 302 to the ticket of a registration
that exists (and none else), one SMS queued per sign-up (the gateway URL
points nowhere; no task worker runs), no traceback in gunicorn's log. Prints
the POST phase's wall time, sign-ups per second and the POSTs' median / p95
latency; exits 1 when a check fails. Asserts nothing about time. The scratch
database is dropped and gunicorn and Redis stopped at the end, whatever
happened.

    .venv/bin/python bench/registration_bench.py [--signups 500] [--seats 60] [--clients 100]
    .venv/bin/python bench/registration_bench.py --sqlite
"""

import argparse
import collections
import datetime
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Gunicorn, manage, percentile_95, production_env  # noqa: E402

from tests.servers import RedisServer, free_port  # noqa: E402

POSTGRES_NAME = "kepu_bench_signups"
POSTGRES_URL = f"postgres://postgres@127.0.0.1:5432/{POSTGRES_NAME}"
SQLITE_PATH = Path(tempfile.gettempdir()) / "kepu-bench-signups.sqlite3"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TICKET = re.compile(r"/signup/ticket/([A-Z0-9]+)/$")
TIMEOUT = 120


def create_database(sqlite):
    """An empty scratch database (a leftover of an interrupted run is dropped first)."""
    drop_database(sqlite)
    if sqlite:
        return f"sqlite:///{SQLITE_PATH}"
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", POSTGRES_NAME)
    # Migrating is a third faster without waiting for each commit to reach the disk; see migrate().
    psql(f"ALTER DATABASE {POSTGRES_NAME} SET synchronous_commit = off")
    return POSTGRES_URL


def psql(command):
    run("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", command)


def run(*command):
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")


def migrate(env, sqlite):
    manage(env, "migrate", "--noinput")
    if not sqlite:
        # Sign-ups commit as in production: every connection opened from now on waits for the disk.
        psql(f"ALTER DATABASE {POSTGRES_NAME} RESET synchronous_commit")


def drop_database(sqlite):
    if sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    else:
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", POSTGRES_NAME)


def build(seats):
    """Home page, calendar, a venue and one event three days ahead taking sign-ups, published: its date's URL."""
    from events.demo import load_calendar
    from events.models import EventPage, Occurrence, Venue
    from home.demo import load_home
    from registrations.seats import signup_url

    calendar = load_calendar(load_home())
    venue = Venue.objects.create(name="基准报名场馆", address="北京市海淀区中关村大街1号", district="haidian")
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
        minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="基准报名：青少年科学实验课",
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue=venue,
        audience="students",
        takes_signups=True,
        capacity=seats,
        seats_per_person=1,
        summary="并发报名基准测试用的活动。",
    )
    calendar.add_child(instance=event)
    event.save_revision().publish()
    occurrence = Occurrence.objects.get(page=event)
    assert occurrence.capacity == seats, occurrence.capacity
    return event, signup_url(occurrence)


@dataclass
class Person:
    number: int
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""
    status: int | None = None
    location: str = ""
    error: str = ""
    ms: float = 0.0

    @property
    def phone(self):
        return f"139{self.number:08d}"


def open_form(person, url):
    """GET the form: the CSRF cookie and token, as a browser gets them."""
    try:
        response = person.session.get(url, timeout=TIMEOUT)
        found = TOKEN.search(response.text)
        if response.status_code != 200 or not found:
            person.error = f"form: {response.status_code}"
            return
        person.token = found.group(1)
    except requests.RequestException as error:
        person.error = f"form: {error!r}"
    finally:
        # The form is filled in for a while: the POST comes on a new connection.
        person.session.close()


def submit(person, url):
    data = {
        "csrfmiddlewaretoken": person.token,
        "name": f"报名者{person.number:04d}",
        "phone": person.phone,
        "email": "",
        "party_size": "1",
        "consent": "on",
        "website": "",
    }
    start = time.perf_counter()
    try:
        response = person.session.post(
            url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=TIMEOUT
        )
        person.status = response.status_code
        person.location = response.headers.get("Location", "")
    except requests.RequestException as error:
        person.error = f"post: {error!r}"
    person.ms = (time.perf_counter() - start) * 1000


def sign_up_all(people, url, clients):
    """``clients`` threads, released together, post everyone's form; the wall time of the whole POST phase."""
    waiting = queue.SimpleQueue()
    for person in people:
        waiting.put(person)
    go = threading.Event()

    def client():
        go.wait()
        while True:
            try:
                person = waiting.get_nowait()
            except queue.Empty:
                return
            submit(person, url)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def tracebacks(log):
    """Each traceback in gunicorn's output, with the line before it (Django names the request there)."""
    lines = log.splitlines()
    found, current = [], None
    for number, line in enumerate(lines):
        if line.startswith("Traceback"):
            current = [lines[number - 1]] if number else []
            found.append(current)
        if current is not None:
            current.append(line)
            if (
                line
                and not line.startswith((" ", "Traceback", "During handling", "The above"))
                and len(current) > 2
            ):
                current = None
    return ["\n".join(block) for block in found]


def check(args, event, people, log):
    """The database's figures against what was asked; the list of what is wrong."""
    from home.deliveries import Delivery
    from registrations.models import Registration

    registrations = Registration.objects.filter(roster__page_id=event.pk)
    by_status = collections.Counter(registrations.values_list("status", flat=True))
    confirmed = by_status[Registration.Status.CONFIRMED]
    waitlisted = by_status[Registration.Status.WAITLISTED]
    expected_confirmed = min(args.seats, args.signups)
    answered = collections.Counter(person.status or person.error.split(":")[0] for person in people)
    tickets = {match.group(1) for person in people if (match := TICKET.search(person.location))}
    codes = set(registrations.values_list("code", flat=True))
    sms = Delivery.objects.filter(event__startswith="registration.").count()
    errors = [person for person in people if person.error or person.status != 302]
    found = tracebacks(log)

    print(f"registrations: {confirmed} confirmed, {waitlisted} waitlisted, {sum(by_status.values())} in all")
    print(f"responses: {dict(answered)}; SMS queued: {sms}; tracebacks in gunicorn's log: {len(found)}")
    problems = []
    if confirmed != expected_confirmed:
        problems.append(f"{confirmed} confirmed, expected {expected_confirmed}")
    if waitlisted != args.signups - expected_confirmed:
        problems.append(f"{waitlisted} waitlisted, expected {args.signups - expected_confirmed}")
    if errors:
        problems.append(
            f"{len(errors)} sign-ups not answered 302, e.g. {errors[0].status or errors[0].error}"
        )
    if tickets != codes or len(tickets) != args.signups:
        problems.append(
            f"{len(tickets)} tickets in redirects vs {len(codes)} codes in the database "
            f"({len(tickets - codes)} unknown, {len(codes - tickets)} never answered)"
        )
    if sms != sum(by_status.values()):
        problems.append(f"{sms} SMS queued for {sum(by_status.values())} registrations")
    if found:
        problems.append(f"{len(found)} tracebacks in gunicorn's log; the first:\n{found[0]}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--signups", type=int, default=500)
    parser.add_argument("--seats", type=int, default=60)
    parser.add_argument("--clients", type=int, default=100, help="threads posting at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    # Stopped with kill as with Ctrl-C: gunicorn, Redis and the scratch database go either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))

    began = time.perf_counter()
    redis = RedisServer()
    site = None
    problems = ["did not finish"]
    database_url = create_database(args.sqlite)
    try:
        redis.start()
        port = free_port()
        env = production_env(
            port,
            redis.url,
            database_url,
            SIGNUPS_PER_ADDRESS_PER_HOUR="100000",
            SIGNUPS_PER_PHONE_PER_HOUR="100000",
            # Each sign-up queues its SMS in its own transaction; nothing sends them here.
            SMS_WEBHOOK_URLS="http://127.0.0.1:9/sms",
        )
        migrate(env, args.sqlite)
        manage(env, "collectstatic", "--noinput")  # production serves hashed static files only
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection, connections

        event, path = build(args.seats)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "on", "synchronous_commit still off"
        connections.close_all()
        site = Gunicorn(env, port, workers=args.workers, threads=args.threads, timeout=TIMEOUT, log=True)
        url = site.base + path
        setup = time.perf_counter() - began

        people = [Person(number) for number in range(args.signups)]
        start = time.perf_counter()
        pool = ThreadPoolExecutor(args.clients)
        try:
            list(pool.map(lambda person: open_form(person, url), people))
        finally:
            pool.shutdown(cancel_futures=True)
        forms = time.perf_counter() - start
        ready = [person for person in people if person.token]
        wall = sign_up_all(ready, url, args.clients)
        site.close()

        times = sorted(person.ms for person in ready) or [0.0]
        print(
            f"database: {connection.vendor}; {args.signups} sign-ups for {args.seats} seats; "
            f"{args.clients} clients; gunicorn {args.workers} workers x {args.threads} threads; "
            f"set up in {setup:.0f}s"
        )
        print(f"forms opened (GET): {len(ready)} in {forms:.2f}s")
        print(f"POST phase: {wall:.2f}s wall, {len(ready) / wall:.0f} sign-ups/s")
        print(
            f"POST latency: median {statistics.median(times):.0f} ms, "
            f"p95 {percentile_95(times):.0f} ms, max {times[-1]:.0f} ms"
        )
        problems = check(args, event, people, site.output())
    finally:
        if site is not None:
            site.close()
            if problems:
                print(f"gunicorn's log kept: {site.log}", file=sys.stderr)
            else:
                Path(site.log).unlink(missing_ok=True)
        redis.close()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        drop_database(args.sqlite)
    if problems:
        print("FAILED:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print(f"OK: exactly {min(args.seats, args.signups)} confirmed, the rest waitlisted, no error")


if __name__ == "__main__":
    main()
