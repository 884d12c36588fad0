"""
Our pages beside Wagtail's own bakerydemo, uncached, on the same Wagtail and
Django (this virtualenv), both with production settings (DEBUG off, cached
templates, manifest static files, local-memory default cache, no page cache), on
this machine, in one run: rounds alternate between the two sites, each page's
figure is the median of the rounds' medians, and each of ours is given as a
multiple of its bakerydemo counterpart and of our simplest page.

bakerydemo is not on PyPI: give a checkout or its git directory.

    git clone https://github.com/wagtail/bakerydemo /tmp/bakerydemo
    .venv/bin/python bench/bakerydemo_bench.py --source /tmp/bakerydemo [--rounds 5] [--runs 15]

The first run copies bakerydemo to /tmp/kepu-bench-bakerydemo, installs the few
packages it needs that we do not have (pinned below) beside it, migrates and loads
its demo data (about a minute); our side is the demo site of bench/pages_bench.py.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from harness import ROOT, SIMPLEST

WORK = Path("/tmp/kepu-bench-bakerydemo")
# What bakerydemo's settings import that this project does not install.
EXTRAS = [
    "wagtail-font-awesome-svg==1.2.1",
    "django-extensions==4.1",
    "django-csp==3.8",
    "python-dotenv==1.2.4",
    "django-debug-toolbar==4.4.6",
]
# Our page (by its type, or a path) beside bakerydemo's comparable page.
PAIRS = [
    ("simplest page", SIMPLEST, "/about/"),
    ("home", "HomePage", "/"),
    ("section index / locations", "SectionIndexPage", "/locations/"),
    ("section / location", "SectionPage", "/locations/hof/"),
    ("calendar / breads", "/calendar/", "/breads/"),
    ("event / bread", "EventPage", "/breads/anadama-bread/"),
    ("lectures / recipes", "/lectures/", "/recipes/"),
    ("lecture / recipe", "LecturePage", "/recipes/hot-cross-bun/"),
    ("articles / blog", "/articles/", "/blog/"),
    ("article / blog post", "ArticlePage", "/blog/wild-yeast/"),
]


def bakery_env():
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "PYTHONPATH": f"{WORK / 'src'}:{WORK / 'site'}",
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
        "REDIS_URL": "",
    }


def prepare_bakerydemo(source):
    if (WORK / "ready").exists():
        return
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "src").mkdir(parents=True)
    source = Path(source)
    if (source / "HEAD").exists() and not (source / "manage.py").exists():  # a bare git directory
        with tempfile.TemporaryFile() as archive:
            subprocess.run(["git", f"--git-dir={source}", "archive", "HEAD"], stdout=archive, check=True)
            archive.seek(0)
            with tarfile.open(fileobj=archive) as files:
                files.extractall(WORK / "src", filter="data")
    else:
        shutil.copytree(source, WORK / "src", dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(WORK / "site")]
    subprocess.run([*pip, *EXTRAS], check=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_initial_data"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [*manage, *command], cwd=WORK / "src", env=bakery_env(), check=True, capture_output=True
        )
    (WORK / "ready").touch()


def measure_here(paths, runs):
    """{path: median ms} in this process (run as ``--side``), after one warm-up each."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    medians = {}
    for path in paths:
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        medians[path] = statistics.median(times)
    return medians


def our_paths():
    """Our side of PAIRS as paths: the first live, public page of each named type."""
    from wagtail.models import Page

    found = {}
    for page in Page.objects.live().public().specific().order_by("depth", "path"):
        found.setdefault(type(page).__name__, page.url)
    return [ours if ours.startswith("/") else found[ours] for _name, ours, _theirs in PAIRS]


def side(which, runs):
    if which == "bakerydemo":
        print(json.dumps(measure_here([theirs for _name, _ours, theirs in PAIRS], runs)))
        return
    from harness import setup_production_django
    from pages_bench import DATABASE

    setup_production_django(DATABASE)
    print(json.dumps(measure_here(our_paths(), runs)))


def run_side(which, runs):
    env = bakery_env() if which == "bakerydemo" else None
    cwd = WORK / "src" if which == "bakerydemo" else ROOT
    output = subprocess.run(
        [sys.executable, __file__, "--side", which, "--runs", str(runs)],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--source", default=os.environ.get("BAKERYDEMO"), help="a bakerydemo checkout or git dir"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--side", choices=["ours", "bakerydemo"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.side:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        return side(options.side, options.runs)
    if not options.source and not (WORK / "ready").exists():
        sys.exit("give --source: a bakerydemo checkout (git clone https://github.com/wagtail/bakerydemo)")
    prepare_bakerydemo(options.source)
    rounds = {"ours": [], "bakerydemo": []}
    for _ in range(options.rounds):
        for which in ("bakerydemo", "ours"):
            rounds[which].append(list(run_side(which, options.runs).values()))
    ours = [statistics.median(column) for column in zip(*rounds["ours"], strict=True)]
    theirs = [statistics.median(column) for column in zip(*rounds["bakerydemo"], strict=True)]
    print(
        f"{options.rounds} alternating rounds of {options.runs} requests per page; medians of the rounds' medians"
    )
    print(
        f"{'page (ours / bakerydemo)':30} {'ours':>8} {'bakerydemo':>10} {'× bakerydemo':>13} {'× our simplest':>15}"
    )
    for (name, _ours, _theirs), mine, other in zip(PAIRS, ours, theirs, strict=True):
        print(f"{name:30} {mine:6.1f}ms {other:8.1f}ms {mine / other:12.2f}× {mine / ours[0]:14.2f}×")


if __name__ == "__main__":
    main()
