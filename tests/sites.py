"""
The site as production runs it, for tests that start it in processes of its own
(gunicorn through bench.harness.Gunicorn, the task worker) on this test's
database: the settings, the database URL such a process opens, the people who
sign in, and a person using the admin over HTTP as the browser does.
"""

import re
import sqlite3
import subprocess
import sys
import textwrap
from urllib.parse import quote

import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench.harness import ROOT

PASSWORD = "kepu-demo-2026"

# Production settings but for one thing: static files unhashed, from their source
# folders. collectstatic's hashing and compression take minutes, and these tests
# are about pages, not their CSS.
SETTINGS = textwrap.dedent(
    """
    from config.settings.production import *  # noqa: F403
    from config.settings.production import STORAGES

    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    WHITENOISE_USE_FINDERS = True
    """
)


def settings_module(folder):
    """Write SETTINGS into `folder`: the environment for a process that uses them."""
    (folder / "kepu_site_settings.py").write_text(SETTINGS)
    return {"DJANGO_SETTINGS_MODULE": "kepu_site_settings", "PYTHONPATH": str(folder)}


def password_hash():
    # The test settings hash with MD5, which production does not accept.
    return PBKDF2PasswordHasher().encode(PASSWORD, "kepu-site-salt", iterations=1000)


def database_url_for(folder):
    """
    A process of its own opens this test's database by URL. The suite's SQLite
    database is in memory, so it is copied to a file (migrating a file of its own
    would take a minute); PostgreSQL's test database is used as it is, its rows
    committed by the caller and flushed afterwards.
    """
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = folder / "db.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    db = {key: quote(str(value or "")) for key, value in connection.settings_dict.items() if key.isupper()}
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


class TaskWorker:
    """
    The task worker beside gunicorn, as `make run` starts it, polling every `interval`
    seconds; ready once it has loaded jieba's dictionary (home's db_worker does that
    first), so a test's first publish does not wait for it.
    """

    def __init__(self, env, interval=0.1):
        start = (
            "import django; django.setup(); from home.chinese import preload_dictionary; preload_dictionary(); "
            "from django.core.management import call_command; print('ready', flush=True); "
            f"call_command('db_worker', interval={interval}, reload=False, startup_delay=False)"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", start],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        if self.process.stdout.readline() != b"ready\n":
            raise RuntimeError("the task worker did not start")

    def close(self):
        stop(self.process)


class AdminUser:
    """Someone signed in to the admin at `base`, submitting its forms as the browser does."""

    def __init__(self, base, username, session=None):
        self.base = base
        self.session = session or requests.Session()
        if session is None:
            response = self.post("/admin/login/", {"username": username, "password": PASSWORD})
            assert response.status_code == 302 and response.headers["Location"].rstrip("/").endswith(
                "/admin"
            ), f"{username} could not sign in: {response.status_code}"

    def elsewhere(self, base):
        """The same person, the same session cookie, at another address of the site."""
        return AdminUser(base, None, session=self.session)

    def get(self, path):
        return self.session.get(self.base + path, timeout=10)

    def post(self, path, data, files=None):
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form at {path}: {page.status_code}"
        return self.session.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": token.group(1)},
            files=files,
            headers={"Referer": self.base + path},
            allow_redirects=False,
            timeout=30,
        )
