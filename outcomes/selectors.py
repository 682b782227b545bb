"""Reads of outcome conversion scoped by user; pages, API, downloads and exports all use these."""
import datetime

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from chengwu_cppcc.queries import subquery_count
from directory.roles import Role, user_roles
from workdays.services import add_months, subtract_working_days, working_calendar

from .models import (
    OPEN_ASSIGNMENT_STATES,
    POLICY_KINDS,
    UNSENT_OUTCOME_STATES,
    ApprovalLevel,
    Assignment,
    AssignmentRequest,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    Contact,
    ContactKind,
    DeadlinePolicy,
    Matter,
    Outcome,
    OutcomeStatus,
    ProgressReport,
    Reply,
    ReplyStatus,
    RequestStatus,
    Suggestion,
    SupervisionCase,
    SupervisionEvent,
)

SEE_ALL = (Role.STAFF, Role.SUPERVISOR, Role.PRINCIPAL_LEADER)
# Before a reply is replied (approved), the matter counts against the department's deadline.
UNREPLIED_STATES = OPEN_ASSIGNMENT_STATES


def _today() -> datetime.date:
    return timezone.localdate()


def _department_id(user):
    return getattr(user, "department_id", None)


def _sees_all(user) -> bool:
    return bool(user_roles(user).intersection(SEE_ALL))


# Outcomes -------------------------------------------------------------------------------------


def outcomes_for(user) -> QuerySet[Outcome]:
    """Staff see every outcome; others see those sent out that concern them."""
    roles = user_roles(user)
    qs = Outcome.objects.select_related("topic", "report")
    if Role.STAFF in roles:
        return qs
    if roles.intersection(SEE_ALL):
        return qs.exclude(status__in=UNSENT_OUTCOME_STATES)
    condition = Q(pk__in=[])
    if Role.DEPARTMENT in roles and _department_id(user):
        condition |= Q(Exists(Assignment.objects.filter(outcome=OuterRef("pk"), department_id=user.department_id)))
    if Role.LEADER_IN_CHARGE in roles:
        condition |= Q(
            Exists(Assignment.objects.filter(outcome=OuterRef("pk"), department__leader_in_charge=user))
        )
    return qs.filter(condition).exclude(status__in=UNSENT_OUTCOME_STATES)


def outcome_list(user) -> QuerySet[Outcome]:
    return outcomes_for(user).annotate(
        suggestion_count=Count("suggestions", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    ).order_by("-created_at", "-id")


def suggestions_for(user) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(outcome__in=outcomes_for(user).values("pk")).select_related("outcome")


# Assignments ----------------------------------------------------------------------------------


def assignments_for(user) -> QuerySet[Assignment]:
    """A department sees only its own assignments; a leader in charge those of its departments."""
    roles = user_roles(user)
    qs = Assignment.objects.select_related(
        "matter", "outcome", "outcome__topic", "department", "department__leader_in_charge"
    )
    if roles.intersection(SEE_ALL):
        return qs
    condition = Q(pk__in=[])
    if Role.DEPARTMENT in roles and _department_id(user):
        condition |= Q(department_id=user.department_id)
    if Role.LEADER_IN_CHARGE in roles:
        condition |= Q(department__leader_in_charge=user)
    return qs.filter(condition)


def very_overdue_condition(today: datetime.date | None = None) -> Q:
    """Past due by more than each matter type's threshold in working days (its policy).

    The types that share a threshold are asked together, and when every type has the same one (as the default
    policies have) the matter's type is not asked at all. Otherwise its type is asked as `matter_id IN (the
    matters of those types)`, not through a join: a join an annotation adds stays in every query of the list,
    the page's count and keys too (6,000 rows joined to their matters for nothing on the county decade)."""
    today = today or _today()
    policies = {p.kind: p.very_overdue_working_days for p in DeadlinePolicy.objects.all()}
    cal = working_calendar(start=today - datetime.timedelta(days=60), end=today)
    kinds_by_threshold: dict[datetime.date, list[str]] = {}
    for kind, _label in POLICY_KINDS:
        threshold = subtract_working_days(today, policies.get(kind, 10), calendar=cal)
        kinds_by_threshold.setdefault(threshold, []).append(kind)
    condition = Q(pk__in=[])
    for threshold, kinds in kinds_by_threshold.items():
        if len(kinds) == len(POLICY_KINDS):  # every type (the field's choices): no need to ask which
            condition |= Q(due_on__lt=threshold)
        else:
            condition |= Q(matter_id__in=Matter.objects.filter(policy_kind__in=kinds).values("pk"),
                           due_on__lt=threshold)
    return condition & Q(status__in=UNREPLIED_STATES)


def with_deadline_flags(qs: QuerySet[Assignment], today: datetime.date | None = None) -> QuerySet[Assignment]:
    """Annotate `is_overdue` and `is_very_overdue`, derived from today; never stored."""
    today = today or _today()
    overdue = Q(status__in=UNREPLIED_STATES, due_on__lt=today)
    return qs.annotate(
        is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()),
        is_very_overdue=Case(
            When(very_overdue_condition(today), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def with_contact_flags(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    def has(kind):
        return Exists(Contact.objects.filter(assignment=OuterRef("pk"), kind=kind))

    return qs.annotate(
        has_before_handling=has(ContactKind.BEFORE_HANDLING),
        has_during_handling=has(ContactKind.DURING_HANDLING),
        has_before_reply=has(ContactKind.BEFORE_REPLY),
        # Exists, not Count: a count would group every assignment row (measured: 64 of 78 ms on the decade data).
        pending_requests=Exists(
            AssignmentRequest.objects.filter(assignment=OuterRef("pk"), status=RequestStatus.PENDING)
        ),
    )


# What lists of assignments show (outcome, department); each further join costs planning time on every page.
LIST_RELATED = ("matter", "outcome", "department")


def assignment_list(user, today: datetime.date | None = None, *, contacts: bool = True) -> QuerySet[Assignment]:
    """Sorted by due date, overdue first; with derived deadline flags, and the contact flags unless `contacts` is
    false (the API's list shows none: four subqueries built and planned for nothing, 0.7 ms a request)."""
    qs = with_deadline_flags(assignments_for(user).select_related(None), today)
    if contacts:
        qs = with_contact_flags(qs)
    return qs.select_related(*LIST_RELATED).order_by("-is_overdue", "due_on", "id")


def _deadline_list(user, today: datetime.date) -> QuerySet[Assignment]:
    """With the deadline flags only: the short lists of homes and boards show no contacts."""
    return with_deadline_flags(assignments_for(user).select_related(None).select_related(*LIST_RELATED), today)


def assignment_detail(user, pk) -> Assignment:
    return (
        with_deadline_flags(assignments_for(user).select_related("matter__evaluator"))
        .prefetch_related(
            "contacts",
            Prefetch("requests", queryset=AssignmentRequest.objects.select_related("requested_by", "decided_by")),
            Prefetch("replies", queryset=Reply.objects.select_related("approver", "approved_by", "evaluated_by")),
        )
        .get(pk=pk)
    )


def overdue_assignments(user, today: datetime.date | None = None) -> QuerySet[Assignment]:
    """Open and past due, oldest due date first. Filtered on the columns themselves (not on the derived flag),
    so the partial index of open assignments by due date serves it."""
    today = today or _today()
    return _deadline_list(user, today).filter(status__in=UNREPLIED_STATES, due_on__lt=today).order_by("due_on", "id")


def very_overdue_assignments(user, today: datetime.date | None = None) -> QuerySet[Assignment]:
    return overdue_assignments(user, today).filter(is_very_overdue=True)


def due_this_week(user, today: datetime.date | None = None) -> QuerySet[Assignment]:
    today = today or _today()
    monday = today - datetime.timedelta(days=today.weekday())
    return _deadline_list(user, today).filter(
        status__in=UNREPLIED_STATES, due_on__range=(monday, monday + datetime.timedelta(days=6))
    ).order_by("due_on", "id")


def pending_requests(user) -> QuerySet[AssignmentRequest]:
    return AssignmentRequest.objects.filter(
        status=RequestStatus.PENDING, assignment__in=assignments_for(user).values("pk")
    ).select_related("assignment__matter", "assignment__outcome", "assignment__department", "requested_by")


# Replies --------------------------------------------------------------------------------------


def replies_for(user) -> QuerySet[Reply]:
    """Departments see their own replies and the lead's reply they co-handle; leaders those they approve or
    whose departments they lead; the committee and the supervision office only approved replies."""
    roles = user_roles(user)
    qs = Reply.objects.select_related(
        "assignment", "assignment__matter", "assignment__outcome", "assignment__outcome__topic", "assignment__department",
        "approver",
    )
    condition = Q(pk__in=[])
    if Role.PRINCIPAL_LEADER in roles:
        return qs
    if roles.intersection((Role.STAFF, Role.SUPERVISOR)):
        condition |= Q(status=ReplyStatus.APPROVED)
    if Role.DEPARTMENT in roles and _department_id(user):
        condition |= Q(assignment__department_id=user.department_id)
        condition |= Q(
            Exists(
                Assignment.objects.filter(
                    matter=OuterRef("assignment__matter"), department_id=user.department_id, role=AssignmentRole.CO
                ).exclude(status=AssignmentStatus.WITHDRAWN)
            )
        )
    if Role.LEADER_IN_CHARGE in roles:
        condition |= Q(approver=user) | Q(assignment__department__leader_in_charge=user)
    if Role.MEMBER in roles:  # the proposer reads the approved reply to their proposal and evaluates it
        condition |= Q(status=ReplyStatus.APPROVED, assignment__matter__evaluator=user)
    return qs.filter(condition)


def approval_queue(user) -> QuerySet[Reply]:
    """Replies waiting for this leader's approval (R12)."""
    roles = user_roles(user)
    condition = Q(pk__in=[])
    if Role.LEADER_IN_CHARGE in roles:
        condition |= Q(approval_level=ApprovalLevel.LEADER_IN_CHARGE, approver=user)
    if Role.PRINCIPAL_LEADER in roles:
        condition |= Q(approval_level=ApprovalLevel.PRINCIPAL_LEADER)
    return _queue(replies_for(user).filter(condition, status=ReplyStatus.PENDING_APPROVAL)).order_by("submitted_at", "id")


def _queue(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """Queues show the outcome and the department of each reply, nothing more."""
    return replies.select_related(None).select_related("assignment__matter", "assignment__outcome", "assignment__department")


def evaluation_queue(user) -> QuerySet[Reply]:
    """Approved replies not evaluated yet: the office's (and the paper evaluations it records for proposers)."""
    return _queue(replies_for(user).filter(status=ReplyStatus.APPROVED, evaluation="")).order_by("approved_at", "id")


# Progress reports and supervision -------------------------------------------------------------


def progress_reports_for(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        assignment__in=assignments_for(user).values("pk")
    ).select_related("outcome", "assignment__department", "submitted_by")


def next_report_due(outcome: Outcome, *, interval_months: int, last_due: datetime.date | None = None):
    """R9: the next implementation report is due one interval after the last one (or after forwarding)."""
    if outcome.status != OutcomeStatus.FORWARDED or outcome.forwarded_on is None:
        return None
    base = last_due or outcome.forwarded_on
    return add_months(base, interval_months)


def cases_for(user) -> QuerySet[SupervisionCase]:
    roles = user_roles(user)
    qs = SupervisionCase.objects.select_related("matter", "outcome", "suggestion", "committee_owner",
                                                "supervision_owner", "leader")
    if roles.intersection((Role.STAFF, Role.SUPERVISOR, Role.PRINCIPAL_LEADER)):
        return qs
    condition = Q(pk__in=[])
    if Role.DEPARTMENT in roles and _department_id(user):
        condition |= Q(Exists(Assignment.objects.filter(matter=OuterRef("matter"), department_id=user.department_id)))
    if Role.LEADER_IN_CHARGE in roles:
        # Only the matters of the departments in their charge (probe finding 7), as for assignments, and the
        # key proposals they supervise themselves.
        condition |= Q(Exists(Assignment.objects.filter(matter=OuterRef("matter"), department__leader_in_charge=user)))
        condition |= Q(leader=user)
    return qs.filter(condition)


def case_list(user) -> QuerySet[SupervisionCase]:
    # A correlated count, not Count() over a join: no GROUP BY over cases_for's six joins, which PostgreSQL took
    # ~15 ms to plan on every view of the supervision board and the supervisor's home.
    return cases_for(user).annotate(event_count=subquery_count(SupervisionEvent, "case")).order_by(
        "status", "-opened_on", "-id")


def open_cases(user) -> QuerySet[SupervisionCase]:
    return case_list(user).filter(status=CaseStatus.OPEN)


# Home pages -----------------------------------------------------------------------------------


# What the homes' short lists of assignments and requests show (the matter's title, the department): each unused
# join of the list selectors costs planning time on every home view.
HOME_ROW_RELATED = ("matter", "department")


def _home_open_cases(user) -> QuerySet[SupervisionCase]:
    """`open_cases` as the home lists them (title, opening date, number of events), without cases_for's joins."""
    return open_cases(user).select_related(None).only("id", "title", "status", "opened_on")


def home_context(user, today: datetime.date | None = None) -> dict:
    """What each role's home page shows of outcome conversion; pass as `outcomes_home` to the includes."""
    roles = user_roles(user)
    context = {}
    if Role.DEPARTMENT in roles:
        mine = assignment_list(user, today).filter(department_id=user.department_id, status__in=UNREPLIED_STATES)
        context["department_assignments"] = mine.select_related(None).select_related("matter")[:20]  # its own rows
    if roles.intersection((Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)):
        context["approval_queue"] = with_assignment_deadlines(approval_queue(user), today)[:20]
    if Role.SUPERVISOR in roles:  # the staff's panel shows neither (building the flags reads two tables)
        flagged = overdue_assignments(user, today).select_related(None).select_related(*HOME_ROW_RELATED)
        context["overdue"] = flagged.filter(is_very_overdue=False)[:20]
        context["very_overdue"] = flagged.filter(is_very_overdue=True)[:20]
        context["open_cases"] = _home_open_cases(user)[:20]
    if Role.STAFF in roles:
        context["evaluation_queue"] = evaluation_queue(user)[:20]
        context["pending_requests"] = pending_requests(user).select_related(None).select_related(
            *(f"assignment__{name}" for name in HOME_ROW_RELATED))[:20]
        context["due_this_week"] = due_this_week(user, today).select_related(None).select_related(*HOME_ROW_RELATED)[:20]
    return context


# Pages (added by the outcomes-pages helper) ---------------------------------------------------


def matter_coworkers(user, assignment: Assignment) -> QuerySet[Assignment]:
    """The other departments on `assignment`'s matter, for its page (`assignment` comes from assignments_for(user)).

    The lead department and those who see every matter see each co-handler with its input and countersignatures;
    a co-handler sees the lead department only."""
    from .models import Countersignature

    qs = with_deadline_flags(
        Assignment.objects.filter(matter_id=assignment.matter_id).exclude(pk=assignment.pk)
        .select_related("matter", "outcome", "department")
        .prefetch_related(Prefetch("countersignatures", queryset=Countersignature.objects.select_related("reply")))
    ).order_by("-role", "id")
    if assignment.role != AssignmentRole.LEAD and not _sees_all(user):
        qs = qs.filter(role=AssignmentRole.LEAD)
    return qs


def with_assignment_deadlines(replies: QuerySet[Reply], today: datetime.date | None = None) -> QuerySet[Reply]:
    """Replies with their assignment's derived flags (`with_deadline_flags`) as `assignment_is_overdue` and
    `assignment_is_very_overdue`: subqueries, so no query more at any number of rows."""
    from django.db.models import Subquery

    flags = with_deadline_flags(Assignment.objects.filter(pk=OuterRef("assignment_id")), today)
    return replies.annotate(
        assignment_is_overdue=Subquery(flags.values("is_overdue")[:1]),
        assignment_is_very_overdue=Subquery(flags.values("is_very_overdue")[:1]),
    )


def outcome_sources(user) -> tuple[QuerySet, QuerySet]:
    """What a new outcome document may start from: approved research reports, or adopted topics."""
    from research.models import Report, ReportStatus
    from topics.models import Topic, TopicStatus

    if Role.STAFF not in user_roles(user):
        return Report.objects.none(), Topic.objects.none()
    reports = Report.objects.filter(status=ReportStatus.APPROVED).select_related("group__topic").order_by("-id")
    return reports, Topic.objects.filter(status=TopicStatus.ADOPTED).order_by("-plan__year", "id")


def supervisable_outcomes(user) -> QuerySet[Outcome]:
    """The outcome documents a supervision case may follow: those forwarded (closed ones too, R10)."""
    return outcomes_for(user).filter(status__in=(OutcomeStatus.FORWARDED, OutcomeStatus.CLOSED))
