"""Fast, isolated settings for the test suite (SQLite unless DATABASE_URL is set)."""

import tempfile

from .base import *  # noqa: F403
from .base import os

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
# Tasks run in the request that enqueues them; tests of the worker choose the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
DELIVERY_RETRY_SCALE = 0.001
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="kepu-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="kepu-test-static-")
# Tests do not depend on collectstatic having run.
STORAGES = {
    "default": {"BACKEND": "home.storage.LocalMediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Every read sees the latest publish: tests check "right after", not "within a second".
CONTENT_VERSION_MEMO_SECONDS = 0
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests log in with client.login() (no request); the lockout tests turn django-axes on.
AXES_ENABLED = False
