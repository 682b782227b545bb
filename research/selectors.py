"""Reads of the research stage shared by pages, API, exports and tasks; every scope lives here."""
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from chengwu_cppcc.queries import subquery_count
from directory.roles import COMMITTEE_READERS, Role, has_role

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    GroupMembership,
    GroupStatus,
    Milestone,
    Report,
    ReportStatus,
    ReportSuggestion,
    ResearchGroup,
    VisitFinding,
)

READER_ROLES = COMMITTEE_READERS


def can_read(user) -> bool:
    return has_role(user, *READER_ROLES)


def groups_for(user) -> QuerySet[ResearchGroup]:
    """Every group a user may see, with what list pages show, in one query."""
    if not can_read(user):
        return ResearchGroup.objects.none()
    today = timezone.localdate()
    return ResearchGroup.objects.select_related("topic", "topic__plan", "leader").annotate(
        member_count=subquery_count(GroupMembership, "group"),
        activity_count=subquery_count(Activity, "group"),
        visit_count=subquery_count(Activity, "group", kind=ActivityKind.EXTERNAL_VISIT),
        overdue_count=subquery_count(Milestone, "group", done_on__isnull=True, due_on__lt=today),
        report_count=subquery_count(Report, "group"),
    )


def reports_for(user) -> QuerySet[Report]:
    if not can_read(user):
        return Report.objects.none()
    return Report.objects.select_related("group", "group__topic", "group__leader", "reviewer", "created_by").annotate(
        suggestion_count=subquery_count(ReportSuggestion, "report"),
        unrated_count=Coalesce(
            Subquery(
                ReportSuggestion.objects.filter(report=OuterRef("pk"))
                .filter(Q(score_scientific__isnull=True) | Q(score_forward_looking__isnull=True) | Q(score_feasible__isnull=True))
                .order_by()
                .values("report")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
            output_field=IntegerField(),
        ),
        next_version_pk=Subquery(Report.objects.filter(previous=OuterRef("pk")).values("pk")[:1]),
    )


def milestones_for(user) -> QuerySet[Milestone]:
    if not can_read(user):
        return Milestone.objects.none()
    return Milestone.objects.select_related("group", "group__topic", "owner")


def activities_for(user) -> QuerySet[Activity]:
    if not can_read(user):
        return Activity.objects.none()
    return Activity.objects.select_related("group", "group__topic", "group__topic__plan", "group__leader").annotate(
        present_count=subquery_count(Attendance, "activity", present=True),
        attendance_count=subquery_count(Attendance, "activity"),
    )


def external_visits_for(user) -> QuerySet[Activity]:
    return (
        activities_for(user)
        .filter(kind=ActivityKind.EXTERNAL_VISIT)
        .prefetch_related(Prefetch("findings", queryset=VisitFinding.objects.order_by("id")))
        .order_by("-held_on", "id")
    )


def visit_counts_by_year(user) -> list[dict]:
    """External study visits per year (the source counts 10+ in 3 years)."""
    rows = (
        activities_for(user)
        .filter(kind=ActivityKind.EXTERNAL_VISIT)
        .annotate(year=ExtractYear("held_on"))
        .order_by()
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [{"year": r["year"], "count": r["count"]} for r in rows]


def is_overdue(milestone: Milestone, today=None) -> bool:
    """Derived, never stored: not done and past its due date."""
    return milestone.done_on is None and milestone.due_on < (today or timezone.localdate())


def activities_with_records() -> QuerySet[Activity]:
    """Activities with their attendance (members) and findings, newest first."""
    return Activity.objects.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member_id")),
        Prefetch("findings", queryset=VisitFinding.objects.order_by("id")),
    ).order_by("-held_on", "id")


def with_group_detail(groups: QuerySet[ResearchGroup]) -> QuerySet[ResearchGroup]:
    """Groups with members, plan, activities (attendance, findings) and report versions: what a group's page and
    its API detail show, in a fixed number of queries."""
    return groups.prefetch_related(
        Prefetch("memberships", queryset=GroupMembership.objects.select_related("member").prefetch_related("member__committees")),
        Prefetch("milestones", queryset=Milestone.objects.select_related("owner")),
        Prefetch("activities", queryset=activities_with_records()),
        Prefetch("reports", queryset=Report.objects.select_related("reviewer", "created_by").order_by("-version")),
    )


def group_detail(user, group_id) -> ResearchGroup:
    return with_group_detail(groups_for(user)).get(pk=group_id)


def attendance_rates(group: ResearchGroup) -> list[dict]:
    """Each member's attendance over the group's activities (R4: members take part throughout)."""
    totals = {
        row["member_id"]: row
        for row in Attendance.objects.filter(activity__group=group)
        .order_by()
        .values("member_id")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(present=True)))
    }
    rows = []
    for membership in group.memberships.all():
        row = totals.get(membership.member_id, {"total": 0, "present": 0})
        rate = round(100 * row["present"] / row["total"]) if row["total"] else None
        rows.append({"membership": membership, "present": row["present"], "total": row["total"], "rate": rate})
    return rows


def group_findings(group: ResearchGroup) -> QuerySet[VisitFinding]:
    return VisitFinding.objects.filter(activity__group=group).select_related("activity").order_by("activity__held_on", "id")


def is_editor(user, group: ResearchGroup) -> bool:
    """Staff organise every group; a vice-chair edits only the groups they lead (the rule lives in steps.py)."""
    from .steps import is_editor as rule

    return rule(user, group)


def is_reviewer(user, group: ResearchGroup) -> bool:
    from .steps import is_reviewer as rule

    return rule(user, group)


def review_queue(user) -> QuerySet[Report]:
    """Submitted reports waiting for review: a vice-chair's own groups', or every one for other readers."""
    queryset = reports_for(user).filter(status=ReportStatus.SUBMITTED)
    if has_role(user, Role.VICE_CHAIR) and not has_role(user, Role.STAFF):
        queryset = queryset.filter(group__leader=user)
    return queryset.order_by("submitted_at", "id")


def vice_chair_dashboard(user, *, include_closed: bool = True) -> dict:
    """A vice-chair's groups, open milestones and the reports waiting for review.

    The home leaves out closed groups (a decade's worth; "my groups" shows them) and says how many there are.
    """
    today = timezone.localdate()
    if not has_role(user, Role.VICE_CHAIR):
        return {"groups": [], "milestones": [], "review_queue": [], "overdue_count": 0, "today": today,
                "closed_groups": 0}
    # The panel shows two of groups_for's five counts and one of reports_for's three, and none of their
    # other joins: its own narrower queries (the same scope: a vice-chair reads every group) are less SQL to
    # build, plan and read on every home view.
    led = ResearchGroup.objects.filter(leader=user).select_related("topic__plan").annotate(
        member_count=subquery_count(GroupMembership, "group"),
        overdue_count=subquery_count(Milestone, "group", done_on__isnull=True, due_on__lt=today),
    )
    closed_groups = 0
    if not include_closed:
        closed_groups = ResearchGroup.objects.filter(leader=user, status=GroupStatus.CLOSED).count()
        led = led.exclude(status=GroupStatus.CLOSED)
    groups = list(led.order_by("-topic__plan__year", "id"))
    milestones = list(
        milestones_for(user)
        .filter(Q(group__leader=user) | Q(owner=user), done_on__isnull=True)
        .exclude(group__status=GroupStatus.CLOSED)
        .order_by("due_on", "id")
    )
    for milestone in milestones:
        milestone.overdue = is_overdue(milestone, today)
    queue = list(
        Report.objects.filter(status=ReportStatus.SUBMITTED, group__leader=user)
        .select_related("group__topic")
        .annotate(suggestion_count=subquery_count(ReportSuggestion, "report"))
        .order_by("submitted_at", "id")
    )
    return {
        "groups": groups,
        "milestones": milestones,
        "review_queue": queue,
        "overdue_count": sum(1 for m in milestones if m.overdue),
        "today": today,
        "closed_groups": closed_groups,
    }
