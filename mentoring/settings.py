"""Settings of «Наставничество», read from the environment.

Development (the default) needs nothing set: SQLite under var/, a fixed development key, e-mail printed
to the console. Production (DJANGO_ENV=production) refuses to start without SECRET_KEY and ALLOWED_HOSTS
and turns on every protection `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, production or test")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No fallback: a guessable key in production would let anyone forge sessions and reset links.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-never-used-in-production-4f1c2a9e")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "simple_history",
    "mentoring.common",
    "mentoring.accounts",
    "mentoring.organizations",
    "mentoring.people",
    "mentoring.library",
    "mentoring.programs",
    "mentoring.documents",
    "mentoring.roadmaps",
    "mentoring.partners",
    "mentoring.matching",
    "mentoring.mentorships",
    "mentoring.outreach",
    "mentoring.surveys",
    "mentoring.monitoring",
    "ninja",
    "mentoring.api",
    "mentoring.integrations.navigator",
    "django_tasks",
    "django_tasks_db",
    "mentoring.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mentoring.common.middleware.NoStoreForAuthenticatedMiddleware",
    # Axes goes last so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mentoring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.common.context_processors.navigation",
            ],
        },
    },
]

if not env.str("DATABASE_URL", default=""):
    # The newcomer's default: a SQLite file under var/, created on first use.
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mentoring.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep the demo responsive while a background job writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

# A read replica for dashboards and справки (docs/deployment.md); without REPORTS_DATABASE_URL they
# read from the primary like everything else.
REPORTS_DATABASE_ALIAS: str | None = None
if env.str("REPORTS_DATABASE_URL", default=""):
    REPORTS_DATABASE_ALIAS = "reports"
    DATABASES["reports"] = env.db("REPORTS_DATABASE_URL")
    DATABASES["reports"]["ATOMIC_REQUESTS"] = False
    DATABASES["reports"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}  # tests read the replica's rows from the primary
    DATABASE_ROUTERS = ["mentoring.common.replica.ReportsRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed logins (django-axes): the pair of login and address is locked, so one
# school's shared computer cannot lock out everyone else's account.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["mentoring.formats"]

STATIC_URL = "/static/"
# collectstatic gathers files here in production; in development WhiteNoise reads them from the apps.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "mentoring" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Backups (`make backup`) hold the whole database and every uploaded file: keep the folder closed.
BACKUP_DIR = env.path("BACKUP_DIR", default=str(VAR_DIR / "backups"))
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

# The portal's page cache must be shared by every gunicorn worker, or a change (a withdrawn consent)
# would stay visible in the other workers: files under var/cache in production, memory in development.
if PRODUCTION:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(VAR_DIR / "cache")),
        }
    }

# Background jobs (matching of big programs): run at once inside the request unless TASKS_BACKEND=database,
# where `manage.py db_worker` (a systemd service in production) takes them from the database queue.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env.str("TASKS_BACKEND", default="database" if PRODUCTION else "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# E-mail: printed to the console unless EMAIL_URL is given (smtp+tls://user:password@host:587).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Наставничество <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # The app runs behind nginx, which terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content-Security-Policy: pages load only our own scripts, styles, images and fonts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap components set inline style attributes (dropdown positions).
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Imports of school spreadsheets: larger files are refused with a message (nginx client_max_body_size
# must allow at least PEOPLE_IMPORT_MAX_BYTES).
PEOPLE_IMPORT_MAX_ROWS = env.int("PEOPLE_IMPORT_MAX_ROWS", default=20000)
PEOPLE_IMPORT_MAX_BYTES = env.int("PEOPLE_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
CSRF_FAILURE_VIEW = "mentoring.common.views.csrf_failure"

# API v1 (django-ninja): requests per token owner in a window, e.g. "120/m" or "5000/h".
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/m")
# Wrong API tokens from one address before it is refused for a while (the API's lockout, like AXES_* for
# the login page).
API_AUTH_FAILURE_LIMIT = env.int("API_AUTH_FAILURE_LIMIT", default=20)
API_AUTH_COOLOFF_MINUTES = env.int("API_AUTH_COOLOFF_MINUTES", default=30)

# Retention of personal data (152-FZ, art. 21). After a consent is withdrawn the operator stops the
# processing and destroys the data within 30 days (part 5); a person moved to the archive (left the
# school, finished the program) is kept for the period the organization's records schedule sets —
# three years by default, the usual term for mentoring programs' records. `manage.py personal_data_due`
# lists the people whose period has ended; the department's administrator anonymises them.
RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS = env.int("RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS", default=30)
RETENTION_AFTER_ARCHIVE_DAYS = env.int("RETENTION_AFTER_ARCHIVE_DAYS", default=3 * 365)

# The figures of the dashboards (not the справки, which are always computed afresh) are kept this many
# seconds: a municipality's dashboard costs ~0.2 s of database and Python on a region, and several
# specialists open it at once. The page says when its figures were computed and offers «Обновить».
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=120)
