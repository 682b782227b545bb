"""The last quota place taken twice at the same moment: exactly one adoption wins (PostgreSQL)."""
import threading

import pytest
from django.db import connection

from chengwu_cppcc.errors import InvalidState
from tests.conftest import is_postgres
from topics import services
from topics.models import Topic

from .conftest import MEETING, make_adopted, make_candidate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_last_quota_place_taken_twice_only_one_wins(users, committee):
    if not is_postgres():
        pytest.skip("row locks need PostgreSQL")
    staff = users["staff"]
    plan = services.plan_create(actor=staff, year=2026, annual_quota=3)
    make_adopted(plan, staff, committee=committee, title="课题A")
    make_adopted(plan, staff, committee=committee, title="课题B")
    contenders = []
    for title in ("课题C", "课题D"):
        topic = make_candidate(plan, staff, committee=committee, title=title)
        services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=MEETING)
        contenders.append(topic.pk)

    for _round in range(5):
        barrier = threading.Barrier(2)
        outcomes = []

        def adopt(topic_id, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                services.topic_adopt(actor=staff, topic_id=topic_id, meeting_date=MEETING)
                outcomes.append("ok")
            except InvalidState:
                outcomes.append("409")
            finally:
                connection.close()

        threads = [threading.Thread(target=adopt, args=(pk,)) for pk in contenders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["409", "ok"]
        assert Topic.objects.filter(plan=plan, status="adopted").count() == 3
        # Put the place back for the next round.
        Topic.objects.filter(pk__in=contenders).update(status="shortlisted")
