"""Settings, driven only by environment variables (see the table in README.md).

With no variables set the application runs on its embedded defaults: SQLite under
var/ and a filesystem message broker, so a developer needs nothing installed.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules

# Used only when SECRET_KEY is unset; wsgi.py refuses to serve with it unless DEBUG.
INSECURE_DEV_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_DEV_KEY
# Rotation (docs/operations.md): the previous key(s) here keep sessions valid meanwhile.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "emulation",
    "people",
    "schedule",
    "campaigns",
    "scoring",
    "awards",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    # First: a body over MAX_REQUEST_BYTES is refused before anything reads (spools) it.
    "emulation.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "emulation.middleware.NormalizeInputMiddleware",
    "emulation.middleware.YearBoundsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it is the first to see a view's exception: database down → 503 page.
    "emulation.failures.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "emulation.urls"
WSGI_APPLICATION = "emulation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emulation.context_processors.navigation",
                "schedule.context_processors.notifications",
            ],
        },
    },
]

# SQLite: WAL lets the web server read while the worker writes; IMMEDIATE
# transactions take the write lock up front, so concurrent writers wait
# (up to `timeout`) instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "emulation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling; must come first
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A new official's link to set their own password (emulation/services/accounts.py) is valid
# this many days; it stops working once the password is set.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_LINK_DAYS", "7")) * 86400
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))

# Login throttling: after 5 failures for one login from one address, wait 15 minutes. The address
# is REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the one the outermost of them saw in
# X-Forwarded-For (emulation/security.py): never a header a client can forge on its own.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "emulation.security.client_ip"
AXES_USERNAME_CALLABLE = "emulation.security.login_username"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Content Security Policy: scripts only from our own static files (no inline script);
# inline styles stay allowed for htmx's indicator style and SVG charts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Vietnamese first: the interface, the admin and the PDFs default to Vietnamese.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates as 28/11/2022 (emulation/formats). Thousands are grouped explicitly by the
# `number` filter (27.430) so that years and ids are never printed as 2.022.
FORMAT_MODULE_PATH = ["emulation.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Until collectstatic has run (development, tests) serve static/ as it is on disk.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Uploaded evidence and generated reports are private: never under STATIC_ROOT and
# not served by URL; views check permission and stream them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    # Stores each upload under the extension of the type its content shows (emulation/files.py).
    "default": {"BACKEND": "emulation.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A whole request body (all its files and fields); larger ones get 413 before being read.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(25 * 1024 * 1024)))
# Excel imports: bounded before openpyxl builds any row (emulation/spreadsheets.py).
IMPORT_MAX_BYTES = MAX_UPLOAD_SIZE
IMPORT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000
IMPORT_MAX_COLUMNS = 100
# XML elements over all the parts: a full 20.000 × 100 sheet is about 4 million (a cell and its value).
IMPORT_MAX_ELEMENTS = 5_000_000

# Electronic signatures (reports/signing.py): the key is configuration, never the repository.
# SIGNING_KEY_FILE is a PKCS#12 file opened with SIGNING_KEY_PASSPHRASE, or a PEM private key
# when SIGNING_CERT_FILE names its certificate; SIGNING_CHAIN_FILES the intermediate CA
# certificates embedded with the signature. Without a key the "sign" action is not offered.
SIGNING_KEY_FILE = os.environ.get("SIGNING_KEY_FILE", "")
SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "")
SIGNING_CERT_FILE = os.environ.get("SIGNING_CERT_FILE", "")
SIGNING_CHAIN_FILES = env_list("SIGNING_CHAIN_FILES")
# The CA certificates (PEM or DER files) a signature must chain to for the verify page to call
# it trusted; none: every signature is "not trusted" (its integrity is still checked).
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS")
# The public verify page: the largest PDF it reads, and uploads per client address per minute.
VERIFY_MAX_BYTES = 20 * 1024 * 1024
VERIFY_PER_MINUTE = int(os.environ.get("VERIFY_PER_MINUTE", "10"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis in production; by default an embedded filesystem broker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message taken by a worker that died unacknowledged is delivered again after
        # this many seconds: longer than the longest report (workers also resume such
        # jobs when they start, see reports.tasks).
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "7200")),
        "socket_connect_timeout": 3,
    }
# Queue of this installation (several installations or test runs may share one Redis).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# A broker that is down must not hold a web request for long (see reports.services).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat (`make run` starts it inside the worker): the calendar's reminders, on the hour
# from 7:00 to 17:00, so a machine down at 7:00 still reminds that day; a second run the same
# day sends nothing twice (schedule.services.reminders).
CELERY_BEAT_SCHEDULE = {
    "calendar-reminders": {
        "task": "schedule.tasks.send_daily_reminders",
        "schedule": crontab(minute="0", hour="7-17"),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The address of the application in e-mails sent by background tasks (no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")

# Secure by default outside development and tests. Behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER=1 so Django knows the request came in over HTTPS.
PRODUCTION = not DEBUG and not TESTING
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The read API for other systems (api/, docs/api.md): bearer tokens of ApiClient rows, a request
# budget per client counted in the cache (set CACHE_URL=redis://… when several processes serve:
# the default cache is per process), JSON only, pages of at most 200 rows.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
    }
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Emulation and commendation — read API",
    "DESCRIPTION": "Units, clusters, memberships, award records and issued decisions of the Justice sector. "
    "Every request carries `Authorization: Bearer <token>`; see docs/api.md.",
    "VERSION": "1.0.0",  # api/schema/v1.yaml; a breaking change is /api/v2/ (docs/api.md)
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]+",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if TESTING:
    # Fast hashing: the demo fixture creates several logins per test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
