"""Benchmark settings: the local settings without debug, plus the baseline views' routes.

The database comes from DATABASE_URL as usual (the Makefile targets point it at chengwu_bench_pages or
chengwu_bench_demo). Debug is off so no per-query bookkeeping distorts timings.
"""
import os

from chengwu_cppcc.settings.local import *  # noqa: F401,F403
from chengwu_cppcc.settings.local import ALLOWED_HOSTS

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# Hashed file names need `collectstatic`; the plain storage renders the same {% static %} URLs without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405  (every force_login would log a line)
# As in production: one Redis cache shared by the gunicorn workers (database 2, apart from the broker's).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2"), "KEY_PREFIX": "bench"}}

# Importing the local settings imports chengwu_cppcc, whose security checks import DRF, which reads
# settings.REST_FRAMEWORK while this module is still half-imported and caches it as empty: the API would run
# with DRF's defaults (no pagination: /api/notifications/ answered 15,717 rows). Read again once complete.
from rest_framework.settings import api_settings  # noqa: E402

api_settings.reload()
