"""Reads of the directory shared by pages, API and tasks."""
from django.db.models import QuerySet

from .models import Department, User
from .roles import Role


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(role_grants__role=role, is_active=True).distinct().order_by("id")


def vice_chairs() -> QuerySet[User]:
    return users_with_role(Role.VICE_CHAIR)


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).select_related("leader_in_charge").order_by("id")
