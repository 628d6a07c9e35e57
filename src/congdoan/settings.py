"""Settings for congdoan, every value read from the environment with a safe default.

``.env.example`` at the repository root lists each variable with a one-line comment.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from congdoan.core.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent
_IN_CHECKOUT = (SOURCE_ROOT / "pyproject.toml").exists()

DATA_DIR = Path(
    env_str("CONGDOAN_DATA_DIR") or (SOURCE_ROOT / "var" if _IN_CHECKOUT else Path.cwd() / "var")
)
NODE_MODULES = Path(env_str("CONGDOAN_NODE_MODULES") or SOURCE_ROOT / "node_modules")

DEBUG = env_bool("CONGDOAN_DEBUG", False)


def _secret_key() -> str:
    """The configured key, or one generated once and kept in the data directory."""
    configured = env_str("CONGDOAN_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("CONGDOAN_SECRET_KEY must be at least 32 characters long")

ALLOWED_HOSTS = env_list("CONGDOAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CONGDOAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "congdoan.core",
    "congdoan.accounts",
    "congdoan.organizations",
    "congdoan.members",
    "congdoan.cards",
    "congdoan.portal",
    "congdoan.reports",
    "congdoan.emulation",
    "congdoan.awards",
    "congdoan.welfare",
    "congdoan.meetings",
    "congdoan.grading",
    "congdoan.dues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congdoan.core.middleware.RejectNulMiddleware",
    "congdoan.core.middleware.LanguageMiddleware",
    "congdoan.core.middleware.ApiErrorBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "congdoan.urls"
WSGI_APPLICATION = "congdoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congdoan.core.context_processors.scope",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'congdoan.sqlite3'}"
if DATABASE_URL.startswith("sqlite"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONGDOAN_DB_CONN_MAX_AGE", 60),
        # Off: a check is one more round trip on every request. After a database restart
        # each process answers one request with an error, then reconnects.
        conn_health_checks=env_bool("CONGDOAN_DB_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page server read while an import writes; a busy writer waits, not fails.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["congdoan.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Repeated wrong passwords lock the account for a while (accounts/backends.py).
# Card checks from QR codes (public): requests per client per minute; 0 = no limit.
CONGDOAN_VERIFY_RATE = env_int("CONGDOAN_VERIFY_RATE", 60)
# Invitation codes tried per client and minute on the public "create my login" page.
CONGDOAN_JOIN_RATE = env_int("CONGDOAN_JOIN_RATE", 10)
# The address printed in card QR codes when no request gives it (batch printing).
CONGDOAN_SITE_URL = env_str("CONGDOAN_SITE_URL", "http://127.0.0.1:8000")
LOGIN_MAX_FAILURES = env_int("CONGDOAN_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("CONGDOAN_LOGIN_LOCK_MINUTES", 15)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("CONGDOAN_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["congdoan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("CONGDOAN_STATIC_ROOT") or DATA_DIR / "static")
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("CONGDOAN_MEDIA_ROOT") or DATA_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("CONGDOAN_UPLOAD_MAX_MB", 50) * 1024 * 1024
IMPORT_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE  # largest member list accepted

# Security: always-on headers, plus HTTPS-only cookies and HSTS behind TLS.
HTTPS = env_bool("CONGDOAN_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("CONGDOAN_SESSION_HOURS", 12) * 3600
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("CONGDOAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Behind a reverse proxy: trust its X-Forwarded-Proto and X-Forwarded-For headers.
BEHIND_PROXY = env_bool("CONGDOAN_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background tasks (imports, card batches, reports): a database-backed queue served by
# `congdoan db_worker` by default; CONGDOAN_TASK_BACKEND names another backend (for
# example a Redis queue) for a scaled-out deployment.
TASKS = {
    "default": {
        "BACKEND": env_str("CONGDOAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CONGDOAN_LOG_LEVEL", "WARNING")},
}
