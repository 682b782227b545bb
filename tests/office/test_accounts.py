"""Accounts in the office pages (the system administrator): users and roles, departments and their officers."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from directory.models import Department, RoleGrant, User
from directory.roles import Role, user_roles
from history.models import HistoryEntry

PASSWORD = "Chengwu-Office-2026!"


def _entries(model, action):
    return HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action=action)


@pytest.fixture
def sysadmin_client(client, admins):
    client.force_login(admins["sysadmin"])
    return client


def _user_data(**extra):
    return {"username": "wangfang", "full_name": "王芳", "title": "科员", "email": "wf@chengwu.example",
            "is_active": "on", "roles": ["staff"], "password1": PASSWORD, "password2": PASSWORD, **extra}


@pytest.mark.django_db
def test_a_user_is_created_with_roles_and_must_change_the_first_password(sysadmin_client, admins):
    response = sysadmin_client.post(reverse("office:user-new"), _user_data(roles=["staff", "vice_chair"]))
    assert response.status_code == 302
    user = User.objects.get(username="wangfang")
    assert user.check_password(PASSWORD) and user.must_change_password
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == {"staff", "vice_chair"}
    entry = _entries(User, "user_added").get()
    assert entry.actor == admins["sysadmin"] and entry.changes["roles"] == ["", "staff, vice_chair"]
    assert PASSWORD not in str(entry.changes)


@pytest.mark.django_db
def test_roles_and_department_are_changed_with_history(sysadmin_client, departments):
    user = User.objects.create_user("lisi", password=PASSWORD, full_name="李四")
    RoleGrant.objects.create(user=user, role=Role.STAFF)
    response = sysadmin_client.post(reverse("office:user-edit", args=[user.pk]), {
        "username": "lisi", "full_name": "李四", "department": departments[0].pk, "is_active": "on",
        "roles": ["department"],
    })
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user_roles(user) == {"department"} and user.department == departments[0]
    entry = _entries(User, "user_changed").get()
    assert entry.changes["roles"] == ["staff", "department"]
    assert entry.changes["department"] == [None, departments[0].name]


@pytest.mark.django_db
@pytest.mark.parametrize("data,field", [
    ({"roles": ["sysadmin", "staff"]}, "roles"),  # 三员分立
    ({"roles": ["department"]}, "department"),  # an officer needs a department
    ({"password2": "Something-else-2026"}, "password2"),
    ({"password1": "123", "password2": "123"}, "password1"),
    ({"username": ""}, "username"),
    ({"username": "staff"}, "username"),  # taken
])
def test_bad_account_input_is_refused_and_nothing_changes(sysadmin_client, users, data, field):
    before = (User.objects.count(), RoleGrant.objects.count())
    response = sysadmin_client.post(reverse("office:user-new"), _user_data(**data))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'value="王芳"' in response.content.decode()  # what was typed is kept
    assert (User.objects.count(), RoleGrant.objects.count()) == before
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_the_administrator_cannot_lock_themselves_out(sysadmin_client, admins):
    me = admins["sysadmin"]
    response = sysadmin_client.post(reverse("office:user-edit", args=[me.pk]), {
        "username": me.username, "full_name": me.full_name, "roles": ["sysadmin"]})  # is_active unticked
    assert response.status_code == 400
    response = sysadmin_client.post(reverse("office:user-edit", args=[me.pk]), {
        "username": me.username, "full_name": me.full_name, "is_active": "on", "roles": ["secadmin"]})
    assert response.status_code == 400
    me.refresh_from_db()
    assert me.is_active and set(me.role_grants.values_list("role", flat=True)) == {"sysadmin"}
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_departments_are_added_and_given_a_leader_with_history(sysadmin_client, users, departments):
    leader = users["leader_in_charge"]
    assert sysadmin_client.post(reverse("office:department-new"), {"name": "县民政局", "is_active": "on"}).status_code == 302
    department = Department.objects.get(name="县民政局")
    response = sysadmin_client.post(reverse("office:department-edit", args=[department.pk]), {
        "name": "县民政局", "leader_in_charge": leader.pk, "is_active": "on"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.leader_in_charge == leader
    assert _entries(Department, "department_added").count() == 1
    assert _entries(Department, "department_changed").get().changes["leader_in_charge"] == [None, str(leader)]
    html = sysadmin_client.get(reverse("office:department-edit", args=[departments[0].pk])).content.decode()
    assert users["department"].display_name in html  # its officers are listed


@pytest.mark.django_db
def test_a_leader_must_hold_the_leader_role_and_names_are_unique(sysadmin_client, users, departments):
    before = list(Department.objects.values_list("name", "leader_in_charge"))
    response = sysadmin_client.post(reverse("office:department-edit", args=[departments[0].pk]), {
        "name": departments[0].name, "leader_in_charge": users["staff"].pk, "is_active": "on"})
    assert response.status_code == 400
    response = sysadmin_client.post(reverse("office:department-new"), {"name": departments[1].name})
    assert response.status_code == 400
    assert list(Department.objects.values_list("name", "leader_in_charge")) == before
    assert not HistoryEntry.objects.exists()
