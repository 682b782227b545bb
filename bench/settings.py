"""Benchmark settings: the local settings without debug, plus the baseline views' routes.

The database comes from DATABASE_URL as usual (the Makefile targets point it at chengwu_bench_pages or
chengwu_bench_demo). Debug is off so no per-query bookkeeping distorts timings.
"""
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
