"""三员分立 (等保 level 2): the one place that says which administrator does what.

Every page, API view and admin that manages accounts, departments, security policy or reads the audit trail asks
these functions; none restates a role list. Each duty belongs to exactly one administrator role, and none of the
three holds committee business (their committee access comes only from committee roles, which they do not hold).

- system administrator (sysadmin): users, departments, roles and configuration;
- security administrator (secadmin): password and lockout policy, unlocking accounts, revoking tokens;
- audit administrator (auditor): reads and exports the audit trail.
"""
from .roles import ADMINISTRATORS, Role, has_role, user_roles


def may_manage_accounts(user) -> bool:
    """Create, edit, deactivate users; grant roles; manage departments and other directory records."""
    return has_role(user, Role.SYSADMIN)


def may_manage_departments(user) -> bool:
    """Departments belong to the system administrator with the accounts."""
    return may_manage_accounts(user)


def may_manage_configuration(user) -> bool:
    """System configuration (working-day calendar, reference data)."""
    return has_role(user, Role.SYSADMIN)


def may_manage_security(user) -> bool:
    """Password and lockout policy, unlocking locked accounts, resetting passwords, revoking tokens."""
    return has_role(user, Role.SECADMIN)


def may_unlock_accounts(user) -> bool:
    return may_manage_security(user)


def may_revoke_tokens(user) -> bool:
    return may_manage_security(user)


def may_read_audit(user) -> bool:
    """Read and export the audit trail (安全审计). Nobody may change or delete it."""
    return has_role(user, Role.AUDITOR)


def is_administrator(user) -> bool:
    """Holds one of the three administrator roles (and so, by separation of duties, no committee business)."""
    return has_role(user, *ADMINISTRATORS)


def is_only_administrator(user) -> bool:
    """Holds administrator roles and nothing else: the committee pages refuse such a user."""
    roles = user_roles(user)
    return bool(roles) and roles <= set(ADMINISTRATORS)
