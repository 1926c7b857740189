"""Settings for chudong, driven by environment variables.

The defaults give the embedded mode that `make run` uses: SQLite under ./var, DEBUG on,
mail printed to the console. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; a missing or malformed value there fails loudly at start-up instead of
running with an unsafe default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chudong.core.pg_session import SESSION_OPTIONS

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL (postgres://user:pw@host:port/name or sqlite:///path) into a
    Django DATABASES entry. Only the two engines chudong supports are accepted."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        options["options"] = f"{SESSION_OPTIONS} {options.get('options', '')}".strip()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "60"),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else parsed.path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(BASE_DIR / "var" / "chudong.sqlite3"),
            # SQLite in WAL mode lets the task worker and the web server share the file.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite:///, got {parsed.scheme!r}"
    )


DEBUG = envbool("DEBUG", "1")
TESTING = envbool("CHUDONG_TESTING", "0")
# How long a unit page's early-warning counts are kept (orgs.selectors.unit_warnings);
# 0 computes them on every request (the tests, unless one sets it).
CHUDONG_WARNINGS_CACHE_SECONDS = envint("CHUDONG_WARNINGS_CACHE_SECONDS", "0" if TESTING else "300")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "embedded-mode-only-not-secret"  # noqa: S105 - never used with DEBUG=0

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The address people reach chudong at, for links in e-mails.
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "chudong.core",
    "chudong.orgs",
    "chudong.access",
    "chudong.accounts",
    "chudong.members",
    "chudong.reports",
    "chudong.rules",
    "chudong.imports",
    "chudong.transfers",
    "chudong.notices",
    "chudong.dissemination",
    "chudong.ratings",
    "chudong.dues",
    "chudong.activities",
    "chudong.care",
    "chudong.procedures",
    "chudong.meetings",
    "chudong.youth",
    "chudong.plans",
    "chudong.advisory",
    "chudong.cadres",
    "chudong.inspection",
    "chudong.building",
    "chudong.recognition",
    "chudong.api",
    "ninja",
    "chudong.portal",
    "chudong.privacy",
    "chudong.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chudong.core.ratelimit.PostRateLimitMiddleware",
    "chudong.core.caching.PrivatePagesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chudong.api.middleware.ApiTokenMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "chudong.accounts.middleware.TwoFactorRequiredMiddleware",
    "chudong.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "chudong.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "chudong.urls"
WSGI_APPLICATION = "chudong.wsgi.application"
ASGI_APPLICATION = "chudong.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chudong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chudong.core.context_processors.shell",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "chudong.core.templatetags.cached_url",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'chudong.sqlite3'}")
    )
}
if TESTING and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Test databases are thrown away: no need to wait for each commit to reach the disk.
    DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "chudong.accounts.backends.UsernameEmailPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 at full cost makes hundreds of test logins take minutes; production keeps it.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "chudong.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "orgs:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: five failed attempts for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One count per account, however its login is written (username, e-mail, phone).
AXES_USERNAME_CALLABLE = "chudong.accounts.backends.lockout_username"
AXES_VERBOSE = False
# Behind the reverse proxy every request comes from 127.0.0.1: take the client address
# from X-Forwarded-For (set by the proxy), so a lockout hits the attacker, not everyone.
if envbool("BEHIND_PROXY", "0" if DEBUG else "1"):
    AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", "1")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Per-address limits on the public forms a guesser would hammer (core.ratelimit): POSTs
# per 10 minutes from one client address. Generous enough for a classroom behind one NAT
# logging in together; axes still locks each login after AXES_FAILURE_LIMIT failures.
# Off in the tests (they share one address and one process-wide cache) unless a test sets it.
CHUDONG_POST_RATE_LIMITS = (
    {}
    if TESTING
    else {
        "accounts:login": (envint("LOGIN_RATE_LIMIT", "60"), 600),
        "accounts:two_factor": (envint("TWO_FACTOR_RATE_LIMIT", "30"), 600),
        "portal:activate": (envint("ACTIVATION_RATE_LIMIT", "30"), 600),
    }
)

# Two-factor: roles held at a unit whose kind is flagged `requires_2fa` (province level and
# above in the seeded kinds) must verify a TOTP code. Embedded demo mode turns it off so
# the demo logins work without an authenticator app; production keeps it on by default.
CHUDONG_2FA_ENFORCED = envbool("CHUDONG_2FA_ENFORCED", "0" if DEBUG else "1")
OTP_TOTP_ISSUER = "chudong"

# Database sessions, read through one prepared statement (chudong/core/sessions.py).
SESSION_ENGINE = "chudong.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: no inline scripts anywhere; every script is a vendored file.
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
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chudong" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["chudong.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "chudong" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Without collectstatic (embedded mode, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Caches. "default" is each process's own memory (short-lived page data). "shared" is seen
# by every process and server: the rate-limit counters (core.ratelimit) live there, else
# each gunicorn worker would allow the full figure. It is a table of the database (made by
# the core migration, so `migrate` is enough) unless REDIS_URL or CACHE_URL names a Redis
# server (redis://, rediss://; needs the `redis` package).
SHARED_CACHE_TABLE = "chudong_shared_cache"


def shared_cache(url: str) -> dict:
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SHARED_CACHE_TABLE,
            # Its incr writes the key again for TIMEOUT: longer than any counting window
            # (core.ratelimit), or a quiet spell would restart a window's count.
            "TIMEOUT": 3600,
            # Culling counts the table on every write: a few thousand rows stay cheap.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"REDIS_URL/CACHE_URL must start with redis:// or rediss://, got {url!r}"
    )


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": shared_cache(os.getenv("REDIS_URL") or os.getenv("CACHE_URL", "")),
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if DEBUG and "EMAIL_HOST" not in os.environ and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.getenv("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "chudong <noreply@localhost>")

# Messages live in the session (server side): some carry a temporary password once.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
