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
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "WEBHOOK_"))
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


CHECK_DEPLOY = (
    "import sys; from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "kepu.example",
    "EMAIL_URL": "smtp://kepu:secret@mail.kepu.example:587/?tls=True",
}


def test_production_passes_the_deployment_checklist():
    result = _run(CHECK_DEPLOY, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_behind_a_redirecting_proxy_cookies_stay_secure_and_the_checklist_is_clean():
    behind_proxy = {
        **PRODUCTION,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_TRUST_X_FORWARDED_PROTO": "true",
    }
    assert _run(CHECK_DEPLOY, **behind_proxy).returncode == 0
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    assert _run(code, **behind_proxy).stdout.split()[:2] == ["True", "True"]
    # X-Forwarded-Proto is trusted only when asked for: anyone could send it otherwise.
    assert _run(code, **PRODUCTION).stdout.split()[2] == "None"


def test_the_deployment_checklist_asks_for_e_mail_and_a_webhook_secret():
    without_mail = _run(CHECK_DEPLOY, **{**PRODUCTION, "EMAIL_URL": ""})
    assert without_mail.returncode != 0 and "kepu.W001" in without_mail.stderr
    unsigned = _run(CHECK_DEPLOY, **PRODUCTION, WEBHOOK_URLS="https://push.kepu.example/hook")
    assert unsigned.returncode != 0 and "kepu.E001" in unsigned.stderr
    signed = _run(
        CHECK_DEPLOY, **PRODUCTION, WEBHOOK_URLS="https://push.kepu.example/hook", WEBHOOK_SECRET="x" * 40
    )
    assert signed.returncode == 0, signed.stderr


@pytest.mark.parametrize(
    "url", ["smtpx://mail.kepu.example", "smtp://mail.kepu.example:port", "mail.kepu.example"]
)
def test_a_malformed_email_url_stops_production_at_start_up(url):
    result = _run(SETUP, **{**PRODUCTION, "EMAIL_URL": url})
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr


def test_mail_settings_come_from_email_url():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    result = _run(code, **PRODUCTION, DJANGO_DEFAULT_FROM_EMAIL="kepu@kepu.example")
    assert result.stdout.split() == [
        "home.mail.QueuedEmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.kepu.example",
        "587",
        "True",
        "kepu@kepu.example",
    ], result.stderr


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
