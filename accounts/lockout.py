"""Login lockout (django-axes) with the policy the security administrator sets.

Failures count per username and client address (the address from the trusted proxy header, see
chengwu_cppcc.security.client_ip), so a stranger cannot lock somebody else's account from their own computer;
a per-username ceiling over all addresses still stops a distributed guess at one account.
"""
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db.models import Sum

from .models import policy


def failure_limit(request=None, credentials=None) -> int:
    return policy().lockout_failures


def cooloff(request=None) -> timedelta:
    return timedelta(minutes=policy().lockout_minutes)


def failures_for_username(username: str) -> int:
    return AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-username ceiling."""

    def get_failures(self, request, credentials=None) -> int:
        per_address = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username and failures_for_username(username) >= policy().username_ceiling:
            return max(per_address, failure_limit())
        return per_address


def locked_usernames() -> list[dict]:
    """Usernames locked now (per address or by the ceiling), with their failures and last attempt."""
    limit, ceiling = failure_limit(), policy().username_ceiling
    rows = (
        AccessAttempt.objects.values("username")
        .annotate(total=Sum("failures_since_start"))
        .order_by("username")
    )
    locked = []
    for row in rows:
        attempts = AccessAttempt.objects.filter(username=row["username"])
        worst = max((a.failures_since_start for a in attempts), default=0)
        if worst >= limit or row["total"] >= ceiling:
            last = max(a.attempt_time for a in attempts)
            locked.append({"username": row["username"], "failures": row["total"], "last_attempt": last,
                           "addresses": sorted({a.ip_address or "" for a in attempts})})
    return locked
