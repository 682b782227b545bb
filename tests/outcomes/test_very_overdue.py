"""Very overdue: past due by more than the matter type's own threshold (outcomes.selectors), one type or several."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.models import Assignment, DeadlinePolicy
from outcomes.selectors import with_deadline_flags
from workdays.services import subtract_working_days

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


def _due(assignment, working_days_late):
    Assignment.objects.filter(pk=assignment.pk).update(due_on=subtract_working_days(TODAY, working_days_late))


def _flags():
    return {a.matter.policy_kind: (a.is_overdue, a.is_very_overdue)
            for a in with_deadline_flags(Assignment.objects.filter(role="lead").select_related("matter"), TODAY)}


def test_each_type_by_its_own_threshold_and_one_condition_when_they_share_it(make_assignment):
    for kind in ("work_minutes", "meeting_minutes"):
        _due(make_assignment(kind=kind, forwarded_on=datetime.date(2026, 10, 9)), 12)
    DeadlinePolicy.objects.update(very_overdue_working_days=10)  # every type the same: 12 days late is very late
    assert _flags() == {"work_minutes": (True, True), "meeting_minutes": (True, True)}
    with CaptureQueriesContext(connection) as queries:
        list(with_deadline_flags(Assignment.objects.all(), TODAY))
    assert "outcomes_matter" not in queries[-1]["sql"]  # the shared threshold does not ask the type

    DeadlinePolicy.objects.filter(kind="meeting_minutes").update(very_overdue_working_days=15)
    assert _flags() == {"work_minutes": (True, True), "meeting_minutes": (True, False)}
    with CaptureQueriesContext(connection) as queries:
        list(with_deadline_flags(Assignment.objects.all(), TODAY))
    assert "JOIN" not in queries[-1]["sql"]  # the type asked by a subquery, not a join
