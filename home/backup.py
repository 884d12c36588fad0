"""
Backup and restore of the whole site: the database (pg_dump's custom format,
or SQLite's online backup), the uploaded media as a tar archive, and a
manifest saying what is inside (counts, checksums, versions), so a restore
can check it got everything. `manage.py backup_site` / `restore_site`.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
# What the manifest counts, and a restore compares.
COUNTED = {
    "pages": "wagtailcore_page",
    "revisions": "wagtailcore_revision",
    "documents": "wagtaildocs_document",
    "images": "wagtailimages_image",
    "users": "auth_user",
}


class BackupError(Exception):
    pass


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def counts(cursor):
    found = {}
    for name, table in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        found[name] = cursor.fetchone()[0]
    return found


def _postgres_env(database):
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    return env


def _postgres_args(database):
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return args


def backup(folder):
    """Write database, media and manifest into ``folder`` (created; must be empty)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        dump = folder / "database.dump"
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *_postgres_args(database),
                "-f",
                str(dump),
                database["NAME"],
            ],
            check=True,
            env=_postgres_env(database),
        )
    elif connection.vendor == "sqlite":
        dump = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(dump) as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    media = folder / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            archive.add(root, arcname="media")
    with connection.cursor() as cursor:
        found = counts(cursor)
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": {"vendor": connection.vendor, "file": dump.name, "sha256": _sha256(dump)},
        "media": {"file": media.name, "sha256": _sha256(media)},
        "counts": found,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(folder):
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    for part in ("database", "media"):
        path = folder / manifest[part]["file"]
        if not path.exists() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name} is missing or does not match the manifest")
    return manifest


def restore(folder, media_root=None):
    """
    Restore ``folder`` into the database this process is configured for, which
    must be empty (no tables), and its media into MEDIA_ROOT. Returns the counts
    found afterwards; they must equal the manifest's.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    database = connection.settings_dict
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(f"a {manifest['database']['vendor']} dump cannot go into {connection.vendor}")
    if connection.introspection.table_names():
        raise BackupError("the target database is not empty: restore into a new one")
    dump = folder / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *_postgres_args(database),
                "-d",
                database["NAME"],
                str(dump),
            ],
            check=True,
            env=_postgres_env(database),
        )
    else:
        connection.close()
        shutil.copyfile(dump, database["NAME"])
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["media"]["file"], "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                continue
            member.name = member.name[len("media") :].lstrip("/") or "."
            archive.extract(member, media_root, filter="data")
    connection.close()
    with connection.cursor() as cursor:
        found = counts(cursor)
    if found != manifest["counts"]:
        raise BackupError(f"restored counts {found} differ from the manifest's {manifest['counts']}")
    # Nothing cached before the restore may be served as current.
    from .content_version import bump

    bump()
    return found


def sqlite_url(path):
    return f"sqlite:///{quote(str(path))}"
