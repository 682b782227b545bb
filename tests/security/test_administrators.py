"""三员分立: the system, security and audit administrators each do their duty and nothing else.

This is the permission matrix's column for the three administrator roles: every route is walked, and what an
administrator may reach is listed here; everything else (all committee business, the other two's duties)
must refuse them (403/404/405), and committee lists they can open hold nothing.
"""
import pytest
from django.test import Client

from directory import duties
from directory.models import User
from directory.roles import Role
from tests.conftest import make_user
from tests.security.permission_matrix import entry_for
from tests.security.routes import all_routes, url_for
from tests.security.test_permission_matrix import _kwargs

ADMINS = ("sysadmin", "secadmin", "auditor")
# Routes every signed-in person may use: their own session, password, notifications, to-dos, the calendar.
PERSONAL = {
    "home", "set_language", "login", "logout", "accounts:password-change", "api-token", "api-logout",
    "api-logout-all", "api-schema", "api-docs", "todo-list", "todo-done", "workbench:todo-list",
    "workbench:todo-count", "notification-list", "notification-read-all", "notification-detail", "notification-read",
    "notifications:list", "notifications:export", "notifications:open", "notifications:read-all",
    "notifications:email-preference", "workdays:calculator", "calendar-due-date", "department-list",
    "department-detail", "stats:search", "admin:login",
}
# Committee lists that answer 200 to anyone signed in, scoped to nothing for a person without a committee role.
EMPTY_FOR_ADMINS = {"outcome-list", "suggestion-list", "assignment-list", "reply-list", "progress-report-list",
                    "supervision-list"}
# (sysadmin, secadmin, auditor) for GET on the administrators' own routes.
OWN = {
    "accounts:security": (403, 200, 403),
    "audit:list": (403, 403, 200),
    "audit:export": (403, 403, 200),
    "audit-log-list": (403, 403, 200),
    "audit-log-detail": (403, 403, 404),
    "admin:index": (200, 302, 302),
    "admin:app_list": (200, 302, 302),
}
SYSADMIN_ADMIN_MODELS = ("directory_user", "directory_member", "directory_department", "directory_specialcommittee",
                         "directory_membergroup", "directory_sector")


def _expected_admin_route(key: str, role: str) -> set[int]:
    if role != "sysadmin":
        return {302}  # the admin sends the security and the audit administrator to its login
    if any(key.startswith(f"admin:{model}_") for model in SYSADMIN_ADMIN_MODELS):
        if key.endswith("_delete"):
            return {403}
        # A sample id that does not exist (PostgreSQL keeps counting) is a redirect to the admin index.
        return {200} if key.endswith(("_changelist", "_add")) else {200, 302}
    if key.startswith("admin/"):
        return {302}  # the bare object URL redirects to its change page
    return {200, 302, 403, 404, 405}  # Django's own admin pages (password change, jsi18n, …): never committee data


@pytest.fixture
def admins(demo):
    return {name: User.objects.get(username=name) for name in ADMINS}


def test_the_duties_module_gives_each_duty_to_one_role(db):
    sysadmin, secadmin, auditor = (make_user(r, r) for r in ADMINS)
    staff = make_user("staff_only", Role.STAFF)
    checks = {duties.may_manage_accounts: sysadmin, duties.may_manage_departments: sysadmin,
              duties.may_manage_configuration: sysadmin, duties.may_manage_security: secadmin,
              duties.may_unlock_accounts: secadmin, duties.may_revoke_tokens: secadmin,
              duties.may_read_audit: auditor}
    for check, holder in checks.items():
        assert [u.username for u in (sysadmin, secadmin, auditor, staff) if check(u)] == [holder.username], check
    assert all(duties.is_only_administrator(u) for u in (sysadmin, secadmin, auditor))
    assert not duties.is_administrator(staff)


@pytest.mark.parametrize("role", ADMINS)
def test_each_administrator_reaches_only_their_duty(demo, admins, role):
    client = Client(raise_request_exception=False)
    client.force_login(admins[role])
    index = ADMINS.index(role)
    mismatches, checked = [], 0
    for route in all_routes():
        if route.key.startswith("office:"):
            continue  # the office pages ask directory.duties too; tests/office has their administrators' column
        entry = entry_for(route.key)
        if entry is None or (route.key.startswith("admin") and "(?P<url>" in route.pattern):
            continue
        url = url_for(route, _kwargs(route, entry, demo.objects))
        response = client.get(url)
        status = response.status_code
        checked += 1
        if route.key in OWN:
            ok = status == OWN[route.key][index]
        elif route.key in PERSONAL:
            ok = status < 500
        elif route.key.startswith("admin"):
            ok = status in _expected_admin_route(route.key, role)
        elif route.key in EMPTY_FOR_ADMINS:
            ok = status == 200 and response.json()["count"] == 0
        else:
            ok = status in (403, 404, 405)
        if not ok:
            mismatches.append(f"GET {url} ({route.key}): {status}")
    assert checked > 200
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("role", ADMINS)
def test_no_administrator_takes_a_committee_step(demo, admins, role):
    client = Client(raise_request_exception=False)
    client.force_login(admins[role])
    wrong = []
    for route in all_routes():
        entry = entry_for(route.key)
        if (entry is None or entry.post is None or route.key in PERSONAL or route.key in OWN
                or route.key.startswith(("admin", "office:", "accounts:", "audit"))):
            continue
        url = url_for(route, _kwargs(route, entry, demo.objects))
        status = client.post(url, data={}).status_code
        if status not in (403, 404, 405):
            wrong.append(f"POST {url} ({route.key}): {status}")
    assert not wrong, "\n".join(wrong)


def test_the_system_administrator_manages_users_and_roles_in_the_admin(demo, admins):
    client = Client()
    client.force_login(admins["sysadmin"])
    response = client.post("/admin/directory/user/add/", {"username": "newofficer", "password1": "Neuer-Nutzer-2026",
                                                          "password2": "Neuer-Nutzer-2026",
                                                          "role_grants-TOTAL_FORMS": "0",
                                                          "role_grants-INITIAL_FORMS": "0", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newofficer")
    assert created.must_change_password  # the first login changes the password the administrator chose
    assert client.get(f"/admin/directory/user/{created.pk}/password/").status_code == 403  # resets: secadmin's


def test_an_administrator_holds_no_other_role(demo, admins):
    client = Client()
    client.force_login(admins["sysadmin"])
    target = demo.users["staff"]
    page = client.get(f"/admin/directory/user/{target.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields if name not in ("password",)}
    data.update({"username": target.username, "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
                 "is_active": "on", "role_grants-TOTAL_FORMS": "2", "role_grants-INITIAL_FORMS": "1",
                 "role_grants-0-id": str(target.role_grants.get().pk), "role_grants-0-user": str(target.pk),
                 "role_grants-0-role": "staff", "role_grants-1-role": "auditor",
                 "role_grants-1-user": str(target.pk)})
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(f"/admin/directory/user/{target.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the refusal
    assert not target.role_grants.filter(role="auditor").exists()


def test_the_system_administrator_cannot_make_a_superuser_or_grant_their_own_roles(demo, admins):
    client = Client()
    sysadmin = admins["sysadmin"]
    client.force_login(sysadmin)
    page = client.get(f"/admin/directory/user/{sysadmin.pk}/change/")
    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields
    assert not page.context["inline_admin_formsets"]


def test_committee_roles_reach_none_of_the_administrators_pages(demo):
    for username in ("staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor"):
        client = Client()
        client.force_login(demo.users[username])
        for url in ("/accounts/security/", "/audit/", "/audit/export/", "/api/audit-log/"):
            assert client.get(url).status_code == 403, (username, url)
        assert client.get("/admin/").status_code == 302
