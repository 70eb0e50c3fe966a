"""lozdev settings, read from the environment.

Development needs nothing set: SQLite and Celery's filesystem transport under
``var/``. Production (``DJANGO_ENV=production``) refuses to start without a
``SECRET_KEY`` and ``ALLOWED_HOSTS``. Every variable is listed in .env.example.

Over 400 lines: one file is where Django and a deployer look for every
setting, each beside the reason for its value; split in pieces, the
variables read from the environment would be harder to find.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from core.observability import parse_admins, sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent

# .env beside manage.py is read by every entry point (manage.py, gunicorn,
# Celery), not by honcho alone: under `make run`, migrate and seed_demo obey
# the same file as web, worker and beat. The environment wins over the file.
# The suite reads none, so that a developer's .env cannot change its outcome.
if os.environ.get("DJANGO_ENV") != "test":
    load_dotenv(os.environ.get("LOZDEV_ENV_FILE") or BASE_DIR / ".env", override=False)


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from exc


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, production or test.")
PRODUCTION = DJANGO_ENV == "production"

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key():
    # Generated once so sessions survive restarts of `make run`.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs " + " and ".join(missing) + " set in the environment (see .env.example)."
        )
else:
    SECRET_KEY = SECRET_KEY or _development_secret_key()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]

DEBUG = env_bool("DEBUG", default=DJANGO_ENV == "development")
# An empty SITE_URL (a blank line of .env) would make every email link relative, that is dead.
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:" + env_str("PORT", "8000")).rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "prospects",
    "events",
    "sites.apps.SitesConfig",
    "reminders",
    "imports",
    "directory",
    "results",
    "finder",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Before any view reads the body: oversized uploads get a French 413 page.
    "core.middleware.UploadSizeLimitMiddleware",
    # A NUL in the query string gets a 400 page, not a database error.
    "core.middleware.NullCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an expired session says why on the sign-in page.
    "core.middleware.SessionLifetimeMiddleware",
    # Pages and exports for a signed-in person hold personal data: never stored by a cache.
    "core.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the session's expiry and inside the security headers: a user who
    # owes a second factor is sent to it from every page but OTP_EXEMPT_VIEWS.
    "accounts.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the authenticated user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lozdev.urls"
WSGI_APPLICATION = "lozdev.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lozdev.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if not PRODUCTION else 60),
        # A kept connection is checked before each request reuses it, so a
        # restarted PostgreSQL costs no request an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler pays off on long reports, not on a page's
    # queries: on a broad search over 200,000 companies it spent a second
    # compiling a count that runs in 100 ms without it (see `make bench`).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (accounts/throttle.py): five failures lock a username from
# one address for 15 minutes; twenty from one address, whatever the usernames,
# lock the address. Never a username alone, which a stranger could keep closed.
AXES_HANDLER = "accounts.throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.25  # hours
# One username from every address: a doubling wait, never a lock (accounts/throttle.py).
LOGIN_USERNAME_DELAY_AFTER = env_int("LOGIN_USERNAME_DELAY_AFTER", 10)
LOGIN_USERNAME_DELAY_MAX_SECONDS = 60
# A try refused during a lock or a wait is not a failure more: the owner's
# wait does not grow while someone else keeps knocking.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (one
# nginx: 1). Behind a proxy every request comes from its address: without
# this, five wrong passwords would lock a username out for everyone.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.web.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor authentication (django-otp, TOTP with recovery codes; accounts/two_factor.py).
# Direction and every admin-site user (is_staff, superuser) must pass it at each
# sign-in; chargés de mission and observers may turn it on in « Mon profil ».
# OTP_REQUIRED=false makes it optional for everyone (an installation whose
# proxy already asks for a second factor): `check --deploy` warns about it.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
# `make run` sets OTP_DEMO_BYPASS=1 so that the demo accounts sign in with
# their password alone; the suite has it on too (its clients use force_login)
# and the 2FA tests turn it off. Refused in production.
OTP_DEMO_BYPASS = env_bool("OTP_DEMO_BYPASS", DJANGO_ENV == "test")
if PRODUCTION and OTP_DEMO_BYPASS:
    raise ImproperlyConfigured("OTP_DEMO_BYPASS is for the demo: DJANGO_ENV=production refuses it.")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "lozdev")
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s… up to an hour).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a user's secret key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Pages a user who owes a second factor may still open: signing in and out,
# the second-factor pages, the health check, the language switch, the
# calendar feed (its token is its credential). Requests with no signed-in
# session user (an API token) are never redirected.
OTP_EXEMPT_VIEWS = [
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:two_factor_codes",
    "admin:logout",
    "healthz",
    "set_language",
    "reminders:calendar_feed",
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Our date formats first (core/formats/<lang>/formats.py), then Django's.
FORMAT_MODULE_PATH = ["core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are served only by views that check the role (core.files). With a
# prefix such as "/protected-media/", those views hand the sending to nginx
# (X-Accel-Redirect to an `internal` location over MEDIA_ROOT); empty, Django
# streams the file itself.
PROTECTED_MEDIA_ACCEL_PREFIX = env_str("PROTECTED_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# An import's file and the detail of its rows are erased this many days after
# it ends (done, refused, abandoned); its counts are kept.
IMPORT_RETENTION_DAYS = max(1, env_int("IMPORT_RETENTION_DAYS", 30))

# Rows one CSV or XLSX download may hold; past that the user is asked to filter
# (a download is written while the request waits).
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 50_000)
# Past this many rows an export is written by a worker (core.exports): 50,000
# XLSX rows take 12 to 16 s, too long to hold a request; a few thousand take
# about a second.
EXPORT_BACKGROUND_ROWS = max(1, env_int("EXPORT_BACKGROUND_ROWS", 5_000))
# A background export's file may be downloaded this many hours after it is written.
EXPORT_RETENTION_HOURS = max(1, env_int("EXPORT_RETENTION_HOURS", 24))

# Uploads (imports, photos): anything larger is refused with a message.
# 64 MiB: a 100,000-row extract of the SIRENE stock file (7 GB for some 40 million
# establishments, so about 20 MB) fits with room to spare.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 64 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console in development, SMTP from the environment in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lozdev <noreply@lozdev.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is emailed a server error's traceback (« Name <address>, address »); nobody when empty.
ADMINS = parse_admins(env_str("ADMINS"))
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Reminders (see reminders/services.py for what they guarantee). A pending
# reminder no worker started this long after its planned time lost its
# message and is queued again; a send unfinished this long after it started
# (longer than CELERY_TASK_TIME_LIMIT) was cut and is marked uncertain.
REMINDER_REQUEUE_AFTER_SECONDS = env_int("REMINDER_REQUEUE_AFTER_SECONDS", 600)
REMINDER_SEND_LEASE_SECONDS = env_int("REMINDER_SEND_LEASE_SECONDS", 600)
# Pauses before trying again to record a send when the database connection
# was lost just after the email left (seconds, one try per pause).
REMINDER_RECORD_RETRY_DELAYS = [0.5, 2, 5]

# <select>s written in Python, not one template include per option (core/renderers.py).
FORM_RENDERER = "core.renderers.QuickSelectRenderer"

# Django's cache: in-process by default (each gunicorn worker its own);
# CACHE_URL (redis://…) shares one between the workers, so that the API's
# rate limit and the lists' cached « Filtres » panel are the same in all.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# Celery: Redis in production and CI; the filesystem transport under var/
# otherwise, so `make run` needs nothing but Python.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL and DJANGO_ENV == "test":
    # Tests queue into memory; the ones that need a real broker ask for Redis.
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
elif not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    for _folder in ("processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
else:
    # A message not acknowledged within an hour goes back to the queue
    # (acks_late tasks whose worker died).
    # A Redis that does not answer fails a publish within two seconds instead
    # of holding the web request that queued it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
# Publishing retries briefly, then gives up: the write it follows is
# committed and the scans find the work again (core/tasks.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Every five minutes: find reminders that are due and claim them. The scan
    # is idempotent, so a beat that was down catches up on its next run.
    "reminders-scan": {
        "task": "reminders.tasks.scan_reminders_task",
        "schedule": crontab(minute="*/5"),
    },
    # Every night at 03:15: forget the create forms' one-time tokens older than two days.
    "forget-form-tokens": {
        "task": "core.tasks.forget_old_tokens_task",
        "schedule": crontab(minute=15, hour=3),
    },
    # Every night at 03:30: erase the files and rows of imports past IMPORT_RETENTION_DAYS.
    "imports-retention": {
        "task": "imports.tasks.purge_expired_task",
        "schedule": crontab(minute=30, hour=3),
    },
    # Every five minutes: queue again the background exports whose task was lost (core.exports).
    "exports-requeue": {
        "task": "core.tasks.requeue_lost_exports_task",
        "schedule": crontab(minute="*/5"),
    },
    # Every hour at twenty past: erase the files of background exports past EXPORT_RETENTION_HOURS.
    "exports-expiry": {
        "task": "core.tasks.purge_expired_exports_task",
        "schedule": crontab(minute=20),
    },
    # On the first day of each month at 03:00: anonymise people past retention.
    "gdpr-retention": {
        "task": "prospects.tasks.retention_anonymise_task",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
}

# Security: secure cookies, HSTS and headers in production.
SESSION_COOKIE_HTTPONLY = True
# A session ends after 8 hours without a request, and 24 hours after sign-in
# whatever the activity (core.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 8 * 3600)
SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 24 * 3600)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses; an empty list refuses them to every origin
# (the lead form alone gives this site the camera, for the badge scanner).
# Content-Security-Policy (django-csp): scripts, styles, images and forms from
# this site only, no inline script or style (pages declare behaviours with
# data- attributes read by static/js/lozdev.js), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The stand app's service worker, /sw.js.
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The REST API (api/): personal tokens or the session, JSON only, the
# lists' seek pagination, errors as {"code", "message"} in the request's
# language. Each token (or signed-in user) may make API_RATE_LIMIT requests;
# past it, 429 with Retry-After. The counts live in Django's cache: the
# default in-process one counts per gunicorn worker (a worker's share of the
# rate), so production behind several workers may set a shared cache.
# Under these paths the errors our middleware answers (400, 413) and 404s are JSON.
JSON_ERROR_PATHS = ["/api/"]
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "100000/minute" if DJANGO_ENV == "test" else "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsStaffMember"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.SeekPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.json_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "lozdev API",
    "DESCRIPTION": "The agency's companies, people, exchanges, follow-ups, projects, shows and offer, "
    "under the same rules as the screens.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.HasRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CompanyStageEnum": "prospects.models.CompanyStage",
        "ProjectStageEnum": "prospects.models.ProjectStage",
        "InteractionKindEnum": "prospects.models.InteractionKind",
        "SiteKindEnum": "sites.models.SiteKind",
        "ZoneKindEnum": "sites.models.ZoneKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.drop_database_integer_bounds",
    ],
}

# Addresses (the monitoring host) to which /healthz says which service failed;
# anyone else gets the status code only. The probe may use plain HTTP.
HEALTHZ_DETAIL_FROM = env_list("HEALTHZ_DETAIL_FROM", "127.0.0.1,::1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The SIRENE directory (directory/providers.py): suggestions from the local
# directory ("local") or none ("none"); the State's public « Recherche
# d'entreprises » API is asked only when enabled, after the local directory.
SIRENE_PROVIDER = env_str("SIRENE_PROVIDER", "local")
SIRENE_API_ENABLED = env_bool("SIRENE_API_ENABLED", default=False)
SIRENE_API_URL = env_str("SIRENE_API_URL", "https://recherche-entreprises.api.gouv.fr/search")
SIRENE_API_TIMEOUT = env_int("SIRENE_API_TIMEOUT", 2)
# The agency's territory: the départements where a new establishment of one
# of the agency's sectors, found by a monthly load, is a signal for everyone.
AGENCY_DEPARTMENTS = env_list("AGENCY_DEPARTMENTS", "48")
for _department in AGENCY_DEPARTMENTS:
    if not re.fullmatch(r"\d{2,3}|2[AB]", _department):
        raise ImproperlyConfigured(f"AGENCY_DEPARTMENTS holds département codes (48, 2A, 971), got {_department!r}.")

if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# LOG_FORMAT=json: one JSON object a line (time, level, logger, message, and
# in the worker the task's name and id), for a log collector; plain otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"task": {"()": "core.observability.TaskContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(task_name)s %(task_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["task"]},
        # Tracebacks of server errors to ADMINS (none when ADMINS is empty).
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry query strings (searched names): keep them out.
        "django.request": {"level": "ERROR", "handlers": ["console", "mail_admins"], "propagate": False},
        "django.server": {"level": "WARNING"},
    },
}
# The worker logs through LOGGING above rather than Celery's own set-up.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors to Sentry when SENTRY_DSN is set, with no personal data (core/observability.py).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", DJANGO_ENV),
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )
