"""Generic audit hooks: login, failed login, lockout and logout signals, and every Celery task run."""
from celery import signals as celery_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from .models import Action, Result
from .services import record


@receiver(auth_signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    record(request=request, actor=user, action=Action.LOGIN, status=200, summary="login")


@receiver(auth_signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))[:150]
    record(request=request, username=username, action=Action.LOGIN_FAILED, result=Result.REFUSED, status=401,
           summary="wrong username or password, or locked out")


@receiver(auth_signals.user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request=request, actor=user, action=Action.LOGOUT, status=200, summary="logout")


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(request=request, username=str(username or "")[:150], ip=ip_address or "", action=Action.LOCKOUT,
           result=Result.REFUSED, status=429, summary="too many failed logins: locked out")


try:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit-lockout")
except ImportError:  # pragma: no cover - axes is a runtime dependency
    pass


@celery_signals.task_success.connect(dispatch_uid="audit-task-success")
def _task_success(sender=None, result=None, **kwargs):
    name = getattr(sender, "name", str(sender))
    record(username="celery", action=Action.TASK, status=200, object_type="task", object_id=name[:64],
           summary=f"{name} -> {str(result)[:200]}")


@celery_signals.task_failure.connect(dispatch_uid="audit-task-failure")
def _task_failure(sender=None, exception=None, **kwargs):
    name = getattr(sender, "name", str(sender))
    record(username="celery", action=Action.TASK, result=Result.REFUSED, status=500, object_type="task",
           object_id=name[:64], summary=f"{name} failed: {type(exception).__name__}")
