"""Each role's home shows what that person must do now, with the same query count at 1 and 50 matters."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.outcomes.conftest import (  # noqa: F401 - fixtures
    make_assignment,
    make_outcome,
    make_reply,
    make_topic,
    media_root,
    plan,
    submitted_reply,
)

pytestmark = pytest.mark.django_db
ROLES = ["staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor"]


def _home_queries(client_for, user):
    client = client_for(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_home_query_count_is_the_same_at_1_and_50_matters(client_for, users, make_assignment, submitted_reply):  # noqa: F811
    old = datetime.date(2026, 9, 1)

    def add(n):
        for i in range(n):
            if i % 2:
                submitted_reply("counterpart" if i % 4 == 1 else "special")
            else:
                make_assignment("counterpart", forwarded_on=old)

    add(2)  # one matter and one reply waiting for its leader: every role has one row of each list
    one = {role: _home_queries(client_for, users[role])[0] for role in ROLES}
    add(48)
    fifty = {role: _home_queries(client_for, users[role])[0] for role in ROLES}
    assert one == fifty


def test_each_role_sees_its_own_work(client_for, users, make_assignment, submitted_reply):  # noqa: F811
    make_assignment("counterpart", forwarded_on=datetime.date(2026, 9, 1))
    submitted_reply("counterpart")
    html = {role: _home_queries(client_for, users[role])[1] for role in ROLES}
    assert "年度各环节进展" in html["staff"] and "各承办单位逾期情况" in html["staff"]
    assert "本单位交办事项" in html["department"] and "严重逾期" in html["department"]
    assert "待审批" in html["leader_in_charge"] or "待审定" in html["leader_in_charge"]
    assert "逾期" in html["supervisor"]
