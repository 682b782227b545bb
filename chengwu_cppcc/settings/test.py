"""Test settings: the same database choice as the environment, fast hashing, local memory email."""
from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
LANGUAGE_CODE = "zh-hans"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", "0") == "1"
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405  (every force_login would log a line)
# Each test starts with an empty cache (tests/conftest.py); a Redis cache is tested on its own (tests/stats).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chengwu-test"}}
