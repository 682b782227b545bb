"""The roles of the domain and the one way to ask whether a person holds one."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Committee office staff")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    DEPARTMENT = "department", _("Department officer")
    LEADER_IN_CHARGE = "leader_in_charge", _("Government leader in charge")
    PRINCIPAL_LEADER = "principal_leader", _("Principal government leader")
    SUPERVISOR = "supervisor", _("Government supervision office")
    MEMBER = "member", _("Committee member")
    # 三员分立 (等保 level 2): three administrators, none of them doing committee business or the others' work.
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITOR = "auditor", _("Audit administrator")


# The three separated administrators (三员分立).
ADMINISTRATORS = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


# Everyone but department officers: they read the committee's whole work (topics, research, statistics);
# a department officer sees only its own assignments, in the outcome pages.
COMMITTEE_READERS = (Role.STAFF, Role.VICE_CHAIR, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER, Role.SUPERVISOR)


def user_roles(user) -> frozenset[str]:
    """The roles a user holds, read once per user object (one query at most)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.role_grants.values_list("role", flat=True))
        user._role_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user).intersection(roles))
