"""Chengwu County CPPCC precise-consultation system."""
from . import security  # noqa: F401  (registers the deployment checks)
from .celery import app as celery_app

__all__ = ("celery_app",)
