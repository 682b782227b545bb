"""Two staff accept and forward the same proposal at once: one wins each step, one matter, one set of
assignments (PostgreSQL row locks)."""
import threading

import pytest
from django.db import connection

from chengwu_cppcc.errors import InvalidState
from outcomes.models import Assignment, Matter
from proposals import services
from proposals.models import Proposal
from tests.conftest import is_postgres, make_user

from .conftest import submitted


def _race(work, actors) -> list[str]:
    """Run `work(actor)` for both actors at once; "done" or "refused" (409) for each."""
    barrier = threading.Barrier(len(actors))
    results = []

    def run(actor):
        try:
            barrier.wait()
            work(actor)
            results.append("done")
        except InvalidState:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_and_forwarding_the_same_proposal_one_wins(users, departments, member_users):
    if not is_postgres():
        pytest.skip("needs PostgreSQL row locks")
    from directory.roles import Role

    other_staff = make_user("staff2", Role.STAFF)
    proposal = submitted(member_users["member"])
    both = (users["staff"], other_staff)
    accepted = _race(lambda actor: services.proposal_accept(actor=actor, proposal_id=proposal.pk,
                                                            category="economy"), both)
    assert accepted == ["done", "refused"]
    assert Proposal.objects.get(pk=proposal.pk).number == 1
    forwarded = _race(lambda actor: services.proposal_forward(
        actor=actor, proposal_id=proposal.pk, lead_department_id=departments[0].pk,
        co_department_ids=[departments[1].pk]), both)
    assert forwarded == ["done", "refused"]
    assert Matter.objects.count() == 1
    assert Assignment.objects.filter(matter__owner_id=proposal.pk).count() == 2
