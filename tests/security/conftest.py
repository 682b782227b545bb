"""The demo data set plus a few objects outside the demo logins' scope, named for the permission matrix."""
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from directory.models import Department, User
from directory.roles import Role
from notifications.models import Notification
from outcomes.models import Assignment, Outcome, OutcomeStatus, Reply, SupervisionCase
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from research.models import Activity, Milestone, Report, ResearchGroup
from tests.conftest import make_user
from topics.models import Plan, Topic, TopicStatus

DEMO_PASSWORD = "demo-pass-2026"
ROLES = ("anonymous", "staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor")

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="答复.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_demo() -> SimpleNamespace:
    """Seed the demo, then add one matter for a department that no demo login is in charge of (县民政局)."""
    call_command("seed_demo", password=DEMO_PASSWORD, verbosity=0)
    users = {u.username: u for u in User.objects.filter(username__in=[r for r in ROLES if r != "anonymous"])}
    users["department2"] = User.objects.get(username="department2")
    staff = users["staff"]
    civil = Department.objects.get(name="县民政局")  # in charge: leader_liu, not the leader_in_charge login
    civil_officer = make_user("civil_officer", Role.DEPARTMENT, department=civil, full_name="民政局办公室")
    topic = Topic.objects.filter(plan__year=2026, status=TopicStatus.ADOPTED, consultation_type="sector").first()
    outcome = outcome_services.outcome_create(
        actor=staff, topic_id=topic.pk, kind="work_minutes", title="关于养老服务体系建设的政协工作纪要",
        body="县政协围绕养老服务开展协商。", suggestions=[{"title": "建设社区养老服务站", "content": "每个社区一处。"}],
    )
    outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk)
    outcome_services.outcome_forward(actor=staff, outcome_id=outcome.pk, lead_department_id=civil.pk)
    foreign_assignment = outcome.assignments.get(role="lead")
    foreign_reply = reply_services.reply_create(
        actor=civil_officer, assignment_id=foreign_assignment.pk, text="关于养老服务的答复。", file=pdf_upload(),
        stances=[{"suggestion": s.pk, "stance": "adopted", "reason": "已纳入计划。"} for s in outcome.suggestions.all()],
    )
    housing = users["department"].department
    own_assignment = Assignment.objects.filter(department=housing, role="lead", replies__status="pending_approval").first()
    vice_chair = users["vice_chair"]
    other_group = ResearchGroup.objects.exclude(leader=vice_chair).filter(reports__isnull=False).first()
    own_group = ResearchGroup.objects.filter(leader=vice_chair).first()
    return SimpleNamespace(
        users=users,
        civil_officer=civil_officer,
        objects={
            "year": 2026,
            "plan": Plan.objects.get(year=2026),
            "suggestion_foreign": outcome.suggestions.first(),
            "missing": 999999,
            "topic": Topic.objects.filter(status=TopicStatus.CANDIDATE).first() or Topic.objects.first(),
            "group_other": other_group,
            "group_own": own_group,
            "milestone_other": Milestone.objects.filter(group=other_group).first(),
            "activity_other": Activity.objects.filter(group=other_group).first(),
            "report_other": Report.objects.filter(group=other_group).first(),
            "outcome_draft": Outcome.objects.filter(status=OutcomeStatus.DRAFT).first(),
            "outcome_foreign": outcome,
            "assignment_own": own_assignment,
            "assignment_foreign": foreign_assignment,
            "reply_own": Reply.objects.filter(assignment=own_assignment).first(),
            "reply_foreign": foreign_reply,
            "case": SupervisionCase.objects.filter(status="open").first(),
            "notification_staff": Notification.objects.filter(recipient=staff).first()
            or Notification.objects.create(recipient=staff, kind="test", title="t", body="b", url="/"),
            "department_foreign": civil,
            "user_staff": staff,
            **_member_objects(),
        },
    )


def _member_objects() -> dict:
    """The members' side of the demo (members/demo.py): `member`'s own objects and `member2`'s, outside its scope."""
    from members.models import Meeting, OpinionRequest, Participation, PublicOpinion

    me, other = (User.objects.get(username=u).member_profile for u in ("member", "member2"))
    return {
        "opinion_request_member2": OpinionRequest.objects.filter(member_group=other.group).first(),
        "participation_member": Participation.objects.filter(member=me).first(),
        "participation_member2": Participation.objects.filter(member=other).first(),
        "meeting": Meeting.objects.first(),
        "public_opinion_member2": PublicOpinion.objects.filter(author=other).first(),
        "member2_record": other,
        "proposal_member2": _proposal_member2(other),
    }


def _proposal_member2(other):
    """member2's submitted proposal that the member login neither proposes nor co-signs (proposals/demo.py)."""
    from proposals.models import Proposal

    return Proposal.objects.filter(proposer=other, status="submitted", cosigners__isnull=True).first()


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_demo()
