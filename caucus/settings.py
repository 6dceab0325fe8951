"""Caucus settings: one file, read from the environment, with safe defaults for one machine."""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from caucus.lib.env import env_bool, env_int, env_list, env_str
from caucus.lib.keys import var_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CAUCUS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/ (never in git)."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    return var_key(VAR_DIR / "secret_key", lambda: secrets.token_urlsafe(64))


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto): secure cookies, HSTS.
HTTPS = env_bool("HTTPS", False)
# Without SITE_URL, links in emails point at the port bin/serve listens on (PORT, as
# `PORT=8123 make run`), so a newcomer's confirmation links work.
# Kept without its trailing slash: templates write {{ site_url }}{{ path }}.
SITE_URL = env_str(
    "SITE_URL", "https://caucus.example" if HTTPS else f"http://127.0.0.1:{env_int('PORT', 8000)}"
).rstrip("/")

INSTALLED_APPS = [
    "caucus.accounts.admin_config.AdminConfig",  # the admin behind allauth's login and 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "django_tasks_db",
    "caucus.accounts",
    "caucus.audit",
    "caucus.translations",  # below the domain apps: content translations, reader language
    "caucus.topics",  # below the domain apps: the topic vocabulary
    "caucus.organizations",
    "caucus.coalitions",
    "caucus.statements",
    "caucus.signatures",
    "caucus.campaigns",
    "caucus.decisions",
    "caucus.solidarity",
    "caucus.webhooks",  # tells registered endpoints of signatures, RSVPs and publications
    "caucus.public",
    "caucus.api",
    "caucus.ops",
    "caucus.federation",
]

MIDDLEWARE = [
    "caucus.ops.middleware.RequestMetricsMiddleware",  # first: counts every response
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that cannot be reached answers 503 + Retry-After, not 500 (public/unavailable.py).
    "caucus.public.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "caucus.federation.middleware.ActivityPubNegotiationMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caucus.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "caucus.accounts.middleware.PrivateNoStoreMiddleware",
]

ROOT_URLCONF = "caucus.urls"
WSGI_APPLICATION = "caucus.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caucus.accounts.context_processors.memberships",
                "caucus.federation.context_processors.activitypub",
            ],
            # Dates and times in one style (caucus/lib/dates.py); content language and direction.
            "libraries": {"when": "caucus.lib.dates_tags", "langs": "caucus.lib.langs_tags"},
        },
    },
]

# --- Database: SQLite under var/ by default; DATABASE_URL switches (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 600), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "caucus.sqlite3",
            # Kept open too: opening a connection and its PRAGMAs on every request cost the
            # cached statement page, whose only queries are two cache reads, 4/5 of its
            # throughput with three workers (bench/README.md, "Which shared cache").
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 600),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
                # busy timeout instead of failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: the database table by default (shared by every worker), Redis when
# REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
# A Redis error is a cache miss, never a 500 (caucus/lib/cache.py), and the short timeouts make
# a dead or unreachable Redis cost milliseconds; sessions fall back to the database.
REDIS_TIMEOUT_MS = env_int("REDIS_TIMEOUT_MS", 250)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "caucus.lib.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_MS / 1000,
                "socket_timeout": REDIS_TIMEOUT_MS / 1000,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One machine: a table in the database, shared by every web worker and the task worker, so
    # rate limits (signing, following, allauth's login limits) count across processes; local
    # memory would give each of bin/serve's workers its own counters (caucus.W030). Faster than
    # a file cache for the signing path (bench/cache_backends.py). Created by migrate and by
    # bin/serve (createcachetable); MAX_ENTRIES bounds the table that every write counts.
    CACHES = {
        "default": {
            "BACKEND": "caucus.lib.dbcache.DatabaseCache",
            "LOCATION": "caucus_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Files: local storage under var/media by default; an S3-compatible store when configured.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "webroot"
# "default" holds what anyone may fetch (logos, event photos): on S3 a publicly readable bucket.
# "private" holds case photos (caucus/lib/storage.py): outside MEDIA_ROOT, or on S3 a bucket
# with no public access (S3_PRIVATE_BUCKET, required with S3_BUCKET: caucus.E040), under
# private/; only views that check who may see a photo read it (issue "Trust", part 5).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
S3_BUCKET = env_str("S3_BUCKET")
S3_PRIVATE_BUCKET = env_str("S3_PRIVATE_BUCKET")
_S3_ACCESS = {
    "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
    "access_key": env_str("S3_ACCESS_KEY"),
    "secret_key": env_str("S3_SECRET_KEY"),
}
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": S3_BUCKET, **_S3_ACCESS, "querystring_auth": False},
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_PRIVATE_BUCKET or S3_BUCKET,  # the latter refused by E040
                **_S3_ACCESS,
                "location": "private",
                "querystring_auth": True,  # a URL, were one ever made, is signed and short-lived
                "querystring_expire": 60,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "caucus.lib.storage.PrivateFileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Background work: django.tasks with the database worker (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Finished task rows, and webhook and federation deliveries (delivered / given up), are
# deleted after this many days (failures are kept longer to look into);
# allauth's emails the worker could not send are deleted after OUTBOX_MAX_AGE_HOURS.
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 7)
TASK_FAILURE_RETENTION_DAYS = env_int("TASK_FAILURE_RETENTION_DAYS", 30)
OUTBOX_MAX_AGE_HOURS = env_int("OUTBOX_MAX_AGE_HOURS", 24)

# --- Email: console by default; SMTP when EMAIL_BACKEND=smtp.
EMAIL_BACKEND_NAME = env_str("EMAIL_BACKEND", "console")
_MAIL_BACKENDS = {
    # Django's console backend, printing decoded text (and keeping the dev outbox, below).
    "console": "caucus.public.devmail.ReadableConsoleBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKENDS.get(EMAIL_BACKEND_NAME, EMAIL_BACKEND_NAME),
        "OPTIONS": (
            {
                "host": env_str("SMTP_HOST", "localhost"),
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_TLS", True),
            }
            if EMAIL_BACKEND_NAME == "smtp"
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Caucus <noreply@caucus.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Passwords: Argon2 first.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Accounts (django-allauth): invitation only, email login, mandatory verification, MFA.
ACCOUNT_ADAPTER = "caucus.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Caucus")
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers treat http://127.0.0.1 as a secure context; fido2 needs this to accept its origin.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

# --- Security headers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # data: only for allauth's TOTP QR code, which is an inline data: image.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or CIDR ranges) whose forwarding header we believe; the client is the
# rightmost untrusted hop (caucus/lib/network.py). Required with BEHIND_PROXY.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# The one header those proxies write the client into: X-Forwarded-For (HAProxy's `option
# forwardfor`, nginx's $proxy_add_x_forwarded_for) or Forwarded (RFC 7239). The other is never
# read, so a proxy that passes a client's own copy of it through cannot be fooled by it.
FORWARDED_HEADER = env_str("FORWARDED_HEADER", "X-Forwarded-For")

# --- Languages: every string is translatable; Arabic is right-to-left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("el", "Ελληνικά"),
    ("it", "Italiano"),
    ("pt-br", "Português (Brasil)"),
    ("az", "Azərbaycanca"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Personal data: field encryption keys ("kid:base64,..." current first) and the blind-index
# key; both are generated into var/ when unset. See caucus/lib/crypto.py.
FIELD_KEYS = env_str("FIELD_KEYS")
BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY")

# --- Caucus.
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)
# A demo instance (`make run`): `manage.py totp` may print the demo accounts' current codes.
# Refused with HTTPS on (caucus.E002), so it cannot be left on in production.
CAUCUS_DEMO = env_bool("CAUCUS_DEMO", False)
# Emails sent with the console backend are also listed at /dev/outbox/ (caucus/public/
# devmail.py); on in demo mode, refused with HTTPS (caucus.E006).
DEV_OUTBOX = env_bool("DEV_OUTBOX", CAUCUS_DEMO)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"django_tasks": {"level": "INFO"}, "django_tasks_db": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 50

# --- Signatures (caucus/signatures): public sign-on, its abuse controls and retention.
# Emails of confirmed signers are deleted after this many days (0 keeps them); the names stay.
SIGNER_EMAIL_RETENTION_DAYS = env_int("SIGNER_EMAIL_RETENTION_DAYS", 180)
SIGNATURE_CONFIRM_MAX_AGE_DAYS = env_int("SIGNATURE_CONFIRM_MAX_AGE_DAYS", 7)
# A worker holds the signers it is emailing this long (renewed while it works); if it dies,
# another worker sends the rest once the lease ends (signatures/outbox.py).
SIGNATURE_MAIL_LEASE_SECONDS = env_int("SIGNATURE_MAIL_LEASE_SECONDS", 30)
# Per window of SIGNATURE_RATE_WINDOW seconds: signatures per IP prefix (/24, /48) and per
# email domain before "try again in N seconds" (0 turns a limit off). Exempt: big providers.
SIGNATURE_RATE_WINDOW = env_int("SIGNATURE_RATE_WINDOW", 60)
SIGNATURE_RATE_PER_PREFIX = env_int("SIGNATURE_RATE_PER_PREFIX", 120)
SIGNATURE_RATE_PER_DOMAIN = env_int("SIGNATURE_RATE_PER_DOMAIN", 300)
SIGNATURE_RATE_EXEMPT_DOMAINS = env_list(
    "SIGNATURE_RATE_EXEMPT_DOMAINS",
    ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me"],
)
SIGNATURE_BLOCKED_DOMAINS = env_list("SIGNATURE_BLOCKED_DOMAINS", [])
# Every public form that emails an address (signing and following, RSVPs, outside hosts) also
# slows down per address (hashed, see caucus/lib/ratelimit.py): at most N per
# ADDRESS_RATE_WINDOW seconds, so nobody can flood someone's mailbox through us.
ADDRESS_RATE_WINDOW = env_int("ADDRESS_RATE_WINDOW", 3600)
SIGNATURE_RATE_PER_ADDRESS = env_int("SIGNATURE_RATE_PER_ADDRESS", 10)
# RSVPs and outside hosts' proposals: per network (/24, /48) per window, and per address.
RSVP_RATE_WINDOW = env_int("RSVP_RATE_WINDOW", 600)
RSVP_RATE_PER_NETWORK = env_int("RSVP_RATE_PER_NETWORK", 20)
RSVP_RATE_PER_ADDRESS = env_int("RSVP_RATE_PER_ADDRESS", 10)
# An RSVP from an address that already answered is answered like any other; the address's
# owner is emailed their link instead, at most once per RSVP in this many seconds.
RSVP_REMINDER_INTERVAL = env_int("RSVP_REMINDER_INTERVAL", 3600)
HOST_RATE_WINDOW = env_int("HOST_RATE_WINDOW", 3600)
HOST_RATE_PER_NETWORK = env_int("HOST_RATE_PER_NETWORK", 20)
HOST_RATE_PER_ADDRESS = env_int("HOST_RATE_PER_ADDRESS", 5)
# The JSON API (caucus/api/http.py): requests per API_RATE_WINDOW seconds per token and per
# network; a network whose credentials were refused (401) this often waits out the window.
API_RATE_WINDOW = env_int("API_RATE_WINDOW", 60)
API_RATE_PER_TOKEN = env_int("API_RATE_PER_TOKEN", 600)
API_RATE_PER_NETWORK = env_int("API_RATE_PER_NETWORK", 1200)
API_UNAUTHORIZED_PER_NETWORK = env_int("API_UNAUTHORIZED_PER_NETWORK", 30)
SIGNATURE_BLOCK_CACHE_SECONDS = env_int("SIGNATURE_BLOCK_CACHE_SECONDS", 5)
# The anonymous public statement page, kept this long (0: never cached); see statements/cache.py.
STATEMENT_PAGE_CACHE_SECONDS = env_int("STATEMENT_PAGE_CACHE_SECONDS", 5)
# --- Federation (caucus/federation, FEDERATION.md): ActivityPub actors, inboxes and delivery.
# Fetching from and delivering to loopback and private networks is refused (SSRF) unless this
# is on: the demo and the tests talk to servers on 127.0.0.1; refused with HTTPS (caucus.E101).
FEDERATION_ALLOW_PRIVATE_NETWORKS = env_bool("FEDERATION_ALLOW_PRIVATE_NETWORKS", CAUCUS_DEMO)
FEDERATION_MAX_BODY_BYTES = env_int("FEDERATION_MAX_BODY_BYTES", 256 * 1024)
FEDERATION_INBOX_RATE = env_int("FEDERATION_INBOX_RATE", 300)  # per remote host per minute
FEDERATION_HTTP_TIMEOUT = env_int("FEDERATION_HTTP_TIMEOUT", 10)  # seconds, connect and read
# Benchmarks only (bench/): enables a bare insert view as the baseline. Never in production.
CAUCUS_BENCH = env_bool("CAUCUS_BENCH", False)

# --- Operations (caucus/ops): /metrics answers a bearer token or these networks, else 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", [])
# Prometheus scrapes each app server directly, past the balancer that ends TLS: a redirect to
# https would send it to the balancer, i.e. to any server.
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
# Emails sent and failed are counted for /metrics around whichever backend is configured.
MAILERS["default"] = {
    "BACKEND": "caucus.ops.mail.CountingBackend",
    "OPTIONS": {"wrapped": MAILERS["default"]},
}
