"""WSGI entry point for gunicorn (`gunicorn config.wsgi`; gunicorn.conf.py preloads it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# Loaded once in the master and shared by every worker it forks (no database is touched).
from home.chinese import preload_dictionary  # noqa: E402

preload_dictionary()
