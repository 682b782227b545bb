"""The whole path through the API: forward, contacts, reply with a file, R12 approval, evaluation, closing."""
import pytest
from django.utils import timezone

from history.selectors import history_for
from outcomes.models import Assignment, Outcome, Reply, Suggestion

from .conftest import pdf_file


@pytest.mark.django_db
def test_whole_path_staff_forwards_department_replies_leader_approves_staff_evaluates(
    users, departments, make_outcome, api_client_for
):
    outcome = make_outcome("counterpart", submit=False)
    staff = api_client_for(users["staff"])
    assert staff.post(f"/api/outcomes/{outcome.pk}/submit/", {}, format="json").status_code == 200
    response = staff.post(
        f"/api/outcomes/{outcome.pk}/forward/",
        {"lead_department": departments[0].pk, "co_departments": [departments[1].pk]}, format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "forwarded"
    lead = Assignment.objects.get(outcome=outcome, role="lead")
    co = Assignment.objects.get(outcome=outcome, role="co")
    assert lead.due_on > timezone.localdate() and lead.working_days == 20
    assert co.working_days == 10

    dept = api_client_for(users["department"])
    today = timezone.localdate().isoformat()
    for kind in ("before_handling", "during_handling", "before_reply"):
        r = dept.post(f"/api/assignments/{lead.pk}/contacts/", {"kind": kind, "held_on": today, "summary": "沟通"},
                      format="json")
        assert r.status_code == 201, r.content
    assert len(dept.get(f"/api/assignments/{lead.pk}/contacts/").json()) == 3

    dept2 = api_client_for(users["department2"])
    assert dept2.post(f"/api/assignments/{co.pk}/input/", {"text": "协办意见"}, format="json").status_code == 200

    suggestions = list(outcome.suggestions.all())
    import json

    r = dept.post(
        "/api/replies/",
        {
            "assignment": lead.pk, "text": "关于……的答复", "document_number": "成住建函〔2026〕1号",
            "file": pdf_file(),
            "stances": json.dumps([
                {"suggestion": suggestions[0].pk, "stance": "adopted"},
                {"suggestion": suggestions[1].pk, "stance": "not_adopted", "reason": "财力不足"},
            ]),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    reply_id = r.json()["id"]
    reply = Reply.objects.get(pk=reply_id)
    assert reply.file.name.endswith(".pdf") and "答复" not in reply.file.name
    assert reply.file_name == "答复.pdf"

    # Not yet countersigned by the co-handler: refused, nothing changes.
    r = dept.post(f"/api/replies/{reply_id}/submit/")
    assert r.status_code == 409 and "县自然资源和规划局" in r.json()["detail"]
    assert dept2.post(f"/api/replies/{reply_id}/countersign/", {"note": "同意"}, format="json").status_code == 200
    r = dept.post(f"/api/replies/{reply_id}/submit/")
    assert r.status_code == 200, r.content
    assert r.json()["approval_level"] == "leader_in_charge"
    assert r.json()["approver"] == users["leader_in_charge"].pk

    # Staff do not see a reply before it is approved.
    assert staff.get(f"/api/replies/{reply_id}/").status_code == 404
    leader = api_client_for(users["leader_in_charge"])
    r = leader.post(f"/api/replies/{reply_id}/approve/", {"comments": "同意"}, format="json")
    assert r.status_code == 200, r.content
    lead.refresh_from_db()
    assert lead.status == "replied"
    assert Suggestion.objects.get(pk=suggestions[1].pk).adoption_status == "not_adopted"

    r = staff.post(f"/api/replies/{reply_id}/evaluate/", {"evaluation": "satisfied"}, format="json")
    assert r.status_code == 200, r.content
    lead.refresh_from_db()
    assert lead.status == "accepted"

    # Closing needs every suggestion implemented or explained.
    assert staff.post(f"/api/assignments/{lead.pk}/close/", {}, format="json").status_code == 409
    r = staff.patch(f"/api/suggestions/{suggestions[0].pk}/", {"progress": 100}, format="json", HTTP_IF_MATCH="*")
    assert r.status_code == 200, r.content
    assert staff.post(f"/api/assignments/{lead.pk}/close/", {}, format="json").status_code == 200
    outcome.refresh_from_db()
    co.refresh_from_db()
    assert outcome.status == "closed" and co.status == "closed"

    supervisor = api_client_for(users["supervisor"])
    assert supervisor.get(f"/api/assignments/{lead.pk}/").status_code == 200
    actions = [e.action for e in history_for(lead)]
    assert "contact_logged" in actions and "closed" in actions


@pytest.mark.django_db
def test_unsatisfied_evaluation_sends_back_with_new_due_date_and_a_second_reply(
    users, submitted_reply, make_reply, api_client_for
):
    reply = submitted_reply("counterpart")
    api_client_for(users["leader_in_charge"]).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
    staff = api_client_for(users["staff"])
    r = staff.post(f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "unsatisfied"}, format="json")
    assert r.status_code == 400 and "comment" in r.json()["fields"]  # the one vocabulary: `comment`
    r = staff.post(
        f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "unsatisfied", "comments": "措施不具体"}, format="json"
    )
    assert r.status_code == 200
    assignment = Assignment.objects.get(pk=reply.assignment_id)
    assert assignment.status == "returned"
    second = make_reply(assignment, contact=False)
    assert second.version == 2
    assignment.refresh_from_db()
    assert assignment.status == "in_progress"


@pytest.mark.django_db
def test_send_back_then_resubmit(users, submitted_reply, api_client_for):
    reply = submitted_reply("counterpart")
    leader = api_client_for(users["leader_in_charge"])
    assert leader.post(f"/api/replies/{reply.pk}/send_back/", {"comments": ""}, format="json").status_code == 400
    r = leader.post(f"/api/replies/{reply.pk}/send_back/", {"comments": "请补充时间表"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "sent_back"
    dept = api_client_for(users["department"])
    assert dept.patch(f"/api/replies/{reply.pk}/", {"text": "补充后的答复"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert dept.post(f"/api/replies/{reply.pk}/submit/").status_code == 200
    assert Outcome.objects.get(pk=reply.assignment.outcome_id).status == "forwarded"
