"""A client that did not write the API: openapi-python-client generates one from /api/schema/ at test time, and
its typed functions drive the whole lifecycle against a live server, one role's knox token after another.

plan → topics → screening (shortlist) → adoption (topic, plan) → research group → report → report approval →
outcome → forwarding → contacts → reply (multipart, with its file) → reply approval (R12) → evaluation → closing.

Nothing generated is committed: the schema and the client are written to pytest's temporary directory, once per
session and schema. A call the generated client cannot make (a warning, a body it cannot send, an answer it cannot
parse) is a fault of the schema, fixed where the API declares it.
"""
import datetime
import hashlib
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import attrs
import httpx
import pytest
from django.utils import timezone
from knox.models import AuthToken

from directory.models import Member

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "chengwu_api_client"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_GENERATED: dict[str, object] = {}  # schema digest → the imported client package, for the session


def _generate(schema: bytes, root: Path):
    """Write the schema, run the generator (no warnings allowed), import the package."""
    digest = hashlib.sha256(schema).hexdigest()
    if digest in _GENERATED:
        return _GENERATED[digest]
    assert not _GENERATED, "one schema per session: the package name is fixed"
    (root / "schema.json").write_bytes(schema)
    (root / "config.yaml").write_text("post_hooks: []\n")  # no ruff/format pass over generated code
    generator = Path(sys.executable).with_name("openapi-python-client")
    command = [str(generator), "generate", "--path", "schema.json", "--output-path", PACKAGE, "--meta", "none",
               "--config", "config.yaml", "--fail-on-warning"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Warning" not in output, output
    # Every operation became a function, and every type has a name that does not change with the reader's
    # language (the schema is served in Chinese).
    operation_ids = {op["operationId"] for ops in json.loads(schema)["paths"].values() for op in ops.values()}
    functions = {p.stem for p in (root / PACKAGE / "api").rglob("*.py") if p.name != "__init__.py"}
    assert functions == operation_ids, sorted(functions ^ operation_ids)
    assert all(p.name.isascii() for p in (root / PACKAGE).rglob("*.py")), "a type named in the schema's language"
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
    _GENERATED[digest] = package
    return package


@pytest.fixture
def api(live_server, users, tmp_path_factory):
    """The generated package, from the schema the live server serves to a logged-in user."""
    _instance, token = AuthToken.objects.create(user=users["staff"])
    response = httpx.get(f"{live_server.url}/api/schema/", params={"format": "json"},
                         headers={"Authorization": f"Token {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    return _generate(response.content, tmp_path_factory.mktemp("generated_client"))


@pytest.fixture
def client_for(api, live_server):
    """`client_for(user)` → the generated AuthenticatedClient with that user's knox token."""
    clients = []

    def build(user):
        _instance, token = AuthToken.objects.create(user=user)
        client = api.AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token",
                                         raise_on_unexpected_status=True, timeout=httpx.Timeout(30))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.get_httpx_client().close()


def module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def ok(response, status: int, model: str):
    """The answer has this status and parsed into this model, with no property the schema does not declare."""
    assert response.status_code == status, (response.status_code, response.content.decode(errors="replace"))
    parsed = response.parsed
    assert type(parsed).__name__ == model, (type(parsed).__name__, response.content.decode(errors="replace"))
    undeclared = list(_undeclared(parsed, model))
    assert not undeclared, f"answered but not in the schema: {undeclared}"
    return parsed


def _undeclared(value, where: str):
    """Properties the answer had and the schema did not declare, anywhere in the parsed model."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _undeclared(item, f"{where}[{index}]")
    elif attrs.has(type(value)):
        declared = [f.name for f in attrs.fields(type(value)) if f.name != "additional_properties"]
        if declared and getattr(value, "additional_properties", None):  # a free map (no fields) holds any keys
            yield f"{where}: {sorted(value.additional_properties)}"
        for name in declared:
            yield from _undeclared(getattr(value, name), f"{where}.{name}")


def test_the_whole_lifecycle_through_a_generated_client(api, client_for, users, departments, committee,
                                                        member_group, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    m = module("models")
    call = {name: module(f"api.{folder}.{name}") for folder, names in {
        "plans": ["plans_create", "plans_adopt_create", "plans_retrieve"],
        "topics": ["topics_create", "topics_feedback_create", "topics_shortlist_create", "topics_adopt_create"],
        "research_groups": ["research_groups_create", "research_groups_advance_create",
                            "research_groups_activities_create", "research_groups_retrieve"],
        "reports": ["reports_create", "reports_submit_create", "reports_rate_create", "reports_approve_create"],
        "outcomes": ["outcomes_create", "outcomes_submit_create", "outcomes_forward_create", "outcomes_retrieve"],
        "assignments": ["assignments_list", "assignments_contacts_create", "assignments_contacts_list",
                        "assignments_retrieve", "assignments_close_create"],
        "replies": ["replies_create", "replies_submit_create", "replies_approve_create", "replies_evaluate_create"],
        "suggestions": ["suggestions_retrieve", "suggestions_partial_update"],
        "todos": ["todos_list"],
    }.items() for name in names}
    staff = client_for(users["staff"])
    chair = client_for(users["vice_chair"])
    department = client_for(users["department"])
    today = timezone.localdate()

    # Plan and topic selection: a plan, a candidate, a member group's opinion, shortlisted, adopted, plan adopted.
    plan = ok(call["plans_create"].sync_detailed(client=staff, body=m.PlanCreateRequest(
        year=today.year + 1, annual_quota=1, party_quota=0)), 201, "Plan")
    assert plan.status == m.PlanStatusEnum.DRAFT and plan.year == today.year + 1
    topic = ok(call["topics_create"].sync_detailed(client=staff, body=m.TopicCreateRequest(
        plan=plan.id, source=m.TopicSourceEnum.SPECIAL_COMMITTEE, title="关于老旧小区改造后长效管理的建议",
        origin=m.TopicOriginEnum.MEMBER_PROPOSAL, domain=m.TopicDomainEnum.URBAN,
        consultation_type=m.ConsultationTypeEnum.COUNTERPART, committee=committee.pk,
        vice_chair=users["vice_chair"].pk, rationale="改造后管理缺位，群众反映强烈。",
    )), 201, "TopicDetail")
    assert topic.status == m.TopicStatusEnum.CANDIDATE and topic.track == m.TopicTrackEnum.ANNUAL
    ok(call["topics_feedback_create"].sync_detailed(topic.id, client=chair, body=m.FeedbackRequest(
        member_group=member_group.pk, stance=m.OpinionStanceEnum.SUPPORT, comment="赞成列入", date=today,
    )), 201, "TopicOpinion")
    topic = ok(call["topics_shortlist_create"].sync_detailed(topic.id, client=staff, body=m.MeetingRequest(
        meeting_date=today)), 200, "TopicDetail")
    assert topic.status == m.TopicStatusEnum.SHORTLISTED and topic.shortlisted_on == today
    topic = ok(call["topics_adopt_create"].sync_detailed(topic.id, client=staff, body=m.MeetingRequest(
        meeting_date=today, comment="常委会会议确定")), 200, "TopicDetail")
    assert topic.status == m.TopicStatusEnum.ADOPTED and len(topic.opinions) == 1
    plan = ok(call["plans_adopt_create"].sync_detailed(plan.id, client=staff, body=m.PlanAdoptRequest(
        meeting_date=today)), 200, "Plan")
    assert plan.status == m.PlanStatusEnum.ADOPTED and plan.adopted_annual == 1
    assert ok(call["plans_retrieve"].sync_detailed(plan.id, client=staff), 200, "Plan").adopted_on == today

    # Research: the group, its work, a report drafted and submitted by its leader, rated and approved.
    members = [Member.objects.create(name=name) for name in ("赵文博", "孙国栋")]
    group = ok(call["research_groups_create"].sync_detailed(client=staff, body=m.GroupFormInputRequest(
        topic=topic.id, leader=users["vice_chair"].pk, members=[x.pk for x in members], formed_on=today,
    )), 201, "ResearchGroupDetail")
    assert group.status == m.ResearchGroupStatusEnum.FORMING and group.member_count == 2
    for state in (m.ResearchGroupStatusEnum.STUDYING, m.ResearchGroupStatusEnum.RESEARCHING):
        group = ok(call["research_groups_advance_create"].sync_detailed(group.id, client=chair,
                   body=m.GroupAdvanceInputRequest(to_state=state)), 200, "ResearchGroupDetail")
        assert group.status == state
    ok(call["research_groups_activities_create"].sync_detailed(group.id, client=chair, body=m.ActivityInputRequest(
        kind=m.ActivityKindEnum.EXTERNAL_VISIT, title="赴邻县考察老旧小区长效管理", held_on=today,
        destination="单县", hosts="单县政协", present_members=[members[0].pk],
        findings=[m.FindingInputRequest(title="物业服务质量考评", description="街道每季度考评物业服务。")],
    )), 201, "Activity")
    group = ok(call["research_groups_retrieve"].sync_detailed(group.id, client=chair), 200, "ResearchGroupDetail")
    assert group.visit_count == 1
    finding = group.activities[0].findings[0]
    report = ok(call["reports_create"].sync_detailed(client=chair, body=m.ReportCreateInputRequest(
        group=group.id, title="关于老旧小区改造后长效管理的调研报告", body="一、基本情况\n二、存在问题\n三、建议",
        suggestions=[
            m.SuggestionInputRequest(title="建立物业服务考评制度", content="借鉴邻县经验。", finding=finding.id),
            m.SuggestionInputRequest(title="设立长效管理资金", content="按户筹集、财政补助。"),
        ],
    )), 201, "ReportDetail")
    assert report.status == m.ReportStatusEnum.DRAFT and [s.number for s in report.suggestions] == [1, 2]
    report = ok(call["reports_submit_create"].sync_detailed(report.id, client=chair), 200, "ReportDetail")
    assert report.status == m.ReportStatusEnum.SUBMITTED
    report = ok(call["reports_rate_create"].sync_detailed(report.id, client=chair, body=m.RateInputRequest(ratings=[
        m.RatingInputRequest(suggestion=s.id, scientific=5, forward_looking=4, feasible=4) for s in report.suggestions
    ])), 200, "ReportDetail")
    assert report.unrated_count == 0
    report = ok(call["reports_approve_create"].sync_detailed(report.id, client=chair, body=m.ReviewInputRequest(
        comment="同意报送县委、县政府。")), 200, "ReportDetail")
    assert report.status == m.ReportStatusEnum.APPROVED and report.review_comments == "同意报送县委、县政府。"

    # Outcome: a work minute from the approved report, submitted, forwarded to the housing bureau.
    outcome = ok(call["outcomes_create"].sync_detailed(client=staff, body=m.OutcomeCreateRequest(
        kind=m.OutcomeKindEnum.WORK_MINUTES, report=report.id)), 201, "Outcome")
    assert outcome.status == m.OutcomeStatusEnum.DRAFT and outcome.report == report.id
    assert [s.title for s in outcome.suggestions] == ["建立物业服务考评制度", "设立长效管理资金"]
    outcome = ok(call["outcomes_submit_create"].sync_detailed(outcome.id, client=staff, body=m.SubmitOutcomeRequest(
        date=today)), 200, "Outcome")
    assert outcome.status == m.OutcomeStatusEnum.SUBMITTED and outcome.submitted_on == today
    outcome = ok(call["outcomes_forward_create"].sync_detailed(outcome.id, client=staff, body=m.ForwardRequest(
        lead_department=departments[0].pk, date=today, instruction="请认真研究办理，按期答复。",
    )), 200, "Outcome")
    assert outcome.status == m.OutcomeStatusEnum.FORWARDED and outcome.forwarded_on == today

    # The department: its assignment, the three contacts (R11), a formal reply with its PDF, sent for approval.
    page = ok(call["assignments_list"].sync_detailed(client=department, outcome=outcome.id),
              200, "PaginatedAssignmentList")
    assert page.count == 1
    assignment = page.results[0]
    assert assignment.role == m.AssignmentRoleEnum.LEAD and assignment.status == m.AssignmentStatusEnum.ASSIGNED
    assert assignment.department == departments[0].pk and assignment.due_on > today
    for kind in (m.ContactKindEnum.BEFORE_HANDLING, m.ContactKindEnum.DURING_HANDLING, m.ContactKindEnum.BEFORE_REPLY):
        contact = ok(call["assignments_contacts_create"].sync_detailed(assignment.id, client=department,
                     body=m.ContactInputRequest(kind=kind, date=today, summary=f"沟通：{kind.value}", method="座谈")),
                     201, "Contact")
        assert contact.kind == kind
    contacts = call["assignments_contacts_list"].sync_detailed(assignment.id, client=department)
    assert contacts.status_code == 200 and len(contacts.parsed) == 3
    first, second = outcome.suggestions
    reply = ok(call["replies_create"].sync_detailed(client=department, body=m.ReplyUploadRequest(
        assignment=assignment.id, text="关于老旧小区改造后长效管理的答复：现将有关情况答复如下。",
        document_number="成住建函〔2026〕18号",
        file=module("types").File(payload=io.BytesIO(PDF), file_name="答复.pdf",
                                  mime_type="application/pdf"),
        stances=json.dumps([{"suggestion": first.id, "stance": "adopted", "reason": "已纳入改造计划。"},
                            {"suggestion": second.id, "stance": "not_adopted", "reason": "受财力所限，暂缓实施。"}]),
    )), 201, "Reply")
    assert reply.status == m.ReplyStatusEnum.DRAFT and reply.file_name == "答复.pdf" and reply.file_url
    assert [s.stance for s in reply.stances] == [m.ReplyStanceEnum.ADOPTED, m.ReplyStanceEnum.NOT_ADOPTED]
    reply = ok(call["replies_submit_create"].sync_detailed(reply.id, client=department), 200, "Reply")
    assert reply.status == m.ReplyStatusEnum.PENDING_APPROVAL
    assert reply.approval_level == m.ApprovalLevelEnum.LEADER_IN_CHARGE  # R12: counterpart consultation
    assert reply.approver == users["leader_in_charge"].pk

    # The leader R12 names approves it (its to-do list offers it); staff evaluate it.
    leader = client_for(users["leader_in_charge"])
    todos = ok(call["todos_list"].sync_detailed(client=leader), 200, "PaginatedTodoList")
    assert [(t.object_id, t.step) for t in todos.results if t.object_type.value == "reply"] == [(reply.id, "approve")]
    reply = ok(call["replies_approve_create"].sync_detailed(reply.id, client=leader, body=m.ApproveReplyRequest(
        comment="同意")), 200, "Reply")
    assert reply.status == m.ReplyStatusEnum.APPROVED and reply.approval_comments == "同意"
    reply = ok(call["replies_evaluate_create"].sync_detailed(reply.id, client=staff, body=m.EvaluateRequest(
        evaluation=m.EvaluationEnum.SATISFIED, comment="措施具体")), 200, "Reply")
    assert reply.evaluation == m.EvaluationEnum.SATISFIED
    detail = ok(call["assignments_retrieve"].sync_detailed(assignment.id, client=staff), 200, "AssignmentDetail")
    assert detail.status == m.AssignmentStatusEnum.ACCEPTED

    # Closing: the adopted suggestion implemented (If-Match from its ETag), the matter and the outcome close.
    suggestion = call["suggestions_retrieve"].sync_detailed(first.id, client=staff)
    ok(suggestion, 200, "Suggestion")
    updated = ok(call["suggestions_partial_update"].sync_detailed(
        first.id, client=staff, body=m.PatchedSuggestionUpdateRequest(progress=100, progress_note="已全部落实"),
        if_match=suggestion.headers["ETag"]), 200, "Suggestion")
    assert updated.progress == 100
    detail = ok(call["assignments_close_create"].sync_detailed(assignment.id, client=staff, body=m.CommentRequest(
        comment="办结")), 200, "AssignmentDetail")
    assert detail.status == m.AssignmentStatusEnum.CLOSED
    outcome = ok(call["outcomes_retrieve"].sync_detailed(outcome.id, client=staff), 200, "Outcome")
    assert outcome.status == m.OutcomeStatusEnum.CLOSED and isinstance(outcome.closed_on, datetime.date)
