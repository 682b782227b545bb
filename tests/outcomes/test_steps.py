"""Each step refuses the wrong role (403), the wrong state (409) and bad input (400), changing nothing."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from outcomes.models import Assignment, AssignmentRequest, Contact, Outcome, Reply, SupervisionCase

from .conftest import PDF, days_ago, pdf_file


def snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


# Outcomes ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_outcome_refusals(users, make_outcome, api_client_for):
    outcome = make_outcome(submit=False)
    before = snapshot(outcome)
    url = f"/api/outcomes/{outcome.pk}/submit/"
    # Only staff see a draft: for the others it is outside their scope (404, before the role's 403).
    assert api_client_for(users["supervisor"]).post(url, {}, format="json").status_code == 404
    assert api_client_for(users["department"]).post(url, {}, format="json").status_code == 404
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = api_client_for(users["staff"]).post(url, {"submitted_on": tomorrow}, format="json")
    assert r.status_code == 400 and "submitted_on" in r.json()
    assert snapshot(outcome) == before
    assert api_client_for(users["staff"]).post(url, {}, format="json").status_code == 200
    assert api_client_for(users["staff"]).post(url, {}, format="json").status_code == 409


@pytest.mark.django_db
def test_forward_refusals(users, departments, make_outcome, api_client_for):
    outcome = make_outcome()
    before = snapshot(outcome)
    url = f"/api/outcomes/{outcome.pk}/forward/"
    staff = api_client_for(users["staff"])
    assert api_client_for(users["supervisor"]).post(url, {"lead_department": departments[0].pk},
                                                    format="json").status_code == 403
    assert staff.post(url, {"lead_department": 9999}, format="json").status_code == 400
    r = staff.post(url, {"lead_department": departments[0].pk, "co_departments": [departments[0].pk]}, format="json")
    assert r.status_code == 400 and "co_departments" in r.json()
    assert staff.post(url, {}, format="json").status_code == 400
    assert snapshot(outcome) == before and not Assignment.objects.exists()
    draft = make_outcome(submit=False)
    r = staff.post(f"/api/outcomes/{draft.pk}/forward/", {"lead_department": departments[0].pk}, format="json")
    assert r.status_code == 409 and not Assignment.objects.exists()


@pytest.mark.django_db
def test_create_outcome_checks_input_and_role(users, make_topic, api_client_for):
    topic = make_topic("special")
    data = {"topic": topic.pk, "kind": "special_minutes", "title": "专题协商纪要",
            "suggestions": [{"title": "建议", "content": "内容"}]}
    assert api_client_for(users["department"]).post("/api/outcomes/", data, format="json").status_code == 403
    assert api_client_for(users["staff"]).post("/api/outcomes/", {**data, "kind": "memo"},
                                               format="json").status_code == 400
    assert api_client_for(users["staff"]).post("/api/outcomes/", {**data, "title": ""},
                                               format="json").status_code == 400
    assert not Outcome.objects.exists()
    r = api_client_for(users["staff"]).post("/api/outcomes/", data, format="json")
    assert r.status_code == 201 and r.json()["consultation_type"] == "special"
    assert len(r.json()["suggestions"]) == 1


# Contacts, return, extension ------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_refusals(users, make_assignment, api_client_for):
    assignment = make_assignment()
    url = f"/api/assignments/{assignment.pk}/contacts/"
    body = {"kind": "before_handling", "held_on": timezone.localdate().isoformat(), "summary": "沟通"}
    assert api_client_for(users["staff"]).post(url, body, format="json").status_code == 403
    assert api_client_for(users["department2"]).post(url, body, format="json").status_code == 404
    dept = api_client_for(users["department"])
    assert dept.post(url, {**body, "kind": "lunch"}, format="json").status_code == 400
    assert dept.post(url, {**body, "summary": " "}, format="json").status_code == 400
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert dept.post(url, {**body, "held_on": tomorrow}, format="json").status_code == 400
    assert not Contact.objects.exists()
    assert Assignment.objects.get(pk=assignment.pk).status == "assigned"
    assert dept.post(url, body, format="json").status_code == 201
    assert Assignment.objects.get(pk=assignment.pk).status == "in_progress"


@pytest.mark.django_db
def test_contact_refused_while_awaiting_approval(users, submitted_reply, api_client_for):
    reply = submitted_reply()
    body = {"kind": "during_handling", "held_on": timezone.localdate().isoformat(), "summary": "沟通"}
    r = api_client_for(users["department"]).post(f"/api/assignments/{reply.assignment_id}/contacts/", body,
                                                 format="json")
    assert r.status_code == 409


@pytest.mark.django_db
def test_return_within_window_and_staff_reassigns(users, departments, make_assignment, api_client_for):
    assignment = make_assignment()
    dept = api_client_for(users["department"])
    url = f"/api/assignments/{assignment.pk}/return/"
    assert api_client_for(users["staff"]).post(url, {"reason": "非本单位职责"}, format="json").status_code == 403
    assert api_client_for(users["department2"]).post(url, {"reason": "x"}, format="json").status_code == 404
    assert dept.post(url, {"reason": ""}, format="json").status_code == 400
    assert not AssignmentRequest.objects.exists()
    assert dept.post(url, {"reason": "非本单位职责"}, format="json").status_code == 201
    assert dept.post(url, {"reason": "再次"}, format="json").status_code == 409
    staff = api_client_for(users["staff"])
    decide = f"/api/assignments/{assignment.pk}/decide/"
    assert dept.post(decide, {"kind": "return", "grant": True}, format="json").status_code == 403
    assert staff.post(decide, {"kind": "return", "grant": False}, format="json").status_code == 400  # refusal needs note
    r = staff.post(decide, {"kind": "return", "grant": True, "reassign_to": departments[1].pk}, format="json")
    assert r.status_code == 200, r.content
    assignment.refresh_from_db()
    assert assignment.status == "withdrawn"
    replacement = Assignment.objects.get(replaces=assignment)
    assert replacement.department == departments[1] and replacement.role == "lead"
    assert staff.post(decide, {"kind": "return", "grant": True}, format="json").status_code == 409


@pytest.mark.django_db
def test_return_refused_after_the_window(users, make_assignment, api_client_for):
    assignment = make_assignment(forwarded_on=days_ago(30))
    r = api_client_for(users["department"]).post(f"/api/assignments/{assignment.pk}/return/", {"reason": "误派"},
                                                 format="json")
    assert r.status_code == 409 and not AssignmentRequest.objects.exists()


@pytest.mark.django_db
def test_extension_granted_moves_due_date_by_working_days(users, make_assignment, api_client_for):
    from workdays.services import add_working_days

    assignment = make_assignment()
    dept = api_client_for(users["department"])
    url = f"/api/assignments/{assignment.pk}/extend/"
    assert dept.post(url, {"reason": "需要调研", "extra_working_days": 0}, format="json").status_code == 400
    assert dept.post(url, {"reason": "", "extra_working_days": 5}, format="json").status_code == 400
    assert dept.post(url, {"reason": "需要调研", "extra_working_days": 5}, format="json").status_code == 201
    old_due = assignment.due_on
    r = api_client_for(users["staff"]).post(f"/api/assignments/{assignment.pk}/decide/",
                                            {"kind": "extension", "grant": True}, format="json")
    assert r.status_code == 200 and r.json()["previous_due_on"] == old_due.isoformat()
    assignment.refresh_from_db()
    assert assignment.due_on == add_working_days(old_due, 5)


# Replies --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reply_file_type_is_checked_from_content(users, make_assignment, api_client_for):
    assignment = make_assignment()
    dept = api_client_for(users["department"])
    fake = SimpleUploadedFile("答复.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    r = dept.post("/api/replies/", {"assignment": assignment.pk, "text": "答复", "file": fake}, format="multipart")
    assert r.status_code == 400 and "PDF" in r.json()["file"][0]
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_reply_file_size_is_limited(users, settings, make_assignment, api_client_for):
    settings.FILE_UPLOAD_MAX_BYTES = 20
    assignment = make_assignment()
    r = api_client_for(users["department"]).post(
        "/api/replies/", {"assignment": assignment.pk, "text": "答复", "file": pdf_file()}, format="multipart"
    )
    assert r.status_code == 400 and "file" in r.json()
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_reply_create_refusals(users, make_assignment, api_client_for):
    assignment = make_assignment(co=True)
    co = assignment.outcome.assignments.get(role="co")
    body = {"assignment": assignment.pk, "text": "答复"}
    assert api_client_for(users["staff"]).post("/api/replies/", body, format="json").status_code == 403
    assert api_client_for(users["department2"]).post("/api/replies/", body, format="json").status_code == 404
    r = api_client_for(users["department2"]).post("/api/replies/", {**body, "assignment": co.pk}, format="json")
    assert r.status_code == 409  # co-handlers send input; only the lead replies
    dept = api_client_for(users["department"])
    assert dept.post("/api/replies/", {**body, "text": ""}, format="json").status_code == 400
    bad = [{"suggestion": assignment.outcome.suggestions.first().pk, "stance": "not_adopted"}]
    assert dept.post("/api/replies/", {**body, "stances": bad}, format="json").status_code == 400
    assert not Reply.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["file", "contact", "stance"])
def test_submit_refused_until_complete(missing, users, make_assignment, make_reply, api_client_for):
    assignment = make_assignment()
    reply = make_reply(assignment, file=missing != "file", contact=missing != "contact")
    if missing == "stance":
        reply.stances.first().delete()
    before = snapshot(reply)
    r = api_client_for(users["department"]).post(f"/api/replies/{reply.pk}/submit/")
    assert r.status_code == 409
    assert snapshot(reply) == before
    assert Assignment.objects.get(pk=assignment.pk).status == "in_progress"


@pytest.mark.django_db
def test_before_reply_consultation_can_be_switched_off_by_policy(users, make_assignment, make_reply, api_client_for):
    from outcomes.services.common import policy_for

    assignment = make_assignment()
    policy = policy_for(assignment.outcome.kind)
    policy.require_pre_reply_consultation = False
    policy.save()
    reply = make_reply(assignment, contact=False)
    assert api_client_for(users["department"]).post(f"/api/replies/{reply.pk}/submit/").status_code == 200


@pytest.mark.django_db
def test_submit_reply_wrong_role_and_scope(users, make_assignment, make_reply, api_client_for):
    reply = make_reply(make_assignment())
    # Staff do not see a draft reply (404); its department's leader sees it but may not submit it (403).
    assert api_client_for(users["staff"]).post(f"/api/replies/{reply.pk}/submit/").status_code == 404
    assert api_client_for(users["leader_in_charge"]).post(f"/api/replies/{reply.pk}/submit/").status_code == 403
    assert api_client_for(users["department2"]).post(f"/api/replies/{reply.pk}/submit/").status_code == 404
    assert Reply.objects.get(pk=reply.pk).status == "draft"


@pytest.mark.django_db
def test_approve_refusals(users, submitted_reply, api_client_for):
    reply = submitted_reply("counterpart")
    before = snapshot(reply)
    # The department sees its reply but may not approve it; staff and supervisors see only approved replies.
    for role, code in (("department", 403), ("staff", 404), ("supervisor", 404)):
        r = api_client_for(users[role]).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
        assert r.status_code == code, role
    assert snapshot(reply) == before
    leader = api_client_for(users["leader_in_charge"])
    assert leader.post(f"/api/replies/{reply.pk}/approve/", {}, format="json").status_code == 200
    assert leader.post(f"/api/replies/{reply.pk}/approve/", {}, format="json").status_code == 409
    assert leader.post(f"/api/replies/{reply.pk}/send_back/", {"comments": "x"}, format="json").status_code == 409


@pytest.mark.django_db
def test_evaluate_refusals(users, submitted_reply, api_client_for):
    reply = submitted_reply("counterpart")
    staff = api_client_for(users["staff"])
    # Not yet approved: the committee does not see it.
    assert staff.post(f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "satisfied"}, format="json").status_code == 404
    api_client_for(users["leader_in_charge"]).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
    assert api_client_for(users["department"]).post(
        f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "satisfied"}, format="json"
    ).status_code == 403
    assert staff.post(f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "great"}, format="json").status_code == 400
    before = snapshot(reply)
    assert snapshot(reply) == before and reply.evaluation == ""
    assert staff.post(f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "basically_satisfied"},
                      format="json").status_code == 200
    assert staff.post(f"/api/replies/{reply.pk}/evaluate/", {"evaluation": "satisfied"},
                      format="json").status_code == 409


@pytest.mark.django_db
def test_countersign_refusals(users, make_assignment, make_reply, api_client_for):
    assignment = make_assignment(co=True)
    reply = make_reply(assignment)
    # Staff do not see a draft reply (404).
    assert api_client_for(users["staff"]).post(f"/api/replies/{reply.pk}/countersign/", {},
                                               format="json").status_code == 404
    # The lead department is not a co-handler.
    assert api_client_for(users["department"]).post(f"/api/replies/{reply.pk}/countersign/", {},
                                                    format="json").status_code == 403
    dept2 = api_client_for(users["department2"])
    assert dept2.post(f"/api/replies/{reply.pk}/countersign/", {}, format="json").status_code == 200
    assert dept2.post(f"/api/replies/{reply.pk}/countersign/", {}, format="json").status_code == 409
    assert reply.countersignatures.count() == 1


# Progress reports and supervision ---------------------------------------------------------------


@pytest.mark.django_db
def test_progress_report_updates_suggestions_for_special_minutes_only(users, make_assignment, api_client_for):
    assignment = make_assignment("special", kind="special_minutes")
    suggestion = assignment.outcome.suggestions.first()
    dept = api_client_for(users["department"])
    body = {"assignment": assignment.pk, "text": "一季度落实情况", "items": [{"suggestion": suggestion.pk, "progress": 40}]}
    assert api_client_for(users["staff"]).post("/api/progress-reports/", body, format="json").status_code == 403
    assert api_client_for(users["department2"]).post("/api/progress-reports/", body, format="json").status_code == 404
    bad = {**body, "items": [{"suggestion": suggestion.pk, "progress": 140}]}
    assert dept.post("/api/progress-reports/", bad, format="json").status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.progress == 0
    r = dept.post("/api/progress-reports/", body, format="json")
    assert r.status_code == 201, r.content
    suggestion.refresh_from_db()
    assert suggestion.progress == 40
    from outcomes.selectors import add_months

    assert r.json()["period_due_on"] == add_months(assignment.forwarded_on, 3).isoformat()
    other = make_assignment("counterpart", kind="work_minutes")
    r = dept.post("/api/progress-reports/", {"assignment": other.pk, "text": "x"}, format="json")
    assert r.status_code == 409


@pytest.mark.django_db
def test_supervision_case_across_years(users, make_assignment, api_client_for):
    assignment = make_assignment("special", kind="special_minutes")
    body = {"outcome": assignment.outcome_id, "title": "北部新城道路、广场命名", "committee_office": "政协城建委",
            "opened_on": "2025-03-01"}
    assert api_client_for(users["department"]).post("/api/supervisions/", body, format="json").status_code == 403
    supervisor = api_client_for(users["supervisor"])
    assert supervisor.post("/api/supervisions/", {**body, "title": ""}, format="json").status_code == 400
    assert supervisor.post("/api/supervisions/", body, format="json").status_code == 400  # names a staff owner
    staff = api_client_for(users["staff"])
    r = staff.post("/api/supervisions/", body, format="json")
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    event = {"kind": "office_meeting", "happened_on": "2026-03-10", "title": "县长办公会议研究，责成制定工作方案"}
    assert supervisor.post(f"/api/supervisions/{case_id}/events/", event, format="json").status_code == 201
    r = supervisor.post(f"/api/supervisions/{case_id}/events/", {**event, "happened_on": "2024-01-01"}, format="json")
    assert r.status_code == 400
    assert supervisor.post(f"/api/supervisions/{case_id}/close/", {"result": ""}, format="json").status_code == 400
    r = supervisor.post(f"/api/supervisions/{case_id}/close/", {"result": "已完成命名"}, format="json")
    assert r.status_code == 200 and len(r.json()["events"]) == 1
    assert supervisor.post(f"/api/supervisions/{case_id}/events/", event, format="json").status_code == 409
    assert SupervisionCase.objects.get(pk=case_id).status == "closed"


@pytest.mark.django_db
def test_pdf_and_docx_and_image_are_accepted():
    import io

    import docx

    from outcomes.services.files import checked_upload

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    for name, content in (("a.pdf", PDF), ("a.docx", buffer.getvalue()), ("a.png", png)):
        stored, original, _mime, _size = checked_upload(SimpleUploadedFile(name, content))
        assert original == name and stored.name.rsplit(".", 1)[1] == name.rsplit(".", 1)[1]


def test_a_replied_assignment_closes_only_after_evaluation(users, submitted_reply):
    from chengwu_cppcc.errors import InvalidState
    from outcomes.models import Suggestion
    from outcomes.services import assignments as assignment_services
    from outcomes.services import replies as reply_services

    reply = submitted_reply()
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    lead = Assignment.objects.get(pk=reply.assignment_id)
    Suggestion.objects.filter(outcome=lead.outcome).update(progress=100)  # nothing unsettled: only the state refuses
    assert lead.status == "replied"
    with pytest.raises(InvalidState):
        assignment_services.assignment_close(actor=users["staff"], assignment_id=lead.pk)
    lead.refresh_from_db()
    assert lead.status == "replied" and lead.closed_on is None
    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")  # still possible
    assert assignment_services.assignment_close(actor=users["staff"], assignment_id=lead.pk).status == "closed"
