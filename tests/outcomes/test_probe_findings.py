"""Findings 1, 5, 7 and 8 of the last security probe (issue 16), on the outcome fixtures; the others are in
tests/security/test_probe_findings.py."""
import pytest
from django.db import transaction
from rest_framework.test import APIClient

from chengwu_cppcc.errors import InvalidState
from directory.models import Department
from directory.roles import Role
from outcomes.models import ProgressReport, Reply, SupervisionCase
from outcomes.selectors import cases_for
from outcomes.services import progress as progress_services
from outcomes.services import replies as reply_services
from tests.conftest import make_user
from tests.outcomes.conftest import pdf_file
from tests.security.conftest import PDF

# ---- 1. a reply's old file is deleted only after commit; a missing file refuses submit and approve ---------------


def test_replacing_a_reply_file_keeps_the_old_file_until_commit(users, make_assignment, make_reply,
                                                                django_capture_on_commit_callbacks):
    reply = make_reply(make_assignment())
    old = reply.file.name
    storage = reply.file.storage

    class RequestDied(Exception):
        pass

    with pytest.raises(RequestDied), transaction.atomic():  # the worker dies after the service, before commit
        reply_services.reply_update(actor=users["department"], reply_id=reply.pk, file=pdf_file("新.pdf"))
        raise RequestDied
    assert Reply.objects.get(pk=reply.pk).file.name == old and storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        reply_services.reply_update(actor=users["department"], reply_id=reply.pk, file=pdf_file("新.pdf"))
    assert not storage.exists(old)  # once committed, the replaced file goes
    assert storage.exists(Reply.objects.get(pk=reply.pk).file.name)


def test_a_reply_whose_file_is_missing_cannot_be_submitted(users, make_assignment, make_reply):
    reply = make_reply(make_assignment())
    reply.file.storage.delete(reply.file.name)
    with pytest.raises(InvalidState) as refused:
        reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    assert "missing" in str(refused.value) or "缺失" in str(refused.value) or "丢失" in str(refused.value)
    assert Reply.objects.get(pk=reply.pk).status == "draft"


def test_a_reply_whose_file_is_missing_cannot_be_approved(users, make_assignment, make_reply):
    reply = make_reply(make_assignment())
    reply = reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    reply.file.storage.delete(reply.file.name)
    with pytest.raises(InvalidState):
        reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    assert Reply.objects.get(pk=reply.pk).approved_at is None


# ---- 5. downloads are named for their detected type, as attachments, not sniffed --------------------------------


@pytest.mark.parametrize("name", ["答复.hta", "答复.html", "setup.exe", "答复"])
def test_a_download_is_named_for_its_detected_type(users, make_assignment, client, name):
    assignment = make_assignment()
    reply = reply_services.reply_create(
        actor=users["department"], assignment_id=assignment.pk, text="答复", file=pdf_file(name, PDF),
        stances=[{"suggestion": s.pk, "stance": "adopted"} for s in assignment.outcome.suggestions.all()],
    )
    client.force_login(users["department"])
    response = client.get(f"/outcomes/replies/{reply.pk}/file/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert ".pdf" in disposition and ".hta" not in disposition and ".html" not in disposition and ".exe" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"


# ---- 7. a leader in charge sees only the supervision cases of their departments' matters ------------------------


def test_a_leader_sees_only_the_cases_of_their_departments(users, make_assignment):
    from outcomes.services import supervision as supervision_services

    own = make_assignment()  # department 0, whose leader is users["leader_in_charge"]
    other_leader = make_user("leader_other", Role.LEADER_IN_CHARGE)
    foreign = make_assignment()
    foreign.department = Department.objects.create(name="县民政局", leader_in_charge=other_leader)
    foreign.save(update_fields=["department"])
    mine = supervision_services.case_open(actor=users["staff"], outcome_id=own.outcome_id, title="督办：本部门事项",
                                          committee_office="提案委")
    theirs = supervision_services.case_open(actor=users["staff"], outcome_id=foreign.outcome_id,
                                            title="督办：他部门事项", committee_office="提案委")
    assert set(cases_for(users["leader_in_charge"]).values_list("pk", flat=True)) == {mine.pk}
    assert set(cases_for(other_leader).values_list("pk", flat=True)) == {theirs.pk}
    assert set(cases_for(users["supervisor"]).values_list("pk", flat=True)) == {mine.pk, theirs.pk}
    client = APIClient()
    client.force_authenticate(users["leader_in_charge"])
    assert client.get(f"/api/supervisions/{theirs.pk}/").status_code == 404
    titles = [row["title"] for row in client.get("/api/supervisions/").json()["results"]]
    assert titles == ["督办：本部门事项"] and SupervisionCase.objects.count() == 2


def test_the_same_progress_report_twice_is_one_report(users, make_assignment):
    lead = make_assignment("special", kind="special_minutes")
    items = [{"suggestion": s.pk, "progress": 40} for s in lead.outcome.suggestions.all()]
    first = progress_services.progress_report_submit(actor=users["department"], assignment_id=lead.pk,
                                                     text="一季度落实情况", items=items)
    second = progress_services.progress_report_submit(actor=users["department"], assignment_id=lead.pk,
                                                      text="一季度落实情况", items=items)
    assert first.pk == second.pk and ProgressReport.objects.filter(assignment=lead).count() == 1


