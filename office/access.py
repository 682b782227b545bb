"""Who may open which office page: staff keep the committee's rules, the administrators the accounts.

The accounts (users, roles, departments) belong to the system administrator and unlocking to the security
administrator (三员分立, `directory.duties`); committee roles, staff included, cannot reach them. The committee's
own rules (calendar, deadline and reminder policies, the task schedule, members, groups, committees, sectors)
stay with committee office staff: they are set by the committee's documents (R14), not by an administrator.
"""
from directory import duties
from directory.roles import Role, has_role


def may_manage_rules(user) -> bool:
    """The calendar corrections, deadline and reminder policies, the task schedule and the directory records."""
    return has_role(user, Role.STAFF)


def may_manage_accounts(user) -> bool:
    """Users and their roles, departments with their leader in charge and officers."""
    return duties.may_manage_accounts(user)


def may_unlock_accounts(user) -> bool:
    """Locked accounts (django-axes) and unlocking them."""
    return duties.may_unlock_accounts(user)


def may_open_office(user) -> bool:
    return may_manage_rules(user) or may_manage_accounts(user) or may_unlock_accounts(user)


def may_manage_accounts_with(roles) -> bool:
    """Whether a set of role names still carries the right to manage accounts (one cannot saw off one's branch)."""
    from directory.roles import Role as _Role

    return _Role.SYSADMIN in set(roles)
