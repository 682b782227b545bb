"""The demo seed builds every state through the services and a second run changes nothing."""
import pytest

from outcomes.models import Assignment, Outcome, Reply, SupervisionCase


@pytest.mark.django_db
def test_demo_seed_is_complete_and_idempotent():
    import importlib

    from directory.models import User
    from outcomes.selectors import approval_queue, assignment_list

    for name in ("directory.demo", "topics.demo", "research.demo", "outcomes.demo"):
        importlib.import_module(name).seed(password="pw")
    counts = (Outcome.objects.count(), Assignment.objects.count(), Reply.objects.count(), SupervisionCase.objects.count())
    assert set(Outcome.objects.values_list("status", flat=True)) == {"draft", "submitted", "forwarded", "closed"}
    department = User.objects.get(username="department")
    assert any(a.is_overdue for a in assignment_list(department))
    assert approval_queue(User.objects.get(username="leader_in_charge")).count() == 1
    assert approval_queue(User.objects.get(username="principal_leader")).count() == 1
    road = SupervisionCase.objects.get(title="北部新城道路、广场命名")
    assert {e.happened_on.year for e in road.events.all()} == {2025, 2026}
    assert road.events.filter(kind="office_meeting").exists()
    importlib.import_module("outcomes.demo").seed(password="pw")
    assert counts == (
        Outcome.objects.count(), Assignment.objects.count(), Reply.objects.count(), SupervisionCase.objects.count()
    )
