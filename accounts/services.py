"""Writes on accounts: password change and reset, token issue and revocation, unlocking. Each one is audited."""
import secrets
import string
from datetime import timedelta

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from audit.models import Action, Result
from audit.services import record
from chengwu_cppcc.errors import NotAllowed
from directory import duties

from .models import PasswordHistory, policy


def password_expires_at(user):
    """When the user's password expires; None when it has never been set (change forced at first login)."""
    if user.password_changed_at is None:
        return None
    return user.password_changed_at + policy().max_age


def password_change_required(user) -> bool:
    """First login (no change recorded), after a reset, or expired."""
    if not user.is_authenticated:
        return False
    if user.must_change_password or user.password_changed_at is None:
        return True
    return timezone.now() >= password_expires_at(user)


def password_expiry_warning(user) -> int | None:
    """Days left when the password expires within the warning period, else None."""
    expires = password_expires_at(user)
    if expires is None:
        return None
    left = expires - timezone.now()
    if timedelta(0) <= left <= timedelta(days=policy().password_warning_days):
        return left.days
    return None


def _keep_history(user) -> None:
    if user.password:
        PasswordHistory.objects.create(user=user, password=user.password)
    keep = policy().password_history
    old = list(user.password_history.values_list("pk", flat=True)[keep:])
    if old:
        PasswordHistory.objects.filter(pk__in=old).delete()


def tokens_revoke(*, user, reason: str, request=None, actor=None) -> int:
    """Delete every API token of the user (knox stores only their hashes)."""
    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        record(request=request, actor=actor or user, action=Action.TOKEN_REVOKED, object_type="directory.user",
               object_id=user.pk, status=200, summary=f"{count} token(s) of {user.get_username()} revoked: {reason}")
    return count


def password_change(*, user, new_password: str, request=None) -> None:
    """The user's own change (validated by the form): history kept, other sessions and all tokens end."""
    with transaction.atomic():
        _keep_history(user)
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    if request is not None:
        update_session_auth_hash(request, user)  # this session goes on; every other session of the user ends
    tokens_revoke(user=user, reason="password changed", request=request)
    record(request=request, actor=user, action=Action.PASSWORD_CHANGED, object_type="directory.user",
           object_id=user.pk, status=200, summary="password changed")


def temporary_password() -> str:
    """12 characters from all four classes, for a reset (the user must change it at the next login)."""
    alphabet = string.ascii_letters + string.digits + "!@#%*-_"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(12))
        if (any(c.isupper() for c in candidate) and any(c.islower() for c in candidate)
                and any(c.isdigit() for c in candidate) and any(not c.isalnum() for c in candidate)):
            return candidate


def password_reset(*, actor, user, request=None) -> str:
    """The security administrator resets a password: a one-time temporary password, change forced, tokens gone."""
    if not duties.may_manage_security(actor):
        raise NotAllowed()
    password = temporary_password()
    with transaction.atomic():
        _keep_history(user)
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
    tokens_revoke(user=user, reason="password reset", request=request, actor=actor)
    record(request=request, actor=actor, action=Action.PASSWORD_RESET, object_type="directory.user",
           object_id=user.pk, status=200, summary=f"password of {user.get_username()} reset")
    return password


def account_unlock(*, actor, username: str, request=None) -> int:
    """Clear the failed logins of a username (every address)."""
    if not duties.may_unlock_accounts(actor):
        raise NotAllowed()
    from axes.models import AccessAttempt

    count, _ = AccessAttempt.objects.filter(username=username).delete()
    record(request=request, actor=actor, action=Action.UNLOCK, object_type="directory.user", object_id="",
           status=200, summary=f"{username} unlocked ({count} attempt record(s) cleared)")
    return count


def token_issue(*, user, request=None):
    """A hashed, expiring token (django-rest-knox); the plain value is shown once, never stored."""
    instance, token = AuthToken.objects.create(user=user, expiry=timedelta(hours=policy().token_hours))
    record(request=request, actor=user, action=Action.TOKEN_ISSUED, object_type="directory.user", object_id=user.pk,
           status=200, summary=f"token {instance.token_key[:8]}… issued, expires {instance.expiry:%Y-%m-%d %H:%M}")
    return instance, token


def refused(*, request, username: str, action: str, status: int, summary: str) -> None:
    record(request=request, username=username, action=action, result=Result.REFUSED, status=status, summary=summary)
