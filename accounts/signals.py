"""Tokens end with a lockout; every login starts the session's absolute clock."""
import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGIN_AT = "accounts_login_at"
LAST_SEEN = "accounts_last_seen"


@receiver(user_logged_in, dispatch_uid="accounts-session-clock")
def _start_session_clock(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = now
        session[LAST_SEEN] = now


@receiver(user_locked_out, dispatch_uid="accounts-lockout-revokes-tokens")
def _revoke_tokens_on_lockout(sender, request, username, ip_address, **kwargs):
    from .services import tokens_revoke

    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is not None:
        tokens_revoke(user=user, reason="locked out", request=request, actor=user)
