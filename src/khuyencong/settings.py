"""The one settings module, configured by environment variables.

DATABASE_URL   sqlite:///… (default: var/khuyencong.sqlite3 in the checkout) or postgres://…
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" for development (default on, so the embedded default runs as is)
ALLOWED_HOSTS  comma separated
MEDIA_ROOT     where attachments live (never served publicly)
TASKS_BACKEND  "db" (django-tasks-db, run `khuyencong db_worker`) or "immediate"
MAP_TILE_URL   tile template for the village map; empty means no tiles
INDICATORS_SOURCE  "auto" (aggregate tables when fresh), "facts" or "direct"
REPORTS_AGENCY, REPORTS_SYMBOL, REPORTS_SIGNER_TITLE, REPORTS_SIGNER_NAME  the official lines of reports
REPORTS_SOFFICE    the LibreOffice program for report PDFs (default: `soffice` on the PATH; empty: none)
REDIS_URL      redis://host:6379/0: the cache (public pages, rate limits) lives in Redis, shared by every worker;
               unset: each process has its own in-memory cache (LocMem)
PORTAL_CACHE_SECONDS  how long a cached public page lives (default 60; 0 turns the page cache off)
PORTAL_VIEWS_BUFFER_SIZE, PORTAL_VIEWS_BUFFER_SECONDS  without Redis, each process writes its counted views in
               batches of this many views or after this many seconds (default 100 and 15)
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from khuyencong.core.env import env_bool, env_list, parse_database_url

BASE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KHUYENCONG_VAR_DIR", CHECKOUT_DIR / "var"))

TESTING = "pytest" in sys.modules or os.environ.get("KHUYENCONG_TESTING") == "1"
DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET = "dev-only-secret-key-do-not-use-in-production-3f9a1c7e5b2d4860"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY là bắt buộc khi DEBUG tắt (production).")
    if not TESTING and {"runserver", "serve"} & set(sys.argv):
        print("Cảnh báo: SECRET_KEY chưa đặt, đang dùng khoá chỉ dành cho phát triển.", file=sys.stderr)
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "khuyencong.core.views.csrf_failure"  # a Vietnamese page, not Django's English 403

INSTALLED_APPS = [
    "khuyencong.accounts",
    "khuyencong.core",
    "khuyencong.geo",
    "khuyencong.registry",
    "khuyencong.projects",
    "khuyencong.training",
    "khuyencong.indicators",
    "khuyencong.reports",
    "khuyencong.demo",
    "khuyencong.imports",
    "khuyencong.api",
    "khuyencong.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "captcha",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khuyencong.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "khuyencong.portal.middleware.VisitorCookieMiddleware",
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "khuyencong.core.context_processors.shell",
                "khuyencong.accounts.context_processors.admin_link",
            ],
            "builtins": ["khuyencong.core.templatetags.vn"],
        },
    }
]

DATABASES = {"default": parse_database_url(os.environ.get("DATABASE_URL"), VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock a username at one address after 5 failed logins, for one hour: someone typing wrong passwords elsewhere
# does not lock the approver out at the Centre. A username with 20 failures from any addresses (guessing from
# many machines) is locked everywhere. See accounts/lockout.py.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = "khuyencong.accounts.lockout.lockout_parameters"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
SILENCED_SYSTEM_CHECKS: list = []
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own locale/ folder
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "khuyencong.indicators.staticfiles.PlotlyFinder",  # plotly.js from the plotly wheel
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Attachments are served only by views that check scope: there is deliberately no MEDIA_URL route.
MEDIA_URL = "/_protected_media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks_choice = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "db")
if _tasks_choice not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND phải là db hoặc immediate, không phải {_tasks_choice!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_choice], "QUEUES": ["default"]}}

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")

# The cache: Redis when REDIS_URL is set (shared by every web worker), otherwise each process's own memory.
# The public portal's pages are cached PORTAL_CACHE_SECONDS (portal/caching.py); the test suite turns that
# off (0) except in the cache's own tests, so other tests see each change at once.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kc")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "khuyencong"}}
PORTAL_CACHE_SECONDS = int(os.environ.get("PORTAL_CACHE_SECONDS", "0" if TESTING else "60"))

# Where the indicator engine reads: "auto" (the aggregate tables when they are fresh, else the records),
# "facts" (the aggregate tables even while a refresh is pending; for national deployments) or "direct".
INDICATORS_SOURCE = os.environ.get("INDICATORS_SOURCE", "auto")

# The official lines of generated reports (reports.letterhead): by default the governing body is "UBND " + the
# report unit's province and the agency the provincial Department of Industry and Trade.
REPORTS = {
    "AGENCY": os.environ.get("REPORTS_AGENCY", "SỞ CÔNG THƯƠNG"),
    "SYMBOL": os.environ.get("REPORTS_SYMBOL", "BC-SCT"),
    "SIGNER_TITLE": os.environ.get("REPORTS_SIGNER_TITLE", "GIÁM ĐỐC"),
    "SIGNER_NAME": os.environ.get("REPORTS_SIGNER_NAME", ""),
}
# LibreOffice for the PDF of a report: None finds `soffice` on the PATH; "" means none (no PDF, the page says so).
REPORTS_SOFFICE = os.environ.get("REPORTS_SOFFICE")

# The portal's view counting (portal/services/counting.py: visitor sets in Redis when REDIS_URL is set) and reader
# comments (portal/services/comments.py).
PORTAL_VIEWS_REDIS_PREFIX = "kc:views:"
PORTAL_VIEWS_BUFFER_SIZE = int(os.environ.get("PORTAL_VIEWS_BUFFER_SIZE", "100"))
PORTAL_VIEWS_BUFFER_SECONDS = float(os.environ.get("PORTAL_VIEWS_BUFFER_SECONDS", "15"))
PORTAL_COMMENTS_PER_ADDRESS = 3  # at most this many comments from one address …
PORTAL_COMMENTS_WINDOW = 600  # … per this many seconds
CAPTCHA_TIMEOUT = 30  # minutes to answer: a reader may take a while to write
CAPTCHA_LENGTH = 5
CAPTCHA_IMAGE_SIZE = (140, 44)
CAPTCHA_FONT_SIZE = 30

# Production hardening: `khuyencong check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    # SECURE_SSL_REDIRECT may be turned off behind a proxy that redirects itself.
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS.append("security.W008")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"khuyencong.audit": {"level": "INFO"}},
}

# The REST API (khuyencong.api): sessions for the browser, API tokens for machines; JSON only; one request
# budget per token or user; errors as {"code", "message", "fields"}.
API_MAX_BODY = int(os.environ.get("API_MAX_BODY", str(1024 * 1024)))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "khuyencong.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["khuyencong.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"client": os.environ.get("API_THROTTLE_RATE", "1200/min")},
    "DEFAULT_PAGINATION_CLASS": "khuyencong.api.pagination.ApiCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "khuyencong.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "khuyencong.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khuyến công API",
    "DESCRIPTION": "API của nền tảng quản lý chương trình khuyến công: cùng quyền, phạm vi địa bàn, kiểm tra và "
                   "quy trình như các trang. Xác thực: Authorization: Bearer <khóa API>.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "khuyencong.api.schema.describe_paths_and_pages"],
    "SCHEMA_PATH_PREFIX": "/api/v1",  # operations tagged by resource (establishments, projects, …)
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "EstablishmentKindEnum": "khuyencong.registry.models.EstablishmentKind",
        "CertificateKindEnum": "khuyencong.registry.models.CertificateKind",
        "ClassKindEnum": "khuyencong.training.models.ClassKind",
        "AttachmentKindEnum": "khuyencong.projects.models.AttachmentKind",
        "HierarchyEnum": "khuyencong.geo.models.Hierarchy",
        "LevelEnum": "khuyencong.geo.models.Level",
        "CertificateLevelEnum": "khuyencong.registry.models.CertificateLevel",
        "ProjectStateEnum": "khuyencong.projects.models.ProjectState",
        "ValueStateEnum": "khuyencong.indicators.models.ValueState",
    },
}
