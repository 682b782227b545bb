"""Baselines: per page, the same rows' query with .values() returned as JSON — what the content costs at least.

Each baseline reads the rows the page or list shows first (50 for lists, 30 for the proposal list page, 20 for
home panels), scoped as the page scopes them, with the columns it displays; no templates, no serializers, no
permission classes.
"""
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import JsonResponse
from django.utils import timezone

from audit.models import AuditRecord
from members.models import Participation, PublicOpinion
from notifications.models import Notification
from outcomes.models import OPEN_ASSIGNMENT_STATES, Assignment, AssignmentRequest, Reply
from proposals.models import CoSigner, Proposal
from research.models import ResearchGroup
from topics.models import Topic

ASSIGNMENT_COLUMNS = ("id", "matter__title", "matter__policy_kind", "department__name", "role", "status", "forwarded_on",
                      "due_on")


def _assignments(user, *, department_only=False, open_only=False, overdue=False, n=50):
    qs = Assignment.objects.all()
    if department_only:
        qs = qs.filter(department_id=user.department_id)
    if open_only or overdue:
        qs = qs.filter(status__in=OPEN_ASSIGNMENT_STATES)
    if overdue:
        qs = qs.filter(due_on__lt=timezone.localdate())
    return list(qs.order_by("due_on", "id").values(*ASSIGNMENT_COLUMNS)[:n])


def _approvals(user, n=50):
    qs = Reply.objects.filter(status="pending_approval")
    if user.username != "principal_leader":
        qs = qs.filter(approver=user)
    return list(qs.order_by("submitted_at", "id").values(
        "id", "assignment__matter__title", "assignment__department__name", "approval_level", "submitted_at")[:n])


def _topics(user, n=50):
    return list(Topic.objects.order_by("-plan__year", "id").values(
        "id", "title", "plan__year", "source", "domain", "consultation_type", "status", "vice_chair__full_name",
        "committee__name")[:n])


def _plan_board(user):
    year = timezone.localdate().year
    return list(Topic.objects.filter(plan__year=year).order_by("track", "status", "id").values(
        "id", "title", "track", "source", "status", "vice_chair__full_name"))


def _notifications(user, n=50):
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id").values(
        "id", "kind", "title", "url", "created_at", "read_at")[:n])


def _stats(user):
    year = timezone.localdate().year
    topics = Topic.objects.filter(plan__year=year).values("status").annotate(n=Count("id"))
    assignments = Assignment.objects.filter(outcome__topic__plan__year=year).values("status").annotate(n=Count("id"))
    return {"topics": list(topics), "assignments": list(assignments)}


def _groups(user, n=20):
    return list(ResearchGroup.objects.filter(leader=user).order_by("-formed_on", "id").values(
        "id", "topic__title", "status", "formed_on")[:n])


def _todos_staff(user, n=50):
    """The office's to-dos of the decade: approved replies not yet evaluated, matters with a pending request."""
    replies = Reply.objects.filter(status="approved", evaluation="").order_by("assignment__due_on", "id").values(
        "id", "assignment__matter__title", "assignment__department__name", "assignment__due_on")[:n]
    requests = AssignmentRequest.objects.filter(status="pending").order_by("assignment__due_on", "id").values(
        "assignment_id", "assignment__matter__title", "assignment__department__name", "assignment__due_on")[:n]
    return {"replies": list(replies), "requests": list(requests)}


def _member_home(user):
    now = timezone.now()
    upcoming = Participation.objects.filter(member__user=user, meeting__ends_at__gte=now).order_by(
        "meeting__starts_at", "id").values("id", "meeting__title", "meeting__starts_at", "status")[:5]
    reports = PublicOpinion.objects.filter(author__user=user).order_by("-created_at", "-id").values(
        "id", "title", "status", "created_at")[:3]
    return {"upcoming": list(upcoming), "reports": list(reports)}


def _audit(user, n=50):
    return list(AuditRecord.objects.order_by("-seq").values(
        "seq", "at", "username", "ip", "action", "object_type", "object_id", "result", "status", "summary")[:n])


PROPOSAL_PAGE_COLUMNS = ("id", "year", "number", "title", "is_key", "proposer__name", "collective_body", "kind",
                         "category", "status")
PROPOSAL_API_COLUMNS = ("id", "year", "number", "title", "kind", "collective_body", "session", "proposer_id",
                        "proposer__name", "status", "category", "is_key", "cosign_deadline", "submitted_at",
                        "created_at")


def _proposals(user, *, member=False, api=False):
    """The list page's first 30 rows in its order (this year's first, unnumbered first), or the API's first 50
    (newest first); a member's scoped as proposals.selectors.proposals_for scopes them, staff's all but drafts."""
    qs = Proposal.objects.exclude(status="draft")
    if member:
        cosigned = CoSigner.objects.filter(proposal_id=OuterRef("pk"), member__user=user)
        qs = Proposal.objects.filter(Q(proposer__user=user) | Exists(cosigned) & ~Q(status="draft")
                                     | Q(status="accepted", may_publish=True))
    if api:
        return list(qs.order_by("-created_at", "-id").values(*PROPOSAL_API_COLUMNS)[:50])
    return list(qs.order_by("-year", F("number").asc(nulls_first=True), "-created_at", "-id").values(
        *PROPOSAL_PAGE_COLUMNS)[:30])


BASELINES = {
    "home_staff": lambda u: _assignments(u, overdue=True, n=20),
    "home_supervisor": lambda u: _assignments(u, overdue=True, n=20),
    "home_department": lambda u: _assignments(u, department_only=True, open_only=True, n=20),
    "home_leader": lambda u: _approvals(u, n=20),
    "home_vice_chair": _groups,
    "topics": _topics,
    "plan_board": _plan_board,
    "assignments_all": _assignments,
    "assignments_department": lambda u: _assignments(u, department_only=True),
    "approvals": _approvals,
    "notifications": _notifications,
    "stats": _stats,
    "todos_staff": _todos_staff,
    "member_home": _member_home,
    "audit": _audit,
    "proposals_staff": _proposals,
    "proposals_member": lambda u: _proposals(u, member=True),
    "api_proposals_staff": lambda u: _proposals(u, api=True),
    "api_proposals_member": lambda u: _proposals(u, member=True, api=True),
}


@login_required
def baseline_view(request, name):
    return JsonResponse({"results": BASELINES[name](request.user)})
