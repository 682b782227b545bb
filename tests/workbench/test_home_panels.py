"""The home's panels read what they show: the to-do summary rather than the whole list, the supervisor's open cases
with their event counts as the case list counts them, and no overdue lists for the committee staff."""
import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from outcomes.selectors import home_context, open_cases
from outcomes.services import supervision as supervision_services
from tests.outcomes.conftest import (  # noqa: F401 - fixtures
    make_assignment,
    make_outcome,
    make_reply,
    make_topic,
    media_root,
    plan,
    submitted_reply,
)
from workbench.todos import cached_todo_summary, cached_todos

pytestmark = pytest.mark.django_db


def test_todo_summary_is_the_lists_first_items_length_and_overdue(users, submitted_reply):  # noqa: F811
    leader = users["principal_leader"]
    for _ in range(7):
        submitted_reply("special")
    items = cached_todos(leader)
    summary = cached_todo_summary(leader)
    assert len(items) >= 7
    assert summary["total"] == len(items) and summary["overdue"] == sum(1 for item in items if item.overdue)
    assert [(i.object_type, i.object_id, i.step) for i in summary["first"]] == [
        (i.object_type, i.object_id, i.step) for i in items[:5]
    ]


def test_home_reads_the_todo_summary_not_the_whole_list(client_for, users, submitted_reply):  # noqa: F811
    leader = users["principal_leader"]
    submitted_reply("special")
    client = client_for(leader)
    first = client.get("/")
    assert first.status_code == 200
    read = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        read.append(key)
        return real_get(key, *args, **kwargs)

    with mock.patch.object(cache, "get", side_effect=get):
        again = client.get("/")
    assert not [key for key in read if str(key).startswith("todos:list:")]
    assert [key for key in read if str(key).startswith("todos:summary:")]
    assert first.content.decode().count('class="todo-link"') == again.content.decode().count('class="todo-link"') >= 1


def test_supervisor_home_lists_open_cases_with_their_event_counts(users, make_assignment):  # noqa: F811
    cases = []
    for i in range(3):
        assignment = make_assignment(forwarded_on=datetime.date(2026, 9, 1))
        cases.append(supervision_services.case_open(
            actor=users["staff"], outcome_id=assignment.outcome_id, title=f"督办{i}", committee_office="城建委"
        ))
    for _ in range(2):
        supervision_services.case_add_event(
            actor=users["supervisor"], case_id=cases[1].pk, kind="office_meeting", happened_on=timezone.localdate(),
            title="县长办公会议研究",
        )
    supervision_services.case_close(actor=users["supervisor"], case_id=cases[2].pk, result="已落实")
    supervisor = users["supervisor"]
    shown = [(c.pk, c.title, c.opened_on, c.event_count) for c in home_context(supervisor)["open_cases"]]
    listed = [(c.pk, c.title, c.opened_on, c.event_count) for c in open_cases(supervisor)]
    assert shown == listed and {row[0] for row in shown} == {cases[0].pk, cases[1].pk}
    assert dict((row[0], row[3]) for row in shown) == {cases[0].pk: 0, cases[1].pk: 2}


def test_staff_home_builds_no_overdue_lists_it_does_not_show(users):
    assert not {"overdue", "very_overdue", "open_cases"} & set(home_context(users["staff"]))
    assert {"overdue", "very_overdue", "open_cases"} <= set(home_context(users["supervisor"]))
