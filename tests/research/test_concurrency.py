"""One group per topic holds under two concurrent requests (PostgreSQL row locks; the lead runs it)."""
import threading

import pytest
from django.db import connection

from chengwu_cppcc.errors import InvalidState
from research import services
from research.models import ResearchGroup
from tests.conftest import is_postgres


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_form_only_one_group(users, make_topic):
    if not is_postgres():
        pytest.skip("needs PostgreSQL row locks")
    topic = make_topic()
    barrier = threading.Barrier(2)
    outcomes = []

    def form():
        try:
            barrier.wait()
            services.group_form(actor=users["staff"], topic_id=topic.pk, leader_id=users["vice_chair"].pk)
            outcomes.append("formed")
        except InvalidState:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=form) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["formed", "refused"]
    assert ResearchGroup.objects.filter(topic=topic).count() == 1
