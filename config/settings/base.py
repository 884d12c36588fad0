"""
Settings shared by every environment.

Production-safe by default: DEBUG is off and nothing secret lives here. Values
that differ per deployment are read from the environment (see README.md);
dev.py and test.py only loosen what they must.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "events",
    "lectures",
    "articles",
    "search",
    "registrations",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.frontend_cache",
    "wagtailmedia",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v3",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "axes",
    "csp",
    # Serves the v3 API's interactive docs from local static files, not a CDN.
    "ninja",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Each request reads the content version once and renders, keys and caches under it.
    "home.content_version.OneVersionPerRequest",
    # Anonymous GETs of the API, feeds, iCal, CAP and captions from any origin (apps, TV web views).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache and the compression: a 304 whether or not the page is cached (home/http.py).
    "django.middleware.http.ConditionalGetMiddleware",
    "home.http.AnonymousGZipMiddleware",
    "home.http.ApiGuardMiddleware",
    # Above the session middleware, so it sees every cookie a response sets (home/page_cache.py).
    "home.page_cache.PublicPageCacheMiddleware",
    # What a page cache miss asks first (which site, its home page, its settings), kept until a publish.
    "home.sites.KnownSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.middleware.PublisherNoticesMiddleware",
    "home.middleware.MediaStoreDownMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.http.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL says otherwise (e.g. PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default takes concurrent writers (two gunicorn workers, the
    # task worker, an editor's autosave racing a submit): readers never block
    # the writer (WAL), writers queue for the lock instead of failing at once,
    # and a transaction takes the write lock when it starts, not half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

# Background work (e-mail, webhooks, CDN purges, Wagtail's own reference index):
# Django's tasks API on the database, run by `manage.py db_worker` (`make run`
# starts one). A larger deployment names another backend, e.g. django_tasks_rq.RQBackend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

# E-mail: workflow notifications (a duty expert is told of a waiting answer) and
# password resets, from EMAIL_URL, e.g. smtp://user:password@mail.example.org.cn:587/?tls=True
# (dj-email-url). Messages are queued and sent by the task worker (home.mail).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    try:
        _email = dj_email_url.parse(EMAIL_URL)
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL is malformed: {error}") from None
    if "EMAIL_BACKEND" not in _email or (
        _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") and not _email.get("EMAIL_HOST")
    ):
        raise ImproperlyConfigured(
            "EMAIL_URL must be like smtp://user:password@host:587/?tls=True (or smtps://, console:)."
        )
    globals().update({name: value for name, value in _email.items() if value is not None})
    EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = "home.mail.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", globals().get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Webhooks for the app's push service and the city's warning platform: a JSON
# POST per receiver, signed with HMAC-SHA256 of the body (home.deliveries).
WEBHOOK_URLS = env_list("WEBHOOK_URLS")
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
# The SMS gateway's webhook(s): messages to people who signed up (registrations.notices), signed like WEBHOOK_URLS.
SMS_WEBHOOK_URLS = env_list("SMS_WEBHOOK_URLS")
# Sign-ups: personal data is deleted this many days after the date (manage.py purge_registrations),
# and each address / phone number may sign up this often per hour.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "30"))
SIGNUPS_PER_ADDRESS_PER_HOUR = int(os.environ.get("SIGNUPS_PER_ADDRESS_PER_HOUR", "30"))
SIGNUPS_PER_PHONE_PER_HOUR = int(os.environ.get("SIGNUPS_PER_PHONE_PER_HOUR", "5"))
# Multiplies every retry pause of webhooks, purges and e-mail (tests make it small).
DELIVERY_RETRY_SCALE = float(os.environ.get("DELIVERY_RETRY_SCALE", "1"))
# CAP 1.2 alerts of urgent clarifications (articles.cap): who sends them and for where.
CAP_SENDER = os.environ.get("CAP_SENDER", "")
CAP_AREA_DESC = os.environ.get("CAP_AREA_DESC", "北京市")

# Cache: Redis when REDIS_URL is set, otherwise an in-process cache. A Redis
# outage degrades to cache misses rather than taking the site down.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kepu",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for anonymous visitors and the urgent banner's state, under the
# content version that publishing moves on (home/page_cache.py).
# Every gunicorn worker must see the same copy: Redis when set, otherwise files
# on this machine (an in-process cache would leave other workers stale after a
# publish). Settings without a "pages" cache (test.py) turn the page cache off.
# Keys name the database too: two sites sharing a machine or a Redis (a demo and a
# development copy, say) must never serve each other's pages or urgent banner.
_SITE_KEY = hashlib.sha256(
    "|".join(str(DATABASES["default"].get(part, "")) for part in ("ENGINE", "HOST", "PORT", "NAME")).encode()
).hexdigest()[:12]
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": f"kepu-pages-{_SITE_KEY}"}
else:
    CACHES["pages"] = {
        "BACKEND": "home.page_cache.PageFileCache",
        "LOCATION": os.environ.get(
            "DJANGO_PAGE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "kepu-page-cache")
        ),
        "KEY_PREFIX": f"kepu-pages-{_SITE_KEY}",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))
# Each worker also keeps the pages it served this long in memory, in front of Redis (0: off).
PAGE_CACHE_NEAR_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_NEAR_SECONDS", "1"))
# What release this is (e.g. the commit), added to page-cache keys with the static manifest's hash.
KEPU_RELEASE = os.environ.get("KEPU_RELEASE", "")
# How long each process may reuse the content version it read from the database
# (home.content_version): the longest a new publish can take to reach a cached page.
CONTENT_VERSION_MEMO_SECONDS = float(os.environ.get("DJANGO_CONTENT_VERSION_MEMO_SECONDS", "1"))
# Browsers and proxies keep a page only this long: an urgent answer must reach open pages in seconds.
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_BROWSER_SECONDS", "10"))

# Uploaded files (home.storage): local disk under MEDIA_ROOT, or S3-compatible object
# storage when S3_BUCKET is set, with S3_ENDPOINT_URL (MinIO, OSS, COS…; unset for AWS),
# S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_PUBLIC_URL (the CDN or bucket
# address public files are linked at). Drafts' recordings and documents are private:
# links to them are signed and expire after MEDIA_SIGNED_URL_SECONDS (long enough to
# watch a two-hour lecture in the preview).
MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", str(3 * 60 * 60)))
if os.environ.get("S3_BUCKET"):
    from home.storage import object_storage_options

    _MEDIA_STORAGE, _S3_PUBLIC_URL = object_storage_options(os.environ)
    _MEDIA_ORIGINS = sorted(
        {
            "{0.scheme}://{0.netloc}".format(urlsplit(url))
            for url in (_S3_PUBLIC_URL, os.environ.get("S3_ENDPOINT_URL") or _S3_PUBLIC_URL)
        }
    )
else:
    _MEDIA_STORAGE, _S3_PUBLIC_URL, _MEDIA_ORIGINS = {"BACKEND": "home.storage.LocalMediaStorage"}, "", []

# Content Security Policy (django-csp, home.http): the public site runs no inline
# script and loads nothing from elsewhere; media may come from MEDIA_URL's host.
_MEDIA_ORIGIN = env_list("DJANGO_MEDIA_ORIGIN") + _MEDIA_ORIGINS
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGIN],
        "media-src": ["'self'", *_MEDIA_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# What Wagtail's admin needs (inline scripts and styles, blob: previews); the strict policy is reported only.
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGIN],
    "media-src": ["'self'", "blob:", *_MEDIA_ORIGIN],
    "frame-src": ["'self'"],
}

# Brute force: after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked for AXES_COOLOFF_HOURS (django-axes). Locking the
# account everywhere would let anyone lock the duty expert out during an incident.
# `manage.py unlock_login <username>` lifts it early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Behind a proxy that sets X-Forwarded-For, name how many proxies to trust (0: use REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Simplified Chinese first, English ready; Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"

# Static files: hashed and compressed at collectstatic, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = _S3_PUBLIC_URL or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# One machine keeps media on local disk and lets Django serve it; a proxy serving
# MEDIA_ROOT itself turns this off (and must refuse /media/private/ and /media/documents/).
# Object storage serves its own files.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not _S3_PUBLIC_URL)

# Upload limits. Form posts beyond these get a 400 rather than exhausting memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Broken uploads are form errors, not 500s (home.images).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.images.ImageForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# "vtt": lecture captions are documents in the section's collection, checked on upload.
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "ppt",
    "pptx",
    "xls",
    "xlsx",
    "odt",
    "txt",
    "csv",
    "zip",
    "vtt",
]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lectures.upload_forms.CaptionAwareDocumentForm"
# Documents through Wagtail's view, which checks their collection's privacy first: from
# local disk it sends the bytes itself; from object storage it redirects to a signed link
# (home.storage), so the bytes never pass through an app server.
WAGTAILDOCS_SERVE_METHOD = "redirect" if _S3_PUBLIC_URL else "serve_view"
# Lecture videos: wagtailmedia with our own model; type, duration and size are read
# from each upload's content (lectures.probe). Only what browsers and TV boxes play.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "lectures.LectureVideo",
    "MEDIA_FORM_BASE": "lectures.upload_forms.LectureVideoForm",
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm"],
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac", "ogg", "oga", "wav"],
}
# A two-hour 1080p lecture is 1-2 GB. The proxy in front must allow at least this much.
LECTURE_VIDEO_MAX_UPLOAD_SIZE = int(os.environ.get("LECTURE_VIDEO_MAX_UPLOAD_SIZE", 4 * 1024**3))

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "首都科普")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Slugs are ASCII (pinyin of the title, see home.slugs): percent-encoded Chinese
# URLs break when pasted into chat apps.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Chinese text is segmented into words before indexing and searching (home/chinese.py);
# PostgreSQL's "simple" configuration then splits on the spaces without English stemming.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backend", "SEARCH_CONFIG": "simple"}}
WAGTAILAPI_LIMIT_MAX = 50
# Search queries (text and result count only) are counted for the association's
# report (search.log): kept this many days, written at most this often.
SEARCH_LOG_DAYS = int(os.environ.get("SEARCH_LOG_DAYS", "90"))
SEARCH_LOG_FLUSH_SECONDS = float(os.environ.get("SEARCH_LOG_FLUSH_SECONDS", "10"))
# Cross-origin reads (no cookies) of what the channels consume: the v3 API, feeds, iCal, CAP, captions.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api/v3/.*|(.+/)?(feed/[\w-]+|ical|cap(/\d+)?|captions/[\w-]+)/)$"
# Whoever finishes a workflow publishes it, even after editing it during review (home.approval).
WAGTAIL_FINISH_WORKFLOW_ACTION = "home.approval.publish_approved"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: unreachable from the mainland (every admin page waited on it) and
# it would tell a third party which editors are signed in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A CDN or caching proxy in front is purged on publish when its purge address is set
# (e.g. Varnish or nginx accepting PURGE); CloudFront or Cloudflare take their own backend here.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            # Wagtail's HTTP backend, but a failed purge is kept and retried (home.purge).
            "BACKEND": "home.purge.RetryingHTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
