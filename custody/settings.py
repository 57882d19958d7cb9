"""Settings for Custody Records: one file, every environment difference comes from variables.

Every variable is documented in `.env.example`. Defaults are the secure ones (DEBUG off);
the Makefile's `make run` turns DEBUG on for the local demo.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE="" reads no file: the test suite sets it, so a developer's .env never changes its result.
ENV_FILE = env("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# Left empty when unset with DEBUG off: Django then refuses to sign anything (sessions, CSRF)
# and `check --deploy` reports it, while commands that need no secret (migrate, check) still run.
SECRET_KEY = env("SECRET_KEY", default="" if not DEBUG else "insecure-local-development-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets the site's 403 page ("reload and send again"), not Django's bare one.
CSRF_FAILURE_VIEW = "custody.views.csrf_failure"

INSTALLED_APPS = [
    # First, so its `createsuperuser` (Django's, sealed into the national log) is the one run.
    "integrity",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "custody.accounts",
    "custody.norms",
    "custody.facilities",
    "detainees",
    "inspections",
    "oversight",
    "custody.submits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Marks the second factor on request.user, then sends a password-only session to the code page.
    "django_otp.middleware.OTPMiddleware",
    "custody.accounts.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "custody.lib.security.NoStoreMiddleware",
    "custody.lib.audit.AuditMiddleware",
    "oversight.readlog.middleware.AccessLogMiddleware",
    "custody.accounts.security.SessionLimitsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "custody.urls"
WSGI_APPLICATION = "custody.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "custody.accounts.context_processors.navigation",
                "custody.accounts.context_processors.vocabulary",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default for trying the system; PostgreSQL (DATABASE_URL) in production.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two officers placing people in the same cell
    # serialise instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    # Re-check pooled connections so a database restart mid-shift costs one retry, not a 500.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with a user's roles and permissions read in one query.
    "custody.accounts.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# OWASP ASVS 5.0 V6 / NIST 800-63B: length (12+, no upper limit), no common or personal
# passwords, and no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2id first; the others only verify (and upgrade) hashes made before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
# Third-party assets come from npm (package-lock.json) into node_modules and are served from
# here; nothing is copied into the repository and nothing is loaded from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules/chart.js/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Audit ----------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "auditlog.LogEntry",
    "sessions",
    "contenttypes",
    "admin.LogEntry",
    "auth.Permission",
    # Oversight's own logs are append-only already; sealing them through auditlog would loop.
    "oversight.ChainHead",
    "oversight.Seal",
    "oversight.Verification",
    "integrity.Log",
    "integrity.Leaf",
    "integrity.Node",
    "integrity.TreeHead",
    "integrity.Verification",
    "oversight.AccessEvent",
    "oversight.RecordSummary",
    # Security telemetry has its own append-only log (accounts.SecurityEvent).
    "accounts.SecurityEvent",
    "accounts.UserSession",
    # Second-factor devices hold secrets; their changes are security events instead.
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "axes.AccessAttemptExpiration",
    # Form tokens are plumbing against double submits, not data.
    "submits.Submission",
)
# Secrets never enter the audit trail; logins are security events, not data changes.
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login")
AUDITLOG_DISABLE_REMOTE_ADDR = False
# The Ed25519 key that signs the logs' tree heads: base64 of a 32-byte seed, kept outside the
# database (see README, Integrity). Without it only DEBUG may sign, with the published demo key.
INTEGRITY_SIGNING_KEY = env("INTEGRITY_SIGNING_KEY", default="")
# Each audit row carries the id of the write that caused it, so that writer seals it (integrity.log).
AUDITLOG_CID_GETTER = "custody.lib.audit.current_write"
# Addresses of the reverse proxies in front of gunicorn: only their X-Forwarded-For is believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: the stored session expires 30 minutes after the last request, to within the
# minute (SessionLimitsMiddleware renews it once a minute rather than on every request);
# absolute cap: 12 hours after signing in, whatever the activity.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_ABSOLUTE_AGE = timedelta(seconds=env.int("SESSION_ABSOLUTE_AGE", default=12 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Scripts, styles, fonts and images only from this server: no inline script can run, nothing
# may frame the pages. Bootstrap's form controls draw their arrows and ticks as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Accounts unused this long are disabled by `manage.py disable_inactive_accounts` (CJIS 5.5.1).
ACCOUNT_INACTIVE_DAYS = env.int("ACCOUNT_INACTIVE_DAYS", default=90)

# Lockout (django-axes): 5 consecutive failures lock the account — by username, whatever the
# address, since a police station shares one — for 10 minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=10)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "custody.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "custody.lib.audit.client_ip"
AXES_VERBOSE = False
# axes.W006 asks for IP-based locking as well; a station's officers share one address, so that
# would lock a whole duty desk out because of one person. Spraying across accounts is met by the
# second factor and shows in the security events.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Second factor (django-otp): a TOTP app (RFC 6238: 6 digits, 30 s, one step either way) and
# single-use recovery codes. A used code is refused (django-otp keeps the last time step), and
# wrong codes slow the device down exponentially (1, 2, 4 … seconds), persisted across sessions.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Custody Records")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOVERY_CODE_COUNT = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes narrates every attempt; accounts.SecurityEvent is the record of them.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Oversight ------------------------------------------------------------------------------
# Key of the monitors' pseudonyms (HMAC). Kept apart from the data so a pseudonym cannot be
# traced back from a database copy; changing it changes every pseudonym. Required in production.
PSEUDONYM_KEY = env("PSEUDONYM_KEY", default="" if not DEBUG else "insecure-local-development-pseudonym-key")

# Only the demo seeding command reads this; it is never a default for real accounts.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="custody-demo-2026")
# The demo accounts' authenticator secret (base32), printed in the README; seed_demo only.
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", default="CUSTODYRECORDSDEMOSECRETKEY23456")
