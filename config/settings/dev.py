"""Local development: `make run` and `manage.py` without DJANGO_SETTINGS_MODULE."""

from .base import *  # noqa: F403
from .base import env_bool, os

DEBUG = env_bool("DJANGO_DEBUG", True)
# Only for a developer's machine; production.py refuses to start without a real key.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["*"]
