"""Reads of the directory shared by pages, API and tasks."""
from django.db.models import QuerySet

from .models import Department, User
from .roles import Role


def users_with_role(*roles: str) -> QuerySet[User]:
    """Active users holding any of `roles`."""
    return User.objects.filter(role_grants__role__in=roles, is_active=True).distinct().order_by("id")


def vice_chairs() -> QuerySet[User]:
    return users_with_role(Role.VICE_CHAIR)


def department_officer_ids(department_ids) -> dict[int, tuple[int, ...]]:
    """The active officers of each department, in one query: who is told about a department's matters."""
    officers: dict[int, list[int]] = {}
    rows = (
        User.objects.filter(department_id__in=department_ids, is_active=True, role_grants__role=Role.DEPARTMENT)
        .values_list("department_id", "id")
        .distinct()
        .order_by("id")
    )
    for department_id, user_id in rows:
        officers.setdefault(department_id, []).append(user_id)
    return {k: tuple(v) for k, v in officers.items()}


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).select_related("leader_in_charge").order_by("id")
