"""
The embedded default takes concurrent writers: two processes (two gunicorn
workers, or one and the task worker) each read and then write in their own
transactions at the same time — an editor's submit racing the autosave — and
neither fails with "database is locked". (WAL, a busy timeout and immediate
transactions in config/settings/base.py; with SQLite's deferred transactions
the second writer's upgrade from reading to writing fails at once.)
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = 150

WRITER = textwrap.dedent(
    """
    import django, sys, time
    django.setup()
    from django.db import connection, transaction
    for number in range({writes}):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT total FROM counter WHERE id = 1")
                (total,) = cursor.fetchone()
                time.sleep(0.002)  # the editor's form is being saved while the autosave arrives
                cursor.execute("UPDATE counter SET total = %s WHERE id = 1", [total + 1])
                cursor.execute("INSERT INTO writes (writer) VALUES (%s)", [sys.argv[1]])
    print("done")
    """
).format(writes=WRITES)


def test_two_processes_read_and_write_at_once_without_database_is_locked(tmp_path):
    database = tmp_path / "kepu.sqlite3"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    setup = (
        "import django; django.setup()\nfrom django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE counter (id INTEGER PRIMARY KEY, total INTEGER)')\n"
        "    c.execute('INSERT INTO counter VALUES (1, 0)')\n"
        "    c.execute('CREATE TABLE writes (id INTEGER PRIMARY KEY, writer TEXT)')\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(c.fetchone()[0])\n"
    )
    mode = subprocess.run(
        [sys.executable, "-c", setup], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert mode.stdout.strip() == "wal"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("submit", "autosave")
    ]
    results = [writer.communicate(timeout=120) for writer in writers]
    for (_out, err), writer in zip(results, writers, strict=True):
        assert writer.returncode == 0 and "locked" not in err, err[-2000:]
    import sqlite3

    with sqlite3.connect(database) as check:
        assert check.execute("SELECT total FROM counter").fetchone()[0] == 2 * WRITES, "no lost update"
        assert check.execute("SELECT COUNT(*) FROM writes").fetchone()[0] == 2 * WRITES
