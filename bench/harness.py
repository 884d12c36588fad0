"""
What every benchmark shares: Django set up on a database of the bench's own
(never the development or test one), the timing of one view, and the site
served as in production (settings, gunicorn) for the benches that need it.

    from harness import setup_django
    setup_django("sqlite:////tmp/kepu-bench-x.sqlite3")   # BENCH_DATABASE_URL overrides
"""

import gc
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(default_database_url):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", default_database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def production_settings(database):
    """Production settings in this process's environment, on ``database`` (a SQLite path) unless BENCH_DATABASE_URL."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
        MEDIA_ROOT=f"{Path(database).with_suffix('')}-media",
        DJANGO_LOG_LEVEL="ERROR",
    )
    os.environ.pop("REDIS_URL", None)


def prepare_demo(database):
    """Production settings on the demo site (built once in ``database``) with collected static files."""
    production_settings(database)
    manage = [sys.executable, "manage.py"]
    # load_demo creates only what is missing: a PostgreSQL bench database is brought up to date each run.
    if "BENCH_DATABASE_URL" in os.environ or not Path(database).exists():
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, check=True)
        seeds = os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds"))
        subprocess.run(
            [*manage, "load_demo", "--force"], cwd=ROOT, check=True, env={**os.environ, "SEEDS_DIR": seeds}
        )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)


def setup_production_django(database):
    """
    Django in this process as production runs it (DEBUG off, cached templates,
    manifest static files) on the demo site in ``database``, without the page
    cache: every request renders, which is what the benches measure.
    """
    prepare_demo(database)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.CACHES.pop("pages", None)
    # As gunicorn's master does before it forks (config/wsgi.py, gunicorn.conf.py): jieba's
    # dictionary loaded, and everything loaded so far frozen, out of the collector's sweeps.
    from home.chinese import preload_dictionary

    preload_dictionary()
    gc.freeze()


SIMPLEST = (
    "/about/"  # the site's simplest page (a StandardPage): every figure is also given as a multiple of it
)


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


def production_env(port, redis_url, database_url, **extra):
    """Production settings for a site on loopback (plain HTTP) with its own database and Redis."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on loopback
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "ERROR",
        **extra,
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


class Gunicorn:
    """
    The site under gunicorn, as `make run` and the Dockerfile serve it (2 workers
    unless told; ``workers=None`` leaves the count to gunicorn.conf.py and
    WEB_CONCURRENCY), waiting until it answers. With ``log=True`` its output is
    kept in a file (``output()``, ``log``) for the caller to read or delete.
    """

    def __init__(self, env, port, workers=2, threads=None, timeout=None, log=False):
        self.base = f"http://127.0.0.1:{port}"
        args = ["-w", str(workers)] if workers else []
        if threads:
            args += ["--threads", str(threads)]
        if timeout:
            args += ["--timeout", str(timeout)]
        self.log = None
        output = subprocess.DEVNULL
        if log:
            output, self.log = tempfile.mkstemp(prefix="kepu-bench-gunicorn-", suffix=".log")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                *args,
                # Not the one control socket in ~/.gunicorn every other gunicorn on the machine uses.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        )
        if log:
            os.close(output)
        try:
            self._wait()
        except BaseException:
            self.close()
            if self.log:
                Path(self.log).unlink(missing_ok=True)
            raise

    def _wait(self):
        import requests

        for _ in range(300):
            try:
                requests.get(self.base + "/robots.txt", timeout=10)
                return
            except requests.RequestException:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def output(self):
        return Path(self.log).read_text(errors="replace") if self.log else ""

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
