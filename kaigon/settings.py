"""Kaigon settings: one module, read from the environment.

With nothing set, everything runs embedded on one machine (SQLite, in-memory
channel layer, local-memory cache, ORM document store, local media, mail as
files). Production sets DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS and the
service URLs; see docs/configuration.md.
"""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("KAIGON_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
_secret_key = env.str("DJANGO_SECRET_KEY", default="")
_allowed_hosts = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Production is where the operator has given a secret key and host names.
PRODUCTION = bool(_secret_key and _allowed_hosts and not DEBUG)

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = _allowed_hosts or LOOPBACK_HOSTS


def _embedded_secret_key() -> str:
    """A random key made on first start and kept under var/ (never in the source)."""
    if set(ALLOWED_HOSTS) - set(LOOPBACK_HOSTS):
        # Anyone who knows the key forges sessions and e-mail confirmations.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set, but DJANGO_ALLOWED_HOSTS names a host "
            "other than this machine. Set DJANGO_SECRET_KEY to 50 or more random "
            "characters (see docs/configuration.md)."
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it first
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key or _embedded_secret_key()
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("KAIGON_SITE_URL", default="")
# The name and domain mails and pages show (django.contrib.sites' row is kept
# equal to these on every migrate; see accounts.auth.services.site_sync).
SITE_NAME = env.str("KAIGON_SITE_NAME", default="Kaigon")
SITE_DOMAIN = env.str(
    "KAIGON_SITE_DOMAIN",
    default=urlparse(SITE_URL).netloc
    or next((h for h in ALLOWED_HOSTS if not h.startswith(".") and h != "*"), "")
    or "localhost",
)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "channels",
    "rest_framework",
    "rest_framework_simplejwt",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "captcha",
    "csp",
    "kaigon.docstore",
    "kaigon",
    "accounts",
    "allauth",
    "accounts.auth.apps.AllauthAccountConfig",  # allauth.account, renamed
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.usersessions",
    "django.contrib.humanize",  # allauth's sessions page uses it
    "boards",
    "posts",
    "chat",
    "notifications",
    "search",
    "media_uploads",
]

MIDDLEWARE = [
    "kaigon.middleware.RequestIdMiddleware",
    # /livez, /readyz, /healthz, /metrics: before host checks and redirects.
    "kaigon.probes.ProbeMiddleware",
    "kaigon.access.AccessContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kaigon.middleware.ErrorMiddleware",
]

ROOT_URLCONF = "kaigon.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "kaigon.asgi.application"
SITE_ID = 1

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
                "kaigon.context_processors.site",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Databases --------------------------------------------------------------

(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kaigon.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # utf8mb4 everywhere, so emoji and every CJK character round-trip.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"}
    )
    DATABASES["default"]["TEST"] = {
        "CHARSET": "utf8mb4",
        "COLLATION": "utf8mb4_unicode_ci",
    }
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

# MySQL/MariaDB create no conditional unique constraint (models.W036); these
# are enforced another way, and kaigon.checks warns about any other.
KAIGON_CONDITIONAL_UNIQUE_ENFORCED = {
    # accounts migration 0005: generated columns with unique indexes.
    "account.EmailAddress.unique_verified_email",
    "account.EmailAddress.unique_primary_email",
}
SILENCED_SYSTEM_CHECKS = ["models.W036"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis: cache and channel layer ----------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("KAIGON_CACHE_PREFIX", default="kaigon"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 defaults to a 5 s read timeout, which fires during
                # the layer's own 5 s blocking pop and kills idle sockets; give
                # reads room beyond it (docs/realtime.md, "Server notes").
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": env.str("KAIGON_CHANNEL_PREFIX", default="kaigon"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Document store ---------------------------------------------------------

MONGO_URL = env.str("MONGO_URL", default="")
MONGO_DB_NAME = env.str("MONGO_DB_NAME", default="kaigon")

# --- Auth -------------------------------------------------------------------

_validators = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validators}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_validators}.MinimumLengthValidator"},
    {"NAME": f"{_validators}.CommonPasswordValidator"},
    {"NAME": f"{_validators}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Password-reset links (and allauth's reset keys) expire within an hour.
PASSWORD_RESET_TIMEOUT = 3600
# django-allauth: accounts, e-mail verification, Google; see docs/decisions-auth.md.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "accounts.validators.username_validators"
ACCOUNT_USERNAME_BLACKLIST = [
    "admin", "administrator", "root", "system", "support", "staff", "moderator",
    "kaigon", "api", "static", "media", "settings", "accounts", "login", "logout",
    "signup", "me", "u", "null", "undefined", "anonymous",
    "deleted",  # kaigon.members' placeholder for kept content
]  # fmt: skip
ACCOUNT_FORMS = {
    "signup": "accounts.auth.forms.CaptchaSignupForm",
    "login": "accounts.auth.forms.CaptchaLoginForm",
    "add_email": "accounts.auth.forms.UniqueAddEmailForm",
}
ACCOUNT_ADAPTER = "accounts.auth.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's cache-backed limits; the API uses the same actions (kaigon/ratelimit.py).
ACCOUNT_RATE_LIMITS = {
    "login": env.str("KAIGON_RL_LOGIN", default="30/m/ip"),
    "login_failed": env.str("KAIGON_RL_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": env.str("KAIGON_RL_SIGNUP", default="20/m/ip"),
    "confirm_email": env.str("KAIGON_RL_CONFIRM_EMAIL", default="1/3m/key"),
    "reset_password": env.str("KAIGON_RL_RESET", default="20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "change_email": "3/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Limits allauth has no action for, counted by the same limiter.
KAIGON_RATE_LIMITS = {
    "captcha": env.str("KAIGON_RL_CAPTCHA", default="60/m/ip"),
    "resend_verification": env.str("KAIGON_RL_RESEND", default="10/m/ip,1/3m/key"),
    "token_refresh": env.str("KAIGON_RL_REFRESH", default="60/m/ip"),
}
# How many proxies in front of the site append to X-Forwarded-For; the client
# address is the hop they saw. One number for allauth, DRF's throttles
# (NUM_PROXIES) and the logs; 0 trusts no header and uses the socket's peer.
KAIGON_TRUSTED_PROXY_COUNT = env.int("KAIGON_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = KAIGON_TRUSTED_PROXY_COUNT
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ADAPTER = "accounts.auth.adapter.SocialAccountAdapter"
USERSESSIONS_TRACK_ACTIVITY = True
GOOGLE_CLIENT_ID = env.str("GOOGLE_CLIENT_ID", default="")
GOOGLE_CLIENT_SECRET = env.str("GOOGLE_CLIENT_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "SCOPE": ["openid", "profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET}]
            if GOOGLE_CLIENT_ID
            else []
        ),
    }
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=20),
    "AUTH_HEADER_TYPES": ("Bearer",),
}
# A refresh-token family (one logged-in device) ends this long after login,
# however often it is refreshed.
KAIGON_REFRESH_FAMILY_MAX_AGE = timedelta(
    days=env.int("KAIGON_REFRESH_FAMILY_MAX_AGE_DAYS", default=60)
)
KAIGON_REFRESH_COOKIE_NAME = "kaigon_refresh"
KAIGON_REFRESH_COOKIE_PATH = "/api/v1/auth/"
CAPTCHA_TIMEOUT = 5  # minutes
CAPTCHA_LENGTH = 5
# Legible at a glance: large letters of the font shipped with the package
# (captcha/fonts/Vera.ttf, so every machine draws the same), little tilt,
# no letters that look alike, arcs but no dots.
CAPTCHA_CHALLENGE_FUNCT = "accounts.auth.captcha.legible_challenge"
CAPTCHA_FONT_SIZE = 44
CAPTCHA_IMAGE_SIZE = (220, 72)
CAPTCHA_LETTER_ROTATION = (-12, 12)
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_arcs",)
CAPTCHA_2X_IMAGE = False
WS_TICKET_TTL_SECONDS = 30
# Frames one socket may send (allauth rate syntax); more are refused with a
# `rate_limited` error, the socket stays open (docs/realtime.md).
KAIGON_WS_FRAME_RATE = env.str("KAIGON_WS_FRAME_RATE", default="40/10s")

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.auth.authentication.KaigonJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "kaigon.pagination.DefaultCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": KAIGON_TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("KAIGON_THROTTLE_ANON", default="120/min"),
        "user": env.str("KAIGON_THROTTLE_USER", default="600/min"),
    },
    "EXCEPTION_HANDLER": "kaigon.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kaigon API",
    "DESCRIPTION": "REST API of the Kaigon forum and chat, for mobile and web clients.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UploadKindEnum": "media_uploads.models.UploadKind",
        "ChatMemberRoleEnum": "chat.models.MemberRole",
        "ChatRoomKindEnum": "chat.models.RoomKind",
        "ChatMessageKindEnum": "chat.models.MessageKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kaigon.openapi.add_error_responses",
    ],
}

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
# Ours first, then our overrides of allauth's wording (docs/glossary.md); both
# take precedence over the apps' own catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-overrides"]
TIME_ZONE = env.str("KAIGON_TIME_ZONE", default="Asia/Taipei")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_CDN_DOMAIN = env.str("MEDIA_CDN_DOMAIN", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": MEDIA_CDN_DOMAIN or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    # Hashed names need `collectstatic` (the container image runs it); the
    # embedded setup serves straight from the source folders.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve files from the app directories directly so `make run` needs no
# collectstatic step before the first request.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Image uploads (media_uploads; docs/uploads.md) --------------------------

KAIGON_UPLOAD_MAX_BYTES = env.int("KAIGON_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
KAIGON_UPLOAD_MAX_PIXELS = env.int("KAIGON_UPLOAD_MAX_PIXELS", default=40_000_000)
KAIGON_UPLOAD_MAX_PER_HOUR = env.int("KAIGON_UPLOAD_MAX_PER_HOUR", default=60)
KAIGON_UPLOAD_MAX_FRAMES = env.int("KAIGON_UPLOAD_MAX_FRAMES", default=300)
KAIGON_UPLOAD_MAX_ANIMATION_PIXELS = env.int(
    "KAIGON_UPLOAD_MAX_ANIMATION_PIXELS", default=30_000_000
)
KAIGON_UPLOAD_MAX_EDGE = env.int("KAIGON_UPLOAD_MAX_EDGE", default=4096)
KAIGON_UPLOAD_DISPLAY_EDGE = env.int("KAIGON_UPLOAD_DISPLAY_EDGE", default=1280)
KAIGON_UPLOAD_THUMBNAIL_EDGE = env.int("KAIGON_UPLOAD_THUMBNAIL_EDGE", default=320)

# --- Chat -------------------------------------------------------------------

KAIGON_CHAT_MAX_MEMBERS = env.int("KAIGON_CHAT_MAX_MEMBERS", default=50)
KAIGON_CHAT_MESSAGE_MAX_LENGTH = env.int("KAIGON_CHAT_MESSAGE_MAX_LENGTH", default=4000)
KAIGON_CHAT_INVITE_TTL_SECONDS = env.int("KAIGON_CHAT_INVITE_TTL_SECONDS", default=600)

# --- E-mail -----------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "kaigon.mail.OneFilePerMessageBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Kaigon <noreply@kaigon.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "kaigon.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

_media_origins = [f"https://{MEDIA_CDN_DOMAIN}"] if MEDIA_CDN_DOMAIN else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *_media_origins],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Notifications (docs/decisions.md, "Notification fan-out") -------------

# Read notifications older than this are deleted by `notifications_prune`.
KAIGON_NOTIFICATION_PRUNE_DAYS = env.int("KAIGON_NOTIFICATION_PRUNE_DAYS", default=90)
# Fan-out to followers runs in the request's on-commit instead of a thread.
KAIGON_NOTIFICATION_FANOUT_INLINE = env.bool(
    "KAIGON_NOTIFICATION_FANOUT_INLINE", default=False
)
# Unread this long (and no live socket): e-mail it (`notifications_mail`).
KAIGON_NOTIFICATION_MAIL_DELAY_MINUTES = env.int(
    "KAIGON_NOTIFICATION_MAIL_DELAY_MINUTES", default=15
)

# --- Metrics: /metrics answers only this bearer token (docs/operations.md) --

KAIGON_METRICS_TOKEN = env.str("KAIGON_METRICS_TOKEN", default="")

# --- Logging: JSON lines on stdout, each with the request id ---------------

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kaigon.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "kaigon.logging.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
            },
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"level": "WARNING"},
    },
}

# Forum: the emoji members may react with (one reaction per member per post or comment).
KAIGON_REACTION_EMOJI = env.list(
    "KAIGON_REACTION_EMOJI", default=["👍", "❤️", "😂", "😮", "😢", "😡"]
)
# Post views reach the database this many at a time (1: every view).
KAIGON_VIEW_COUNT_BATCH = env.int("KAIGON_VIEW_COUNT_BATCH", default=1)
# Signed-out readers' board lists, posts and comment pages are cached this
# long (0: off); writes drop them at once (posts/read_cache.py).
KAIGON_FORUM_READ_CACHE_SECONDS = env.int("KAIGON_FORUM_READ_CACHE_SECONDS", default=10)
