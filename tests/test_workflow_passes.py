"""A step table's yes-or-no (may, available, the to-do list) answers exactly what its refusal answers: one rule."""
import itertools
from types import SimpleNamespace

import pytest

from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role

STATES = ("draft", "submitted", "closed")


def _table():
    return Steps("thing", [
        Step("submit", "submit", ("draft",), "submitted", roles=(Role.STAFF,)),
        Step("review", "review", ("submitted",), "closed", roles=(Role.VICE_CHAIR, Role.STAFF),
             who=lambda actor, obj: obj.owner == actor.username,
             guard=lambda obj: "" if obj.ready else "not ready"),
        Step("sign", "sign", ("submitted", "draft"), None, roles=(Role.DEPARTMENT,),
             actor_guard=lambda actor, obj: "signed" if actor.username in obj.signed else None),
        Step("merge", "merge", ("draft",), "closed", roles=(Role.STAFF,), offered=False),
    ], labels={s: s for s in STATES})


@pytest.mark.django_db
def test_may_and_available_agree_with_refusal_for_every_actor_state_and_guard(users):
    table = _table()
    actors = [users["staff"], users["vice_chair"], users["department"]]
    for state, ready, owner, signed in itertools.product(STATES, (True, False), ("staff", "vice_chair"),
                                                        ((), ("department",))):
        obj = SimpleNamespace(status=state, ready=ready, owner=owner, signed=signed)
        for actor in actors:
            for step in table:
                assert table.may(step.name, actor, obj) is (table.refusal(step.name, actor, obj) is None)
            assert table.available(actor, obj) == [
                s.name for s in table if s.offered and table.refusal(s.name, actor, obj) is None]
