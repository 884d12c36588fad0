"""
Production: secrets and hosts must come from the environment.

Starting without DJANGO_SECRET_KEY or DJANGO_ALLOWED_HOSTS is refused outright,
so a misconfigured deployment fails at boot rather than running with a guessable
key or answering any Host header.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, os

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "in production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names in production.")

# HTTPS. Two documented deployments:
# - TLS terminated here or by a proxy that forwards everything: the defaults.
# - Behind a proxy that redirects to HTTPS itself and sets X-Forwarded-Proto:
#   DJANGO_SECURE_SSL_REDIRECT=false and DJANGO_TRUST_X_FORWARDED_PROTO=true.
# Cookies stay Secure in both; only a local check over plain HTTP on loopback
# turns them off, explicitly, with DJANGO_SECURE_COOKIES=false.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Trusting X-Forwarded-Proto is safe only when a proxy always sets it: opt in.
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in an iframe of the admin, on the same
# origin; DENY would blank it. Other sites still cannot frame us.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_SSL_REDIRECT and env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    # The proxy in front redirects to HTTPS (the second documented deployment).
    SILENCED_SYSTEM_CHECKS.append("security.W008")
SESSION_COOKIE_HTTPONLY = True

LOGGING["root"]["level"] = os.environ.get("DJANGO_LOG_LEVEL", "INFO")  # noqa: F405
