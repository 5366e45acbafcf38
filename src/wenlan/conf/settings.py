"""The one settings module. Every operator setting is WENLAN_<NAME> (or a standard
name such as DATABASE_URL) read from the environment; docs/operators.md lists them."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("WENLAN_VAR_DIR", PROJECT_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY") or os.environ.get("WENLAN_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("WENLAN_DEBUG", False)
ALLOWED_HOSTS = _env_list("WENLAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("WENLAN_CSRF_TRUSTED_ORIGINS", "")
WENLAN_HTTPS = _env_bool("WENLAN_HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "wenlan.core",
    "wenlan.network",
    "wenlan.accounts",
    "wenlan.patrons",
    "wenlan.notices",
    "wenlan.events",
    "wenlan.exhibitions",
    "wenlan.spaces",
    "wenlan.catalog",
    "wenlan.circulation",
    "wenlan.knowledge",
    "wenlan.o2o",
    "wenlan.analytics",
    "wenlan.reference",
    "wenlan.thinktank",
    "wenlan.rankings",
    "wenlan.insights",
    "wenlan.recommendations",
    "wenlan.booklists",
    "wenlan.learning",
    "wenlan.volunteers",
    "wenlan.robot",
    "wenlan.interop.ical",
    "wenlan.interop.sip2",
    "wenlan.api",
    "wenlan.demo",
    "wenlan.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wenlan.core.http_guards.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wenlan.accounts.middleware.RequestGrantsMiddleware",
    "wenlan.accounts.middleware.UserLanguageMiddleware",
    "wenlan.core.http_guards.NulByteGuardMiddleware",
    "wenlan.core.url_limits.UrlLengthMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wenlan.core.http_guards.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wenlan.core.middleware.RequestOriginMiddleware",
    "wenlan.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "wenlan.conf.urls"
WSGI_APPLICATION = "wenlan.conf.wsgi.application"
ASGI_APPLICATION = "wenlan.conf.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'wenlan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("WENLAN_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN, so two writers queue instead of failing with "locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("WENLAN_TEST_SQLITE_NAME")}
elif _env_bool("WENLAN_DB_PREPARE", True):
    # psycopg prepares a hand-written statement (wenlan.core.rawsql.cursor) once it
    # has run this many times on a connection, so PostgreSQL stops planning it;
    # the ORM's cursors are never prepared. Off (WENLAN_DB_PREPARE=0) behind a
    # pooler that cannot keep prepared statements (PgBouncer's transaction mode
    # before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Django's ModelBackend, reading the signed-in user with their reader record in one
# statement (docs/adr/0002-sessions-in-the-database.md).
AUTHENTICATION_BACKENDS = ["wenlan.patrons.auth.UserWithReaderBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "wenlan_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploaded images (events, exhibitions): served by `core.views.media_serve` under
# MEDIA_URL, or by a front web server pointed at MEDIA_ROOT (docs/operators.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("WENLAN_MEDIA_DIR", VAR_DIR / "media")).resolve()
FILE_UPLOAD_PERMISSIONS = 0o644
# Files only their views hand out, after checking the asker's right (the think tank's
# attachments and reports): never under MEDIA_ROOT, so neither `/media/` nor a front
# web server pointed at the media folder reaches them (core.media.PrivateStorage).
WENLAN_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("WENLAN_PRIVATE_MEDIA_DIR", VAR_DIR / "private")
).resolve()
# Longest address (path and query) a page answers; longer ones get the site's 414 page.
WENLAN_MAX_URL_LENGTH = int(os.environ.get("WENLAN_MAX_URL_LENGTH", "4096"))
# Map tiles for the library pages, e.g. https://tile.example.org/{z}/{x}/{y}.png
# (a tile server the operator runs or has the right to use); empty = no map.
WENLAN_MAP_TILE_URL = os.environ.get("WENLAN_MAP_TILE_URL", "")
WENLAN_MAP_ATTRIBUTION = os.environ.get("WENLAN_MAP_ATTRIBUTION", "")
WENLAN_UPLOAD_MAX_MB = int(os.environ.get("WENLAN_UPLOAD_MAX_MB", "10"))
# The think tank's feeds: a feed read from a file must be in this directory (an
# operator's choice, never a path typed on a page); fetched feeds are cut off at
# WENLAN_THINKTANK_FEED_MAX_KB and WENLAN_THINKTANK_FEED_TIMEOUT_SECONDS.
WENLAN_THINKTANK_FEED_DIR = Path(
    os.environ.get("WENLAN_THINKTANK_FEED_DIR", VAR_DIR / "feeds")
).resolve()
WENLAN_THINKTANK_FEED_MAX_KB = int(os.environ.get("WENLAN_THINKTANK_FEED_MAX_KB", "2048"))
WENLAN_THINKTANK_FEED_TIMEOUT_SECONDS = float(
    os.environ.get("WENLAN_THINKTANK_FEED_TIMEOUT_SECONDS", "15")
)
STATICFILES_DIRS = [SRC_DIR / "static"]
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {
        "BACKEND": os.environ.get("WENLAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "WENLAN_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("WENLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WENLAN_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("WENLAN_DEFAULT_FROM_EMAIL", "Wenlan <noreply@localhost>")
# Text messages to readers go through an HTTP gateway the operator names; off when
# the URL is empty (notices.sms describes the request).
WENLAN_SMS_URL = os.environ.get("WENLAN_SMS_URL", "")
WENLAN_SMS_TOKEN = os.environ.get("WENLAN_SMS_TOKEN", "")
WENLAN_SMS_TIMEOUT_SECONDS = float(os.environ.get("WENLAN_SMS_TIMEOUT_SECONDS", "10"))

# Sessions stay in the database, read with one hand-written statement
# (docs/adr/0002-sessions-in-the-database.md).
SESSION_ENGINE = "wenlan.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if WENLAN_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("WENLAN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("WENLAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("WENLAN_HSTS_PRELOAD", False)

# Wrong passwords: this many failures on one account from one address block that
# address for that account for the window; beyond as many on the account from
# anywhere, or WENLAN_LOGIN_FAILURES_PER_ADDRESS from one address on any accounts,
# attempts are only slowed to one per WENLAN_LOGIN_SLOWDOWN_SECONDS, so that a
# stranger cannot lock a reader out.
WENLAN_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("WENLAN_LOGIN_FAILURES_PER_ACCOUNT", "5"))
WENLAN_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("WENLAN_LOGIN_FAILURES_PER_ADDRESS", "20"))
WENLAN_LOGIN_WINDOW_MINUTES = int(os.environ.get("WENLAN_LOGIN_WINDOW_MINUTES", "15"))
# A one-time password reset code issued at a desk is valid this long.
WENLAN_PASSWORD_RESET_CODE_MINUTES = int(os.environ.get("WENLAN_PASSWORD_RESET_CODE_MINUTES", "30"))
# A password reset link sent by e-mail is valid this long (Django's setting).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("WENLAN_PASSWORD_RESET_LINK_HOURS", "24")) * 3600
# Staff are signed out after this many minutes without a request (readers are not).
WENLAN_STAFF_IDLE_MINUTES = int(os.environ.get("WENLAN_STAFF_IDLE_MINUTES", "30"))
WENLAN_LOGIN_SLOWDOWN_SECONDS = int(os.environ.get("WENLAN_LOGIN_SLOWDOWN_SECONDS", "10"))
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed: the
# client's address is the right-most one not among them. Empty: the direct peer.
WENLAN_TRUSTED_PROXIES = _env_list("WENLAN_TRUSTED_PROXIES", "")
# SIP2: connections one address may hold open at once, seconds a connection may
# stay silent before it is closed, and the reader fields a kiosk is sent besides
# the card number (any of name, phone, email; empty for none).
WENLAN_SIP2_MAX_CONNECTIONS_PER_ADDRESS = int(
    os.environ.get("WENLAN_SIP2_MAX_CONNECTIONS_PER_ADDRESS", "8")
)
WENLAN_SIP2_IDLE_SECONDS = float(os.environ.get("WENLAN_SIP2_IDLE_SECONDS", "300"))
WENLAN_SIP2_PATRON_FIELDS = _env_list("WENLAN_SIP2_PATRON_FIELDS", "name")
# A reader card is valid this many days from registration.
WENLAN_CARD_VALID_DAYS = int(os.environ.get("WENLAN_CARD_VALID_DAYS", str(3 * 365)))
# A reader's e-card (the QR code on their phone) works this many seconds from when
# their page fetched it; the page fetches the next one before then.
WENLAN_ECARD_SECONDS = int(os.environ.get("WENLAN_ECARD_SECONDS", "60"))
# Events: a reader with this many no-shows within the window cannot register for
# the block period; an occurrence's row lock waits at most this long before "busy".
WENLAN_EVENT_NO_SHOW_THRESHOLD = int(os.environ.get("WENLAN_EVENT_NO_SHOW_THRESHOLD", "3"))
WENLAN_EVENT_NO_SHOW_WINDOW_DAYS = int(os.environ.get("WENLAN_EVENT_NO_SHOW_WINDOW_DAYS", "90"))
WENLAN_EVENT_NO_SHOW_BLOCK_DAYS = int(os.environ.get("WENLAN_EVENT_NO_SHOW_BLOCK_DAYS", "30"))
WENLAN_EVENT_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_EVENT_LOCK_TIMEOUT_MS", "10000"))
# An event page's surroundings (venue, organiser, club, channels) are kept this long
# in each process; the event's row, its seats and the reader's places never are.
WENLAN_EVENT_CACHE_SECONDS = float(os.environ.get("WENLAN_EVENT_CACHE_SECONDS", "5"))
# A booking of a space waits at most this long for the resource's row lock, then "busy".
WENLAN_SPACE_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_SPACE_LOCK_TIMEOUT_MS", "10000"))
# Learning: a lesson video may be at most this large (MP4 or WebM, checked by its
# content); a class's row lock waits at most this long before "busy"; a Common
# Cartridge upload and what it unpacks to are limited too (a zip bomb is refused).
WENLAN_LEARNING_VIDEO_MAX_MB = int(os.environ.get("WENLAN_LEARNING_VIDEO_MAX_MB", "500"))
WENLAN_LEARNING_FILE_MAX_MB = int(os.environ.get("WENLAN_LEARNING_FILE_MAX_MB", "50"))
WENLAN_LEARNING_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_LEARNING_LOCK_TIMEOUT_MS", "10000"))
# Behind nginx: the internal location that serves MEDIA_ROOT (e.g. "/protected-media/");
# lesson videos are then answered with X-Accel-Redirect and nginx sends the bytes.
WENLAN_LEARNING_ACCEL_REDIRECT = os.environ.get("WENLAN_LEARNING_ACCEL_REDIRECT", "")
WENLAN_LEARNING_CARTRIDGE_MAX_MB = int(os.environ.get("WENLAN_LEARNING_CARTRIDGE_MAX_MB", "200"))
WENLAN_LEARNING_CARTRIDGE_UNPACKED_MAX_MB = int(
    os.environ.get("WENLAN_LEARNING_CARTRIDGE_UNPACKED_MAX_MB", "1000")
)

# Volunteers: the Fernet key (32 url-safe base64 bytes; `Fernet.generate_key()` of
# the cryptography package makes one) that encrypts volunteers' ID numbers at rest;
# empty (the default) derives one from SECRET_KEY: set it in production and keep it
# with the backups (a lost key loses the numbers, never the rest of a profile).
WENLAN_VOLUNTEER_ID_KEY = os.environ.get("WENLAN_VOLUNTEER_ID_KEY", "")
WENLAN_VOLUNTEER_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_VOLUNTEER_LOCK_TIMEOUT_MS", "10000"))

# The audit log: a staff member's repeated views of the same reader's data from the
# same address within this many minutes are one entry (0 = an entry for every view).
WENLAN_AUDIT_VIEW_WINDOW_MINUTES = int(os.environ.get("WENLAN_AUDIT_VIEW_WINDOW_MINUTES", "30"))

# The catalog's Tantivy search index lives under this directory (one per web node).
WENLAN_INDEX_DIR = Path(os.environ.get("WENLAN_INDEX_DIR", VAR_DIR / "index")).resolve()
# Memory Tantivy may fill before it writes a segment during a rebuild: fewer,
# larger segments mean fewer merges (a million records build in about 60% of the
# CPU time at 1,024 MB than at 128 MB). Used only while `wenlan reindex` runs.
WENLAN_INDEX_BUILD_MB = int(os.environ.get("WENLAN_INDEX_BUILD_MB", "1024"))

# Circulation: a row lock waits at most this long before "busy"; readers owing this
# much (0 = never) are blocked; "due soon" notices go this many days ahead; a
# reader may hold this many titles at once. Analytics see readers only as an HMAC
# of their id keyed with WENLAN_ANALYTICS_SECRET (default: derived from SECRET_KEY).
WENLAN_CIRC_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_CIRC_LOCK_TIMEOUT_MS", "5000"))
WENLAN_CIRC_FINE_LIMIT = os.environ.get("WENLAN_CIRC_FINE_LIMIT", "10.00")
WENLAN_CIRC_DUE_SOON_DAYS = int(os.environ.get("WENLAN_CIRC_DUE_SOON_DAYS", "3"))
WENLAN_CIRC_MAX_HOLDS = int(os.environ.get("WENLAN_CIRC_MAX_HOLDS", "10"))
WENLAN_CIRC_HOLD_WAIT_DAYS = int(os.environ.get("WENLAN_CIRC_HOLD_WAIT_DAYS", "180"))
WENLAN_CIRC_RENEW_WINDOW_DAYS = int(os.environ.get("WENLAN_CIRC_RENEW_WINDOW_DAYS", "7"))
# The rules matrix and library calendars are kept this long in each process.
WENLAN_CIRC_CACHE_SECONDS = float(os.environ.get("WENLAN_CIRC_CACHE_SECONDS", "5"))
WENLAN_ANALYTICS_SECRET = os.environ.get("WENLAN_ANALYTICS_SECRET", "")

# Knowledge base: a search hit whose confidence (0..1) is at least this answers the
# question (below it the robot hands over to a librarian); each process reads the
# knowledge base's version at most this often and rebuilds its index on a change;
# an imported file may be at most this large.
KNOWLEDGE_ANSWER_CONFIDENCE = float(os.environ.get("WENLAN_KNOWLEDGE_ANSWER_CONFIDENCE", "0.6"))
WENLAN_KNOWLEDGE_VERSION_SECONDS = float(os.environ.get("WENLAN_KNOWLEDGE_VERSION_SECONDS", "1"))
WENLAN_KNOWLEDGE_MAX_FILE_KB = int(os.environ.get("WENLAN_KNOWLEDGE_MAX_FILE_KB", "256"))
# The worker rewrites each library's page from the network's data this often.
WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES = int(
    os.environ.get("WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES", "60")
)

# The reference robot (wenlan.robot). An OpenAI-compatible chat endpoint may phrase
# its answers from the retrieved passages: off while the URL is empty (the default);
# an answer not back within the timeout (seconds) falls back on the passage itself.
ROBOT_LLM_URL = os.environ.get("WENLAN_ROBOT_LLM_URL", "")
ROBOT_LLM_MODEL = os.environ.get("WENLAN_ROBOT_LLM_MODEL", "")
ROBOT_LLM_API_KEY = os.environ.get("WENLAN_ROBOT_LLM_API_KEY", "")
ROBOT_LLM_TIMEOUT = float(os.environ.get("WENLAN_ROBOT_LLM_TIMEOUT", "3"))
# Questions one asker (a reader, or a visitor's session) may put in a minute; more
# get a polite "please wait" (429) and are not answered (0 = no limit).
ROBOT_QUESTIONS_PER_MINUTE = int(os.environ.get("WENLAN_ROBOT_QUESTIONS_PER_MINUTE", "20"))
# Analytics (`wenlan analytics export`): where the Parquet datasets live (a directory
# or a pyarrow.fs URI such as s3://bucket/prefix), how many source rows are read and
# written at a time, how old a log entry must be before it is exported (a
# transaction still open may yet commit a smaller id), how long after an occurrence
# ends its attendance is exported, the fewest readers a published figure may cover,
# and the Spark master for `--engine spark`.
WENLAN_ANALYTICS_URI = os.environ.get("WENLAN_ANALYTICS_URI", str(VAR_DIR / "analytics"))
WENLAN_ANALYTICS_BATCH_ROWS = int(os.environ.get("WENLAN_ANALYTICS_BATCH_ROWS", "50000"))
WENLAN_ANALYTICS_SETTLE_SECONDS = int(os.environ.get("WENLAN_ANALYTICS_SETTLE_SECONDS", "60"))
WENLAN_ANALYTICS_ATTENDANCE_SETTLE_HOURS = int(
    os.environ.get("WENLAN_ANALYTICS_ATTENDANCE_SETTLE_HOURS", "24")
)
WENLAN_ANALYTICS_MIN_READERS = int(os.environ.get("WENLAN_ANALYTICS_MIN_READERS", "10"))
WENLAN_ANALYTICS_SPARK_MASTER = os.environ.get("WENLAN_ANALYTICS_SPARK_MASTER", "local[2]")
# Recommendations: the worker's nightly training starts at this hour, local time
# (after the analytics export, docs/recommendations.md).
WENLAN_RECS_TRAIN_HOUR = int(os.environ.get("WENLAN_RECS_TRAIN_HOUR", "3"))
# Reference (questions to a librarian): a question is due this many of the network's
# working days after it is asked (a category's override is set in the admin), a
# referral to an alliance partner this many (a partner's override likewise); a
# question is at most this many characters; a librarian's step waits at most this
# long for the question's row lock. E-mails to visitors link to WENLAN_SITE_URL.
WENLAN_REFERENCE_DUE_WORKING_DAYS = int(os.environ.get("WENLAN_REFERENCE_DUE_WORKING_DAYS", "3"))
WENLAN_REFERENCE_REFERRAL_DUE_WORKING_DAYS = int(
    os.environ.get("WENLAN_REFERENCE_REFERRAL_DUE_WORKING_DAYS", "5")
)
WENLAN_REFERENCE_QUESTION_MAX_CHARS = int(
    os.environ.get("WENLAN_REFERENCE_QUESTION_MAX_CHARS", "4000")
)
WENLAN_REFERENCE_LOCK_TIMEOUT_MS = int(os.environ.get("WENLAN_REFERENCE_LOCK_TIMEOUT_MS", "5000"))
# A visitor's e-mail address (no reader card) asks at most this many questions a day.
WENLAN_REFERENCE_VISITOR_QUESTIONS_PER_DAY = int(
    os.environ.get("WENLAN_REFERENCE_VISITOR_QUESTIONS_PER_DAY", "5")
)
WENLAN_SITE_URL = os.environ.get("WENLAN_SITE_URL", "http://127.0.0.1:8000")

# China Reading rankings (docs/rankings-feeds.md, docs/operators.md): a work enters a
# list with at least MIN_READERS distinct readers and MIN_LIBRARIES libraries; one
# library's loans count up to LIBRARY_CAP of the work's loans; the score's default
# weights ("loans=1,breadth=0.5,..."); an upload's size cap and the errors reported.
WENLAN_RANKINGS_MIN_READERS = int(os.environ.get("WENLAN_RANKINGS_MIN_READERS", "10"))
WENLAN_RANKINGS_MIN_LIBRARIES = int(os.environ.get("WENLAN_RANKINGS_MIN_LIBRARIES", "3"))
WENLAN_RANKINGS_LIBRARY_CAP = float(os.environ.get("WENLAN_RANKINGS_LIBRARY_CAP", "0.2"))
WENLAN_RANKINGS_WEIGHTS = os.environ.get(
    "WENLAN_RANKINGS_WEIGHTS", "loans=1.0,breadth=0.5,growth=0.3,sales=0.5,recency=0.2"
)
WENLAN_RANKINGS_MAX_UPLOAD_MB = int(os.environ.get("WENLAN_RANKINGS_MAX_UPLOAD_MB", "200"))
WENLAN_RANKINGS_MAX_ERRORS = int(os.environ.get("WENLAN_RANKINGS_MAX_ERRORS", "100"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_one_line": {"()": "wenlan.core.logging.ClientErrorsOneLine"},
        "ecard_tokens_shortened": {"()": "wenlan.patrons.ecard.EcardTokensShortened"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_errors_one_line", "ecard_tokens_shortened"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("WENLAN_LOG_LEVEL", "WARNING")},
}
