"""One settings module, driven by environment variables (see docs/configuration.md).

S2C_ENV selects the profile: ``development`` (default: safe local defaults, SQLite under
the data directory), ``demo`` (the quick start, ``scripts/run``: development's data with
what a citizen would see in production: DEBUG off, S2C's own error pages, a quiet console)
or ``production`` (no secret has a default; secure cookies, HSTS).
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()

S2C_ENV = env.str("S2C_ENV", default="development")
if S2C_ENV not in {"development", "demo", "production", "test"}:
    raise environ.ImproperlyConfigured(
        f"S2C_ENV must be development, demo, production or test, not {S2C_ENV!r}"
    )
PRODUCTION = S2C_ENV == "production"
DEMO = S2C_ENV == "demo"

DEBUG = env.bool("S2C_DEBUG", default=S2C_ENV == "development")

DATA_DIR = Path(env.str("S2C_DATA_DIR", default=str(PROJECT_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: fail fast
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="s2c-development-only-not-secret-" + "x" * 32)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL, used in emails and feeds when there is no request.
SITE_URL = env.str("S2C_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The installed services, in order: each is one folder (s2c/<name>/, made by
# `s2c new-service NAME`) that contributes its URLs, navigation, tiles, health checks,
# commands, search types, API router and more from its AppConfig.ready() into
# s2c.core.registry; core never imports them. Adding a service is one line here.
S2C_SERVICES = [
    "s2c.portal",
    "s2c.care",
    "s2c.sidata",
]

# S2C's own apps come before Django's: an app listed earlier wins for a message both
# translate (django.contrib.admin also has "%(counter)s result", as "%(counter)s buah").
INSTALLED_APPS = [
    "s2c.core",
    "s2c.core.search",
    "s2c.core.notifications",
    "s2c.core.scheduler",
    *S2C_SERVICES,
    "s2c.core.adminsite.S2CAdminConfig",  # django.contrib.admin with S2C's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "s2c.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "s2c.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "s2c.core.bodies.MalformedBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "s2c.core.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "s2c.urls"
WSGI_APPLICATION = "s2c.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "s2c.core.context_processors.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# SQLite in WAL mode under the data directory by default; PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 's2c.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=5000;"
                "PRAGMA cache_size=-20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# Connections are kept between requests (a new SQLite connection re-reads the schema and
# starts with an empty page cache; a new PostgreSQL one costs a fork on the server).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
# Checked at the start of a request (PostgreSQL: one round trip), so a connection the server
# dropped is replaced rather than failing that request.
DATABASES["default"].setdefault(
    "CONN_HEALTH_CHECKS", env.bool("DB_CONN_HEALTH_CHECKS", default=True)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache ----------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://s2c")}
# Sign-in lockouts and rate limits count in "counters", which every worker process and app
# server must share: Redis when CACHE_URL names Redis, else a table of the database
# (atomic add and increment; see s2c/core/counters.py). Never the per-process memory.
if CACHES["default"]["BACKEND"] in {
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
}:
    CACHES["counters"] = {**CACHES["default"], "KEY_PREFIX": "s2c-counters"}
else:
    CACHES["counters"] = {"BACKEND": "s2c.core.counters.DatabaseCounters"}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# No LOCALE_PATHS: each app keeps its own locale/ (core holds the strings apps share).
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "s2c_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("S2C_STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("S2C_MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    # Uploaded files go through Django's storage API, so object storage is a setting:
    # S2C_STORAGE_BACKEND=storages.backends.s3.S3Storage plus S2C_STORAGE_OPTIONS (JSON).
    "default": {
        "BACKEND": env.str(
            "S2C_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("S2C_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600 if PRODUCTION else 0
# Uploads: the largest file any form accepts (per-purpose limits may be lower).
S2C_UPLOAD_MAX_BYTES = env.int("S2C_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# The largest request body accepted at all (413 above it, before anything reads it):
# by default room for a report's five largest files and its text.
S2C_MAX_REQUEST_BYTES = env.int(
    "S2C_MAX_REQUEST_BYTES", default=5 * S2C_UPLOAD_MAX_BYTES + 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Email ----------------------------------------------------------------------------
# The demo keeps its mail in files (var/mail/) rather than printing every message into
# the console people read the demo's address and password from.
_email = env.email_url(
    "EMAIL_URL", default=f"filemail:///{DATA_DIR / 'mail'}" if DEMO else "consolemail://"
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_FILE_PATH",
):
    if _key in _email:
        globals()[_key] = _email[_key]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="S2C Sumsel <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# --- Background tasks ------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("S2C_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Worker and notifications (docs/operations.md).
S2C_WORKER_TICK_SECONDS = env.int("S2C_WORKER_TICK_SECONDS", default=5)
S2C_WORKER_LEASE_SECONDS = env.int("S2C_WORKER_LEASE_SECONDS", default=60)
S2C_WORKER_STALE_SECONDS = env.int("S2C_WORKER_STALE_SECONDS", default=120)
S2C_TASK_MAX_ATTEMPTS = env.int("S2C_TASK_MAX_ATTEMPTS", default=5)
S2C_NOTIFY_MAX_ATTEMPTS = env.int("S2C_NOTIFY_MAX_ATTEMPTS", default=5)
# Search: the engine's index (docs/search.md): a folder on local disk of each machine that
# serves search; empty keeps it in memory (tests). Changes reach it through the worker.
S2C_SEARCH_DIR = env.str("S2C_SEARCH_DIR", default=str(DATA_DIR / "search"))
# How often the worker applies recorded changes to the index (seconds).
S2C_SEARCH_SYNC_SECONDS = env.float("S2C_SEARCH_SYNC_SECONDS", default=0.5)
# Recorded changes are kept this long; an index that was not synced for longer is rebuilt.
S2C_SEARCH_CHANGES_KEEP_HOURS = env.int("S2C_SEARCH_CHANGES_KEEP_HOURS", default=24)
# Apply pending index changes before each query (tests; a single process without worker).
S2C_SEARCH_SYNC_ON_QUERY = env.bool("S2C_SEARCH_SYNC_ON_QUERY", default=False)
# Seconds a public search result (what anonymous visitors may see) is reused; 0: never.
S2C_SEARCH_CACHE_SECONDS = env.int("S2C_SEARCH_CACHE_SECONDS", default=30)
# Seconds a public page is kept whole for anonymous visitors (dropped at once on a change).
S2C_PAGE_CACHE_SECONDS = env.int("S2C_PAGE_CACHE_SECONDS", default=60)
# Published service pages rendered ahead and kept in the database (s2c/portal/pages.py).
S2C_PAGE_STORE = env.bool("S2C_PAGE_STORE", default=True)

# Sidata, the archive (docs/sidata.md, docs/sidata-extraction.md).
S2C_SIDATA_MAX_UPLOAD_BYTES = env.int("S2C_SIDATA_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
S2C_SIDATA_TRASH_DAYS = env.int("S2C_SIDATA_TRASH_DAYS", default=30)
S2C_SIDATA_INTEGRITY_BATCH = env.int("S2C_SIDATA_INTEGRITY_BATCH", default=5000)
S2C_SIDATA_MAX_TEXT_CHARS = env.int("S2C_SIDATA_MAX_TEXT_CHARS", default=2_000_000)
S2C_SIDATA_MAX_OCR_PAGES = env.int("S2C_SIDATA_MAX_OCR_PAGES", default=200)
S2C_SIDATA_MAX_CELLS = env.int("S2C_SIDATA_MAX_CELLS", default=1_000_000)
S2C_SIDATA_EXTRACT_TIMEOUT = env.float("S2C_SIDATA_EXTRACT_TIMEOUT", default=1800)
S2C_SIDATA_PREVIEW_TIMEOUT = env.float("S2C_SIDATA_PREVIEW_TIMEOUT", default=60)
S2C_SIDATA_TESSERACT = env.str("S2C_SIDATA_TESSERACT", default="tesseract")
S2C_SIDATA_PDFTOPPM = env.str("S2C_SIDATA_PDFTOPPM", default="pdftoppm")
S2C_SIDATA_PDFTOTEXT = env.str("S2C_SIDATA_PDFTOTEXT", default="pdftotext")

# --- Security ---------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "s2c.core.views.errors.csrf_failure"
# Behind nginx or a load balancer, the number of proxies in front of S2C whose
# X-Forwarded-For entries are trusted for the client address (rate limits, audit, lockout).
S2C_TRUSTED_PROXY_COUNT = env.int("S2C_TRUSTED_PROXY_COUNT", default=0)
S2C_LOGIN_MAX_FAILURES = env.int("S2C_LOGIN_MAX_FAILURES", default=5)
S2C_LOGIN_LOCKOUT_MINUTES = env.int("S2C_LOGIN_LOCKOUT_MINUTES", default=15)
# Password reset requests per hour, per email address asked for and per client address.
S2C_PASSWORD_RESET_PER_ADDRESS = env.int("S2C_PASSWORD_RESET_PER_ADDRESS", default=3)
S2C_PASSWORD_RESET_PER_CLIENT = env.int("S2C_PASSWORD_RESET_PER_CLIENT", default=10)
S2C_API_RATE = env.str("S2C_API_RATE", default="600/min")
# A key that exempts the requests sending it (header X-S2C-Rate-Limit-Key) from
# S2C_API_RATE, for load tests (bench/public_paths.py). Empty (default): nobody is exempt.
S2C_RATE_LIMIT_EXEMPT_KEY = env.str("S2C_RATE_LIMIT_EXEMPT_KEY", default="")
if S2C_RATE_LIMIT_EXEMPT_KEY and len(S2C_RATE_LIMIT_EXEMPT_KEY) < 32:
    raise environ.ImproperlyConfigured("S2C_RATE_LIMIT_EXEMPT_KEY must be at least 32 characters")
# Sumsel Care's submission limits as JSON {scope: [count, seconds]}; scopes and defaults
# are in s2c/care/ratelimit.py (ip, contact, key, support, reply).
S2C_CARE_RATE_LIMITS = env.json("S2C_CARE_RATE_LIMITS", default={})
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole parent domain (sumselprov.go.id) to HTTPS in every
        # browser, a decision for the province, not a default: opt in with the variable.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Logging ----------------------------------------------------------------------------
# The demo's console shows warnings and errors only (LOG_LEVEL), and no line per request
# (S2C_ACCESS_LOG: the app server's access log, e.g. gunicorn.access, and Django's
# "Not Found: /x" warning for each 4xx answer are quiet; a 500 is still logged as an
# ERROR); elsewhere INFO and the access log, as before.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING" if DEMO else "INFO")
S2C_ACCESS_LOG = env.bool("S2C_ACCESS_LOG", default=not DEMO)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        **(
            {}
            if S2C_ACCESS_LOG
            else {
                "gunicorn.access": {"level": "WARNING"},
                "uvicorn.access": {"level": "WARNING"},
                "django.request": {"level": "ERROR"},
            }
        ),
    },
}

# Leaflet ships inside the django-leaflet package; S2C serves its static files without
# installing the app (which would need GDAL).
import leaflet as _leaflet  # noqa: E402

STATICFILES_DIRS = [Path(_leaflet.__file__).resolve().parent / "static"]

# Map tiles are data, not an asset: point this at the province's own tile server. Empty
# means markers on a plain background (the tests use that; they never reach the internet).
S2C_MAP_TILES = env.str("S2C_MAP_TILES", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# The Content-Security-Policy every answer carries; empty: S2C's own (see
# s2c.core.middleware.content_security_policy and docs/configuration.md, "Headers").
S2C_CSP = env.str("S2C_CSP", default="")
S2C_MAP_ATTRIBUTION = env.str("S2C_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
