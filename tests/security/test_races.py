"""Races on PostgreSQL, two threads each through the API: exactly one request wins, the other gets 409."""
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from history.models import HistoryEntry
from outcomes.models import Assignment, Outcome, OutcomeStatus
from tests.conftest import is_postgres
from tests.security.conftest import build_demo
from tests.topics.conftest import MEETING, make_adopted, make_candidate
from topics import services as topic_services
from topics.models import Topic

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_pg(settings, tmp_path):
    if not is_postgres():
        pytest.skip("row locks need PostgreSQL")
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_demo()


def race(user, requests) -> list[int]:
    """Send the requests at the same moment from two threads (each with its own connection)."""
    barrier = threading.Barrier(len(requests))
    statuses = []

    def send(url, data):
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, data, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_the_same_reply_approved_twice_only_once(demo_pg):
    reply = demo_pg.objects["reply_own"]
    assert reply.status == "pending_approval"
    url = f"/api/replies/{reply.pk}/approve/"
    before = HistoryEntry.objects.filter(action="reply_approved").count()
    assert race(demo_pg.users["leader_in_charge"], [(url, {"comments": "同意。"})] * 2) == [200, 409]
    assert HistoryEntry.objects.filter(action="reply_approved").count() == before + 1


def test_the_same_assignment_evaluated_twice_only_once(demo_pg):
    reply = demo_pg.objects["reply_own"]
    leader = APIClient()
    leader.force_authenticate(demo_pg.users["leader_in_charge"])
    assert leader.post(f"/api/replies/{reply.pk}/approve/", {"comments": "同意。"}, format="json").status_code == 200
    url = f"/api/replies/{reply.pk}/evaluate/"
    body = {"evaluation": "satisfied", "comments": "满意。"}
    before = HistoryEntry.objects.filter(action__startswith="evaluated_", content_type__model="assignment").count()
    assert race(demo_pg.users["staff"], [(url, body), (url, {**body, "evaluation": "unsatisfied"})]) == [200, 409]
    reply.refresh_from_db()
    assert reply.evaluation in ("satisfied", "unsatisfied")
    assert HistoryEntry.objects.filter(action__startswith="evaluated_", content_type__model="assignment").count() == before + 1


def test_the_same_outcome_forwarded_twice_only_once(demo_pg):
    outcome = Outcome.objects.filter(status=OutcomeStatus.SUBMITTED).first()
    department = demo_pg.objects["department_foreign"]
    url = f"/api/outcomes/{outcome.pk}/forward/"
    assert race(demo_pg.users["staff"], [(url, {"lead_department": department.pk})] * 2) == [200, 409]
    assert Assignment.objects.filter(outcome=outcome).count() == 1


def test_the_last_quota_place_taken_twice_only_once(db, users, committee):
    if not is_postgres():
        pytest.skip("row locks need PostgreSQL")
    staff = users["staff"]
    plan = topic_services.plan_create(actor=staff, year=2026, annual_quota=2)
    make_adopted(plan, staff, committee=committee, title="已确定课题")
    contenders = []
    for title in ("候选课题甲", "候选课题乙"):
        topic = make_candidate(plan, staff, committee=committee, title=title)
        topic_services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=MEETING)
        contenders.append(topic.pk)
    for _round in range(3):
        requests = [(f"/api/topics/{pk}/adopt/", {"meeting_date": MEETING.isoformat()}) for pk in contenders]
        assert race(staff, requests) == [200, 409]
        assert Topic.objects.filter(plan=plan, status="adopted").count() == 2
        Topic.objects.filter(pk__in=contenders).update(status="shortlisted", adopted_on=None)

