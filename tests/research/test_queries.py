"""List endpoints and list pages cost the same number of queries at 1 row and at 50 rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research import services

from .conftest import rate_all

pytestmark = pytest.mark.django_db


def populate(n, users, make_group, members):
    groups = []
    for i in range(n):
        leader = users["vice_chair"] if i % 2 == 0 else users["vice_chair2"]
        group = make_group(leader=leader, status="researching")
        services.milestone_create(actor=users["staff"], group_id=group.pk, kind="study_done", due_on="2020-01-01")
        visit = services.activity_record(
            actor=users["staff"], group_id=group.pk, kind="external_visit", title=f"考察{i}",
            held_on=datetime.date(2024 + i % 3, 5, 1), destination="寿光市", present_member_ids=[members[0].pk],
            findings=[{"title": "寿光蔬菜大棚智能化管理"}],
        )
        report = services.report_create_draft(
            actor=users["staff"], group_id=group.pk, title="报告", body="正文",
            suggestions=[{"title": "建议", "content": "内容", "finding": visit.findings.get().pk}],
        )
        services.report_submit(actor=users["staff"], report_id=report.pk)
        if i % 2 == 0:
            rate_all(report, leader)
        groups.append(group)
    return groups


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "user_key, path",
    [
        ("supervisor", "/api/research-groups/"),
        ("staff", "/api/reports/"),
        ("vice_chair", "/api/reports/?to_review=true"),
    ],
)
def test_api_lists_have_constant_query_counts(api_client_for, users, make_group, members, user_key, path):
    client = api_client_for(users[user_key])
    populate(1, users, make_group, members)
    client.get(path)  # warm the per-user role cache, as every later request has it
    one, _ = count_queries(lambda: client.get(path))
    populate(49, users, make_group, members)
    fifty, response = count_queries(lambda: client.get(path))
    assert response.json()["count"] >= 25
    assert one == fifty


@pytest.mark.parametrize(
    "user_key, name",
    [
        ("staff", "research:group-list"),
        ("vice_chair", "research:my-groups"),
        ("supervisor", "research:visit-list"),
        ("vice_chair", "research:review-queue"),
    ],
)
def test_list_pages_have_constant_query_counts(client_for, users, make_group, members, user_key, name):
    client = client_for(users[user_key])
    populate(1, users, make_group, members)
    one, _ = count_queries(lambda: client.get(reverse(name)))
    populate(49, users, make_group, members)
    fifty, response = count_queries(lambda: client.get(reverse(name)))
    assert one == fifty
