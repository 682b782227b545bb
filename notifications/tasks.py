"""Celery tasks: thin wrappers that call the services (they take ids or nothing, never objects)."""
import datetime

from celery import shared_task

from . import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 600, "retry_jitter": True,
         "max_retries": 5}


@shared_task(name="notifications.run_sweeps", **RETRY)
def run_sweeps_task(today: str | None = None) -> dict:
    return services.run_sweeps(today=datetime.date.fromisoformat(today) if today else None)


@shared_task(name="notifications.deliver_pending", **RETRY)
def deliver_pending_task() -> int:
    return services.deliver_all()
