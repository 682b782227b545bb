"""A role that may not take a research step gets 403 even when its input is junk, and nothing changes."""
import pytest

from history.models import HistoryEntry
from research.models import Activity, GroupMembership, Milestone, Report, ReportSuggestion, ResearchGroup, VisitFinding

JUNK = {"to_state": "nowhere", "member": "x", "kind": "?", "due_on": "yesterday", "held_on": "soon", "title": "",
        "ratings": "none", "comments": "", "done_on": "never"}


def state():
    """Everything a research step could change."""
    return {
        "groups": list(ResearchGroup.objects.order_by("pk").values_list("pk", "status")),
        "members": GroupMembership.objects.count(),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "done_on")),
        "activities": Activity.objects.count(),
        "findings": VisitFinding.objects.count(),
        "reports": list(Report.objects.order_by("pk").values_list("pk", "status", "title", "review_comments")),
        "scores": list(ReportSuggestion.objects.order_by("pk").values_list("score_scientific", flat=True)),
        "history": HistoryEntry.objects.count(),
    }


GROUP_ACTIONS = ["advance", "members", "milestones", "activities", "milestones/{milestone}/complete",
                 "activities/{activity}/findings"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vice_chair2", "leader_in_charge", "principal_leader", "supervisor"])
@pytest.mark.parametrize("action", GROUP_ACTIONS)
def test_api_group_step_refuses_a_wrong_role_before_reading_junk_input(users, group, visit, api_client_for, role, action):
    milestone = Milestone.objects.create(group=group, kind="report_draft", title="初稿", due_on="2026-06-30",
                                         owner=users["vice_chair"])
    path = action.format(milestone=milestone.pk, activity=visit.pk)
    before = state()
    response = api_client_for(users[role]).post(f"/api/research-groups/{group.pk}/{path}/", JUNK, format="json")
    assert response.status_code == 403, response.content
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["rate", "approve", "return"])
@pytest.mark.parametrize("role", ["staff", "vice_chair2", "leader_in_charge"])
def test_api_review_step_refuses_anyone_but_the_groups_vice_chair(users, submitted_report, api_client_for, role, action):
    before = state()
    response = api_client_for(users[role]).post(f"/api/reports/{submitted_report.pk}/{action}/", JUNK, format="json")
    assert response.status_code == 403, response.content
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vice_chair2", "supervisor"])
def test_api_report_edit_and_submit_refuse_a_wrong_role(users, group, make_report, api_client_for, role):
    report = make_report(group)
    before = state()
    client = api_client_for(users[role])
    assert client.patch(f"/api/reports/{report.pk}/", {"title": "", "suggestions": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 403
    assert client.post(f"/api/reports/{report.pk}/submit/", JUNK, format="json").status_code == 403
    assert client.post("/api/research-groups/", {"topic": "x"}, format="json").status_code == 403
    assert state() == before


@pytest.mark.django_db
def test_api_bad_input_of_the_right_role_is_still_400(users, group, api_client_for):
    before = state()
    response = api_client_for(users["vice_chair"]).post(f"/api/research-groups/{group.pk}/advance/", JUNK, format="json")
    assert response.status_code == 400 and "to_state" in response.json()
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["group-advance", "member-add", "milestone-create", "milestone-complete", "finding-add"])
@pytest.mark.parametrize("role", ["vice_chair2", "leader_in_charge"])
def test_page_step_refuses_a_wrong_role_before_binding_the_form(users, group, visit, client_for, page, role):
    milestone = Milestone.objects.create(group=group, kind="report_draft", title="初稿", due_on="2026-06-30",
                                         owner=users["vice_chair"])
    pk = {"milestone-complete": milestone.pk, "finding-add": visit.pk}.get(page, group.pk)
    before = state()
    response = client_for(users[role]).post(f"/research/{_path(page, pk)}", JUNK)
    assert response.status_code == 403
    assert state() == before


def _path(page, pk):
    return {
        "group-advance": f"groups/{pk}/advance/",
        "member-add": f"groups/{pk}/members/",
        "milestone-create": f"groups/{pk}/milestones/",
        "milestone-complete": f"milestones/{pk}/complete/",
        "finding-add": f"activities/{pk}/findings/",
    }[page]
