"""Production settings refuse to start unsafely; environment values are honoured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(50)


def _run(code, **env):
    full_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=full_env, capture_output=True, text=True
    )


SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT, settings.CACHES['default']['BACKEND'])"


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(
        SETUP, DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_ALLOWED_HOSTS="kepu.example"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run(
        SETUP,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="kepu.example",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(SETUP, DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_reads_the_environment():
    result = _run(
        SETUP,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="kepu.example,www.kepu.example",
        DJANGO_SECURE_SSL_REDIRECT="false",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['kepu.example',",
        "'www.kepu.example']",
        "False",
        "django_redis.cache.RedisCache",
    ]


def test_production_passes_the_deployment_checklist():
    result = _run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="kepu.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_base_settings_are_safe_by_default():
    result = _run(
        "from config.settings import base; print(base.DEBUG, repr(base.SECRET_KEY), base.TIME_ZONE, base.LANGUAGE_CODE)"
    )
    assert result.stdout.split() == ["False", "''", "Asia/Shanghai", "zh-hans"]


@pytest.mark.django_db
def test_a_redis_outage_does_not_take_the_site_down(settings, client, home):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    from django.core.cache import cache

    cache.set("anything", "value")
    assert cache.get("anything") is None
    assert client.get("/").status_code == 200


def test_page_cache_keys_differ_between_databases():
    code = "from config.settings import base; print(base.CACHES['pages']['KEY_PREFIX'])"
    one = _run(code, DATABASE_URL="sqlite:////tmp/one.sqlite3").stdout
    other = _run(code, DATABASE_URL="sqlite:////tmp/other.sqlite3").stdout
    assert one.startswith("kepu-pages-") and one != other
