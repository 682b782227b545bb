"""Settings shared by every environment; everything that differs comes from the environment."""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in (env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",  # hashed, expiring, revocable API tokens (accounts.api)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    # Shared homes used by all three stages
    "directory",
    "history",
    "workdays",
    "notifications",
    "stats",
    # The three stages of precise consultation
    "topics",
    "research",
    "outcomes",
    # What spans the stages: homes, the to-do centre, a topic's lifecycle
    "workbench",
    # 等保 level 2: passwords, sessions, tokens and the security administrator; the audit trail
    "accounts",
    "audit",
    "backups",  # manage.py backup / restore (docs/backup.md)
    "members",  # members take part online: opinions, activities, 社情民意, 履职档案
    "proposals",  # 委员提案: drafting, co-signing, submission, acceptance (handling to come)
    "office",  # 机关管理: the committee's rules and the accounts, without the Django admin
]

MIDDLEWARE = [
    "chengwu_cppcc.request_memo.RequestMemoMiddleware",  # cache reads once per request (security policy, versions)
    "django.middleware.security.SecurityMiddleware",
    "chengwu_cppcc.security.ContentSecurityPolicyMiddleware",
    # Sees every answer of the layers inside it: one audit record per write, export and download.
    "audit.middleware.AuditMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chengwu_cppcc.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "chengwu_cppcc.middleware.RejectNulMiddleware",  # a NUL byte in a query or form is 400 (probe finding 2)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionSecurityMiddleware",  # idle timeout, forced password change, expiry warning
    "chengwu_cppcc.once.OnceFormMiddleware",  # after auth, messages and CSRF: a repeated page form runs once
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chengwu_cppcc.urls"
WSGI_APPLICATION = "chengwu_cppcc.wsgi.application"

FORM_RENDERER = "chengwu_cppcc.forms_rendering.FastSelectRenderer"
# A filter left empty reads "All" (docs/ui.md), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = pgettext_lazy("filter", "All")
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
                "directory.context_processors.roles",
                "notifications.context_processors.unread_notifications",
            ],
            "libraries": {"ui": "chengwu_cppcc.templatetags.ui"},  # badges and the filter bar (docs/ui.md)
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        # A reused connection is checked before a request uses it (a restarted server is no error page).
        conn_health_checks=True,
    )
}
# The cache holds the year's figures (stats.cache). CACHE_URL=redis://… in production, so every worker shares
# them and sees their invalidation; without it each process keeps its own in memory (make run: one process).
CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                "KEY_PREFIX": "chengwu"}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chengwu"}
}
STATS_CACHE_SECONDS = int(env("STATS_CACHE_SECONDS", "300"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username/address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 等保 level 2: 8+ characters mixing three of four classes; none of the last PASSWORD_HISTORY passwords.
    {"NAME": "accounts.validators.ComplexityValidator", "OPTIONS": {"min_length": 8, "classes": 3}},
    {"NAME": "accounts.validators.HistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates are entered as ISO (what <input type=date> needs), 2026/12/01 or 2026年12月1日 (chengwu_cppcc/formats).
FORMAT_MODULE_PATH = ["chengwu_cppcc.formats"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # uploads are served only through permission-checked views
FILE_UPLOAD_MAX_BYTES = int(env("FILE_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# A session lasts one working day at most and ends when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Besides the absolute limit, a session ends after this many seconds without a request (accounts.middleware).
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# Password rules (starting values of accounts.SecurityPolicy): expiry, warning, history.
PASSWORD_MAX_AGE_DAYS = int(env("PASSWORD_MAX_AGE_DAYS", "90"))
PASSWORD_WARNING_DAYS = int(env("PASSWORD_WARNING_DAYS", "7"))
PASSWORD_HISTORY = int(env("PASSWORD_HISTORY", "5"))
API_TOKEN_HOURS = int(env("API_TOKEN_HOURS", "10"))
REST_KNOX = {"TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS), "AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False}
# The audit trail (audit app): kept at least 180 days (网络安全法 art. 21), then archived to files here.
AUDIT_MIN_RETENTION_DAYS = 180
AUDIT_RETENTION_DAYS = max(int(env("AUDIT_RETENTION_DAYS", "180")), AUDIT_MIN_RETENTION_DAYS)
AUDIT_ARCHIVE_DIR = Path(env("AUDIT_ARCHIVE_DIR", str(BASE_DIR / "audit-archive")))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is refused for AXES_COOLOFF_TIME; a successful login resets the count.
# The security administrator changes the limits on the security page (accounts.SecurityPolicy); these are the
# starting values. Behind TRUSTED_PROXY_COUNT proxies the address comes from X-Forwarded-For (security.client_ip);
# AXES_USERNAME_CEILING failures of one username from all addresses lock it too (accounts.lockout).
AXES_FAILURE_LIMIT_DEFAULT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES_DEFAULT = int(env("AXES_COOLOFF_MINUTES", "30"))
AXES_USERNAME_CEILING = int(env("AXES_USERNAME_CEILING", "20"))
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "accounts.lockout.cooloff"
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "chengwu_cppcc.security.client_ip"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "chengwu_cppcc.security.lockout_response"
AXES_VERBOSE = False

# The Content Security Policy sent with every response (chengwu_cppcc.security); no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Strict: an unknown query parameter or a wrongly typed value is 400 naming it (docs/api.md, "Filters").
    "DEFAULT_FILTER_BACKENDS": [
        "chengwu_cppcc.api.StrictFilterBackend",
        "chengwu_cppcc.api.StrictOrderingFilter",
    ],
    # JSON nested deeper than 32 levels, or holding a NUL, is 400 (probe finding 2; chengwu_cppcc.security).
    "DEFAULT_PARSER_CLASSES": [
        "chengwu_cppcc.security.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "chengwu_cppcc.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "chengwu_cppcc.api_schema.ContractAutoSchema",  # error answers, If-Match, Idempotency-Key
    "EXCEPTION_HANDLER": "chengwu_cppcc.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "成武县政协精准协商系统 API",
    "DESCRIPTION": "Chengwu County CPPCC precise-consultation lifecycle API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # The Swagger page loads its init script from a URL, so the strict CSP needs no exception (security.py).
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "topics.models.PlanStatus",
        "TopicSourceEnum": "topics.models.Source",
        "TopicTrackEnum": "topics.models.Track",
        "TopicOriginEnum": "topics.models.Origin",
        "TopicDomainEnum": "topics.models.Domain",
        "ConsultationTypeEnum": "topics.models.ConsultationType",
        "TopicStatusEnum": "topics.models.TopicStatus",
        "OpinionStanceEnum": "topics.models.Stance",
        "ResearchGroupStatusEnum": "research.models.GroupStatus",
        "MilestoneKindEnum": "research.models.MilestoneKind",
        "ActivityKindEnum": "research.models.ActivityKind",
        "ReportStatusEnum": "research.models.ReportStatus",
        "OutcomeKindEnum": "outcomes.models.OutcomeKind",
        "OutcomeStatusEnum": "outcomes.models.OutcomeStatus",
        "AdoptionStatusEnum": "outcomes.models.AdoptionStatus",
        "ResultClassEnum": "outcomes.models.ResultClass",
        "AssignmentRoleEnum": "outcomes.models.AssignmentRole",
        "AssignmentStatusEnum": "outcomes.models.AssignmentStatus",
        "ContactKindEnum": "outcomes.models.ContactKind",
        "RequestKindEnum": "outcomes.models.RequestKind",
        "RequestStatusEnum": "outcomes.models.RequestStatus",
        "ReplyStatusEnum": "outcomes.models.ReplyStatus",
        "ApprovalLevelEnum": "outcomes.models.ApprovalLevel",
        "EvaluationEnum": "outcomes.models.Evaluation",
        "ReplyStanceEnum": "outcomes.models.Stance",
        "SupervisionCaseStatusEnum": "outcomes.models.CaseStatus",
        "SupervisionEventKindEnum": "outcomes.models.EventKind",
        "CalendarDayKindEnum": "workdays.models.CalendarDay.Kind",
        "AdoptionLevelEnum": "members.models.AdoptionLevel",
        "ProposalStatusEnum": "proposals.models.ProposalStatus",
        "ProposalKindEnum": "proposals.models.ProposalKind",
        "ProposalSessionEnum": "proposals.models.ProposalSession",
        "ProposalCategoryEnum": "proposals.models.ProposalCategory",
        "OpinionCategoryEnum": "members.models.OpinionCategory",  # named since proposals have a category too
        "ProposalConversionEnum": "proposals.models.Conversion",
        "CoSignerStatusEnum": "proposals.models.CoSignerStatus",
    },
}

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task not acknowledged within this time (its worker died) is delivered again.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@chengwu-cppcc.local")

# Demo data may only ever be created where this is true (never in production).
DEMO_DATA_ALLOWED = True
# 委员提案: an invited co-signer answers within this many working days of the invitation (workdays.services).
PROPOSAL_COSIGN_WORKING_DAYS = int(env("PROPOSAL_COSIGN_WORKING_DAYS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Channels that deliver notifications outside the app (the in-app centre always gets them).
NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Reminder sweeps, each `sweep(*, today, policy) -> int`, run by `sweep_reminders` and the beat schedule.
REMINDER_SWEEPS = [
    "research.reminders.sweep_milestones",
    "outcomes.reminders.sweep_reply_deadlines",
    "outcomes.reminders.sweep_progress_reports",
    "outcomes.reminders.sweep_evaluations",
    "members.reminders.sweep_members",
]
# A request must not hang when the broker is down: publish fails fast, the next sweep catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
