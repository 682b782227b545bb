"""Every workflow object keeps its history (who, when, before, after), bulk steps included; nothing is hard-deleted."""
import pytest
from django.test import Client

from history.selectors import history_for
from outcomes.models import Assignment, Outcome, Reply
from outcomes.services import outcomes as outcome_services
from research.models import Report, ResearchGroup
from tests.security.permission_matrix import entry_for
from tests.security.routes import all_routes, url_for
from topics.models import Topic

# The one API DELETE: a suggestion of an outcome still in draft (its removal is recorded in the history).
DELETABLE: set[str] = set()  # no route hard-deletes a workflow object


def test_every_workflow_object_of_the_demo_has_a_history_with_actor_and_states(demo):
    for model in (Topic, ResearchGroup, Report, Outcome, Assignment, Reply):
        objects = model.objects.exclude(status="candidate") if model is Topic else model.objects.all()
        for obj in objects:
            entries = list(history_for(obj))
            assert entries, f"{model.__name__} {obj.pk} has no history"
            assert all(e.actor_id and e.created_at for e in entries)
            assert any(e.to_state for e in entries), f"{model.__name__} {obj.pk} history has no state"


def test_forwarding_to_several_departments_records_each_assignment(demo):
    staff = demo.users["staff"]
    outcome = Outcome.objects.filter(status="submitted").first()
    outcome_services.outcome_forward(
        actor=staff, outcome_id=outcome.pk, lead_department_id=demo.objects["department_foreign"].pk,
        co_department_ids=[demo.users["department"].department_id, demo.users["department2"].department_id],
    )
    assignments = list(Assignment.objects.filter(outcome=outcome))
    assert len(assignments) == 3
    for assignment in assignments:
        entry = history_for(assignment).first()
        assert entry is not None and entry.actor == staff and entry.to_state == "assigned"
        assert entry.topic_id == outcome.topic_id
    outcome_entry = history_for(outcome).last()
    assert outcome_entry.from_state == "submitted" and outcome_entry.to_state == "forwarded"


def test_no_api_route_deletes_anything(demo):
    client = Client(raise_request_exception=False)
    client.force_login(demo.users["staff"])
    checked = 0
    for route in all_routes():
        if not route.pattern.startswith("api/") or route.key in DELETABLE:
            continue
        entry = entry_for(route.key)
        kwargs = {p: getattr(demo.objects.get(entry.kwargs.get(p), 1), "pk", 1) for p in route.params}
        status = client.delete(url_for(route, kwargs)).status_code
        assert status in (403, 404, 405), f"DELETE {route.key} answered {status}"
        checked += 1
    assert checked > 60


@pytest.mark.parametrize("model", [Reply, Assignment])
def test_demo_logins_cannot_delete_through_the_admin(demo, model):
    obj = model.objects.first()
    client = Client()
    client.force_login(demo.users["staff"])
    path = f"/admin/outcomes/{model._meta.model_name}/{obj.pk}/delete/"
    assert client.post(path, {"post": "yes"}).status_code == 302  # to the admin login: no staff flag
    assert model.objects.filter(pk=obj.pk).exists()
