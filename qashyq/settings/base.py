"""Production-ready settings: everything comes from environment variables.

With nothing set, Qashyq runs on its embedded default: SQLite in WAL mode under
``QASHYQ_DATA_DIR`` (default ``./var``), eager background tasks, local files.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent  # the qashyq package
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("QASHYQ_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", default=False)

DEVELOPMENT_SECRET = "qashyq-development-secret-never-use-in-production"  # noqa: S105


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    key = os.environ.get("SECRET_KEY")
    if key:
        if key == DEVELOPMENT_SECRET and not DEBUG:
            msg = "Refusing to start: SECRET_KEY is the development secret and DEBUG is off."
            raise ImproperlyConfigured(msg)
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "qashyq.core",
    "qashyq.footprint",
    "qashyq.lrs",
    "qashyq.accounts",
    "qashyq.institutions",
    "qashyq.people",
    "qashyq.regulations",
    "qashyq.courses",
    "qashyq.schedule",
    "qashyq.distance",
    "qashyq.gradebook",
    "qashyq.questions",
    "qashyq.assessment",
    "qashyq.assignments",
    "qashyq.reports",
    "qashyq.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qashyq.core.middleware.GenerationsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qashyq.accounts.middleware.UserLanguageMiddleware",
    "qashyq.people.middleware.ActorScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qashyq.core.middleware.CSPMiddleware",
]

ROOT_URLCONF = "qashyq.urls"
WSGI_APPLICATION = "qashyq.wsgi.application"
ASGI_APPLICATION = "qashyq.asgi.application"

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
                "qashyq.core.context_processors.platform",
                "qashyq.people.context_processors.nav_items",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production); SQLite in WAL mode when unset.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "qashyq.sqlite3"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=10000;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["qashyq.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# SEC-1: failed sign-ins are rate-limited per account and per address.
SIGNIN_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
SIGNIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("SIGNIN_FAILURE_WINDOW_SECONDS", "900"))
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", "30"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. 127.0.0.1).
TRUSTED_PROXIES = env_list("QASHYQ_TRUSTED_PROXIES", "")

# Languages: Kazakh first (DESIGN.md).
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "qashyq_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it (and from finders)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(DATA_DIR / "media")))

# FP-1: the institution's Ed25519 key that signs the footprint's daily digests (PEM, created
# with mode 0600 on first use when absent; in production a file managed like a TLS key).
FOOTPRINT_SIGNING_KEY = Path(
    os.environ.get("QASHYQ_FOOTPRINT_SIGNING_KEY", str(DATA_DIR / "footprint-signing-key.pem"))
)
# The public halves of the keys retired by `qashyq footprint rotate-key` (a directory).
FOOTPRINT_RETIRED_KEYS = Path(
    os.environ.get("QASHYQ_FOOTPRINT_RETIRED_KEYS", str(DATA_DIR / "footprint-retired-keys"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Mail: files under DATA_DIR/mail in the embedded default; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qashyq@localhost")

# Cache: Redis when REDIS_URL is set, else files under DATA_DIR.
CACHES: dict[str, dict[str, object]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "qashyq.core.redis_cache.ReusingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    # Files, not process memory: every gunicorn worker must see the same generations
    # (core.cache, ADR 0014).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Each process's own memory, for rendered fragments under generation-stamped keys (they
# never change, so no process needs another's invalidation; core.cache, ADR 0014).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "qashyq-local",
    "TIMEOUT": 60,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work: Celery; eager when no broker is configured (embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE

# Video conferences (LMS-3, docs/schedule.md): BigBlueButton when both are set, else
# synchronous classes use external links only (Zoom, Teams, Jitsi).
BBB_URL = os.environ.get("BBB_URL", "")  # e.g. https://bbb.example.kz/bigbluebutton/api/
BBB_SECRET = os.environ.get("BBB_SECRET", "")
BBB_CHECKSUM = os.environ.get("BBB_CHECKSUM", "sha256")  # sha1, sha256, sha384 or sha512
BBB_WEBHOOKS = env_bool("BBB_WEBHOOKS", default=False)  # the bbb-webhooks plugin is installed

# The site's public address, for links in e-mails, PDFs and QR codes.
SITE_URL = os.environ.get("QASHYQ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security (SEC-3): HTTPS settings switch on with QASHYQ_HTTPS.
HTTPS = env_bool("QASHYQ_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The API's own docs page (Swagger UI) needs its inline bootstrap.
NINJA_PAGINATION_MAX_LIMIT = 100
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "qashyq.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
