"""Who opens which office page: staff the committee's rules, the administrators the accounts, nobody else."""
import pytest
from django.urls import reverse
from django.utils import timezone

RULE_PAGES = [
    ("office:calendar", {}), ("office:calendar-new", {}), ("office:deadline-list", {}),
    ("office:deadline-edit", {"kind": "work_minutes"}), ("office:reminder-policy", {}), ("office:task-list", {}),
    ("office:member-list", {}), ("office:member-new", {}), ("office:group-list", {}), ("office:group-new", {}),
    ("office:committee-list", {}), ("office:committee-new", {}), ("office:sector-list", {}), ("office:sector-new", {}),
]
ACCOUNT_PAGES = [("office:user-list", {}), ("office:user-new", {}), ("office:department-list", {}),
                 ("office:department-new", {})]
COMMITTEE_ROLES = ["vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor"]


def _expected(role: str, section: str) -> int:
    owner = {"rules": "staff", "accounts": "sysadmin"}[section]
    return 200 if role == owner else 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", *COMMITTEE_ROLES, "sysadmin", "secadmin", "auditor"])
def test_each_office_page_opens_only_for_its_owner(client, everyone, periodic_task, role):
    client.force_login(everyone[role])
    wrong = []
    for section, pages in (("rules", RULE_PAGES), ("accounts", ACCOUNT_PAGES)):
        for name, kwargs in pages:
            status = client.get(reverse(name, kwargs=kwargs)).status_code
            if status != _expected(role, section):
                wrong.append(f"{name}: {status}")
    task_status = client.get(reverse("office:task-edit", args=[periodic_task.pk])).status_code
    if task_status != _expected(role, "rules"):
        wrong.append(f"office:task-edit: {task_status}")
    assert not wrong, wrong


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("staff", 200), ("sysadmin", 200), ("secadmin", 200), ("auditor", 403),
                                         ("vice_chair", 403), ("department", 403), ("supervisor", 403)])
def test_the_office_index_is_for_staff_and_the_account_administrators(client, everyone, role, status):
    client.force_login(everyone[role])
    assert client.get(reverse("office:index")).status_code == status


@pytest.mark.django_db
def test_the_index_offers_each_role_only_its_own_sections(client, everyone):
    client.force_login(everyone["staff"])
    html = client.get(reverse("office:index")).content.decode()
    assert reverse("office:calendar") in html and reverse("office:user-list") not in html
    client.force_login(everyone["sysadmin"])
    html = client.get(reverse("office:index")).content.decode()
    assert reverse("office:user-list") in html and reverse("office:calendar") not in html
    assert reverse("accounts:security") not in html  # unlocking is the security administrator's
    client.force_login(everyone["secadmin"])
    html = client.get(reverse("office:index")).content.decode()
    assert reverse("accounts:security") in html and reverse("office:user-list") not in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("office:calendar"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "vice_chair", "department", "auditor"])
def test_a_role_that_may_not_write_is_refused_before_its_input_is_read(client, everyone, role):
    """Account writes by committee roles (staff included) are 403, and nothing is created."""
    from directory.models import Department, User

    client.force_login(everyone[role])
    before = (User.objects.count(), Department.objects.count())
    assert client.post(reverse("office:user-new"), {}).status_code == 403
    assert client.post(reverse("office:department-new"), {"name": "县新部门"}).status_code == 403
    assert (User.objects.count(), Department.objects.count()) == before


@pytest.mark.django_db
def test_the_navigation_sends_nobody_to_the_django_admin(client, everyone):
    for role in ("staff", "sysadmin", "secadmin", "vice_chair", "department"):
        client.force_login(everyone[role])
        html = client.get(reverse("workdays:calculator")).content.decode()
        assert 'href="/admin/' not in html, role
        if role in ("staff", "sysadmin", "secadmin"):
            assert f'href="{reverse("office:index")}"' in html, role


@pytest.mark.django_db
def test_the_django_admin_is_branded_for_developers(client):
    from directory.models import User

    developer = User.objects.create_superuser("developer", password="pw-developer-2026",
                                              password_changed_at=timezone.now())
    client.force_login(developer)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "成武县政协 · 开发者后台" in response.content.decode()
