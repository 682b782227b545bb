"""Office lists: filters, search, "共 N 条", empty state, and the same number of queries for 1 and 50 rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Department, Member, MemberGroup, RoleGrant, Sector, SpecialCommittee, User
from directory.roles import Role
from workdays.models import CalendarDay


def _rows(kind: str, n: int, users, start: int = 0):
    """n rows for one list (the fixtures already hold a few departments and users)."""
    numbers = range(start, start + n)
    if kind == "calendar":
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=datetime.date(2027, 1, 1) + datetime.timedelta(days=i), kind="holiday", name=f"假{i}")
             for i in numbers])
    elif kind == "members":
        group, sector = MemberGroup.objects.get_or_create(name="组")[0], Sector.objects.get_or_create(name="界")[0]
        committee = SpecialCommittee.objects.get_or_create(name="委")[0]
        for i in numbers:
            member = Member.objects.create(name=f"委员{i}", employer=f"单位{i}", group=group, sector=sector)
            member.committees.add(committee)
    elif kind == "groups":
        for i in numbers:
            Member.objects.create(name=f"委员{i}", employer=str(i), group=MemberGroup.objects.create(name=f"组{i}"))
    elif kind == "users":
        department = Department.objects.first()
        for i in numbers:
            user = User.objects.create_user(f"user{i}", full_name=f"用户{i}", department=department)
            RoleGrant.objects.create(user=user, role=Role.DEPARTMENT)
    elif kind == "departments":
        leader = users["leader_in_charge"]
        for i in numbers:
            department = Department.objects.create(name=f"县部门{i}", leader_in_charge=leader)
            User.objects.create_user(f"officer{i}", full_name=f"办事员{i}", department=department)
    elif kind == "tasks":
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        every, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
        PeriodicTask.objects.bulk_create(
            [PeriodicTask(name=f"任务{i}", task="notifications.deliver_pending", interval=every) for i in numbers])


LISTS = [
    ("calendar", "office:calendar", "?year=2027", "staff"),
    ("members", "office:member-list", "", "staff"),
    ("groups", "office:group-list", "", "staff"),
    ("tasks", "office:task-list", "", "staff"),
    ("users", "office:user-list", "", "sysadmin"),
    ("departments", "office:department-list", "", "sysadmin"),
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("kind,name,query,role", LISTS)
def test_a_list_costs_the_same_queries_for_1_and_50_rows(client, everyone, kind, name, query, role):
    client.force_login(everyone[role])
    url = reverse(name) + query
    _rows(kind, 1, everyone)
    client.get(url)  # the session, the content types and the roles are cached after the first request
    one = _count(client, url)
    _rows(kind, 49, everyone, start=1)
    fifty = _count(client, url)
    assert one == fifty, (one, fifty)


@pytest.mark.django_db
def test_a_list_shows_its_total_filters_and_empty_state(client, everyone):
    client.force_login(everyone["staff"])
    _rows("members", 3, everyone)
    Member.objects.filter(name="委员2").update(is_active=False)
    def total(query=""):
        response = client.get(reverse("office:member-list") + query)
        html = response.content.decode()
        # "共 N 条" under the list (includes/pagination.html; an empty page shows the empty state instead)
        assert "list-total" in html or not response.context["paginator"].count
        return response.context["paginator"].count, html

    assert total()[0] == 3
    count, html = total("?is_active=false")
    assert count == 1 and "委员2" in html and "委员1" not in html
    count, html = total("?q=单位1")
    assert count == 1 and "委员1" in html and "委员2" not in html
    count, html = total("?q=没有这个人")
    assert count == 0 and "没有符合条件的记录" in html


@pytest.mark.django_db
def test_a_list_past_its_last_page_shows_the_last_page(client, everyone):
    client.force_login(everyone["staff"])
    _rows("calendar", 60, everyone)
    response = client.get(reverse("office:calendar") + "?year=2027&page=99")
    assert response.status_code == 200 and response.context["page_obj"].number == 2


@pytest.mark.django_db
def test_users_filter_by_role_and_search(client, everyone):
    client.force_login(everyone["sysadmin"])
    response = client.get(reverse("office:user-list") + "?role=supervisor")
    assert response.context["paginator"].count == 1 and "supervisor" in response.content.decode()
    assert client.get(reverse("office:user-list") + "?q=vice_chair2").context["paginator"].count == 1
