"""The Celery application; it reads every CELERY_* setting from Django settings."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengwu_cppcc.settings.local")

app = Celery("chengwu_cppcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
