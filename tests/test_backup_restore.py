"""
Backup and restore as an operator does them: `backup_site` on the live
database, `restore_site` into a new, empty one (PostgreSQL in the CI leg,
SQLite by default), then the same counts and the same pages, byte for byte.
"""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.documents import get_document_model

from articles.tests.fixtures import make_article
from home.demo import demo_image
from tests.factories import StandardPageFactory

ROOT = Path(__file__).resolve().parent.parent


def _new_database(tmp_path):
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"kepu_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"

        def drop():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

        return url, drop
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None


def _in_restored_site(database_url, media_root, code):
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_site(
    client, haidian, article_index, tmp_path, settings
):
    from tests.fixtures import tree_roots

    tree_roots()
    image = demo_image(
        "节水海报", "#0b5cad", haidian.get_parent().get_parent().specific and None or _collection()
    )
    article = make_article(haidian, "家庭节水小窍门", listing_image=image)
    StandardPageFactory(parent=haidian, title="关于海淀区科协")
    get_document_model().objects.create(title="讲稿", file=ContentFile(b"%PDF-1.4 demo", name="talk.pdf"))
    pages = {url: client.get(url).content for url in ["/", haidian.url, "/articles/", article.url]}

    folder = tmp_path / "backup"
    call_command("backup_site", str(folder), stdout=io.StringIO())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["pages"] >= 6 and manifest["counts"]["images"] == 1
    assert manifest["counts"]["documents"] == 1 and manifest["counts"]["revisions"] >= 4

    database_url, drop = _new_database(tmp_path)
    media = tmp_path / "restored-media"
    try:
        restored = _in_restored_site(
            database_url,
            media,
            f"from django.core.management import call_command\ncall_command('restore_site', {str(folder)!r})",
        )
        assert str(manifest["counts"]["pages"]) in restored.stdout
        rendered = _in_restored_site(
            database_url,
            media,
            "import json, sys\nfrom django.test import Client\nclient = Client()\n"
            f"json.dump({{url: client.get(url).content.decode() for url in {list(pages)!r}}}, sys.stdout)",
        )
    finally:
        drop()
    again = json.loads(rendered.stdout)
    for url, body in pages.items():
        assert again[url] == body.decode(), url
    assert (media / Path(image.file.name)).read_bytes() == Path(image.file.path).read_bytes()


def _collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()
