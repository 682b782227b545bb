"""Shared fixtures: one user per role, two departments, a plan, and helpers built on the services."""
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from directory.models import Department, MemberGroup, RoleGrant, SpecialCommittee, User
from directory.roles import Role


def pytest_sessionstart(session):
    # Catalogues are built by the set-up; build them here too so a bare `pytest` is complete.
    import django

    django.setup()
    call_command("compile_translations", verbosity=0)
    session.config.started_at = time.time()


def pytest_terminal_summary(terminalreporter, config):
    """The schemathesis figures (tests/security/test_api_fuzz.py) in the run's log, also under pytest-xdist."""
    from tests.security import fuzz_figures

    parts = fuzz_figures.load(since=getattr(config, "started_at", time.time()))
    if parts:
        terminalreporter.write_sep("-", "schemathesis")
        terminalreporter.write_line(fuzz_figures.render(parts))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures must not leak from one test's data into the next (the database is rolled back)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_user(username: str, *roles: str, department: Department | None = None, **extra) -> User:
    extra.setdefault("password_changed_at", timezone.now())  # test users are not forced to change their password
    user = User.objects.create_user(username=username, password="pw", full_name=extra.pop("full_name", username), **extra)
    if department is not None:
        user.department = department
        user.save(update_fields=["department"])
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def departments(db):
    leader = make_user("leader", Role.LEADER_IN_CHARGE)
    return [
        Department.objects.create(name="县住房和城乡建设局", leader_in_charge=leader),
        Department.objects.create(name="县自然资源和规划局", leader_in_charge=leader),
    ]


@pytest.fixture
def users(db, departments):
    return {
        "staff": make_user("staff", Role.STAFF),
        "vice_chair": make_user("vice_chair", Role.VICE_CHAIR),
        "vice_chair2": make_user("vice_chair2", Role.VICE_CHAIR),
        "department": make_user("department", Role.DEPARTMENT, department=departments[0]),
        "department2": make_user("department2", Role.DEPARTMENT, department=departments[1]),
        "leader_in_charge": departments[0].leader_in_charge,
        "principal_leader": make_user("principal", Role.PRINCIPAL_LEADER),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


@pytest.fixture
def committee(db):
    return SpecialCommittee.objects.create(name="经济委员会")


@pytest.fixture
def member_group(db):
    return MemberGroup.objects.create(name="成武镇委员活动组")


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def build(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return build


@pytest.fixture
def client_for(client):
    def build(user):
        client.force_login(user)
        return client

    return build


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
