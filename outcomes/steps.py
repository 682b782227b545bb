"""The steps of outcome conversion, declared once: services, pages, API, notifications and to-dos ask these tables.

Four tables: OUTCOME_STEPS (a minutes or recommendation: draft → submitted → forwarded → closed),
ASSIGNMENT_STEPS (one department's matter: assigned → in_progress → pending_approval → replied → accepted |
returned … → closed), REPLY_STEPS (the formal reply: draft/sent_back → pending_approval → approved | sent_back)
and CASE_STEPS (a supervision case: open → closed). Implementation reports have no state of their own: they
are the `report_progress` step of an assignment.

A step with `offered=False` is the consequence of another step (a reply approved replies its assignment):
it declares the move, it is never offered on its own, and the services take it with `follow`, which checks
the step's own source states and guard. A new rule goes here, in the step's `who` or `guard`, and nowhere else.

Predicates and guards read only the object and what the tables' `todo_queryset` and the detail querysets load
(`.all()` of a prefetched relation, or an annotation): the to-do list keeps its query count at any size.
"""
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role, has_role

from .models import (
    PERIODIC_REPORT_KINDS,
    ApprovalLevel,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    Outcome,
    OutcomeStatus,
    Reply,
    ReplyStatus,
    RequestKind,
    RequestStatus,
    SupervisionCase,
)

OS = OutcomeStatus
A = AssignmentStatus
R = ReplyStatus

STAFF_ONLY = _("Only committee office staff may do this.")
DEPARTMENT_ONLY = _("Only an officer of the undertaking department may do this.")
SUPERVISING = (Role.STAFF, Role.SUPERVISOR)  # who opens, follows and closes supervision cases
APPROVING = (Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)  # R12
HANDLING_STATES = (A.ASSIGNED, A.IN_PROGRESS, A.RETURNED)  # the department is handling the matter
REPLY_EDITABLE = (R.DRAFT, R.SENT_BACK)
REPLY_IN_PREPARATION = (R.DRAFT, R.SENT_BACK, R.PENDING_APPROVAL)


def follow(table: Steps, name: str, obj, **kwargs) -> str:
    """Take a consequence step of `table` (chengwu_cppcc.workflow.Steps.follow)."""
    return table.follow(name, obj, **kwargs)


def _staff(_obj=None):
    from directory.selectors import users_with_role

    return users_with_role(Role.STAFF).values_list("id", flat=True)


def _officers(department_id) -> list[int]:
    from directory.selectors import department_officer_ids

    return list(department_officer_ids([department_id]).get(department_id, ()))


def _loaded(obj, annotation: str, fallback: Callable):
    """An annotation the to-do or detail queryset put on the row, or (one query) the fallback."""
    value = getattr(obj, annotation, None)
    return fallback() if value is None else value


# Outcome documents ----------------------------------------------------------------------------


def _suggestion_count(outcome: Outcome) -> int:
    return _loaded(outcome, "suggestion_count", lambda: len(outcome.suggestions.all()))


def _has_suggestions(outcome: Outcome):
    if not _suggestion_count(outcome):
        return _("An outcome document needs at least one suggestion before it is submitted.")
    return None


def _all_assignments_closed(outcome: Outcome):
    states = {a.status for a in outcome.assignments.all()}
    if not (states and states <= {A.CLOSED, A.WITHDRAWN} and A.CLOSED in states):
        return _("An outcome document closes when every assignment is closed.")
    return None


def _outcome_todos(user, states):
    from django.db.models import Count, Q

    from .selectors import outcomes_for

    return (
        outcomes_for(user).filter(status__in=states)
        .annotate(suggestion_count=Count("suggestions", filter=Q(suggestions__withdrawn_at__isnull=True)))
        .order_by("created_at", "id")
    )


OUTCOME_STEPS = Steps(
    "outcome",
    [
        Step(
            "edit", _("Edit the draft"), (OS.DRAFT,), roles=(Role.STAFF,), refusal=STAFF_ONLY,
            conflict=_("Only a draft outcome document can be edited."),
        ),
        Step(
            "submit", _("Submit to the party committee and government"), (OS.DRAFT,), OS.SUBMITTED,
            roles=(Role.STAFF,), guard=_has_suggestions, refusal=STAFF_ONLY, todo=True,
        ),
        # The departments are told by their own assignment's notification (events: assignment_created), with
        # its due date and a link to their matter: one hand-off, one notification.
        Step(
            "forward", _("Forward to the departments"), (OS.SUBMITTED,), OS.FORWARDED, roles=(Role.STAFF,),
            refusal=STAFF_ONLY, todo=True,
        ),
        Step(
            "record_progress", _("Record implementation progress"), (OS.FORWARDED,), roles=(Role.STAFF,),
            refusal=STAFF_ONLY, conflict=_("Progress is recorded once the outcome has been forwarded."),
        ),
        Step(
            "withdraw", _("Withdraw the draft"), (OS.DRAFT,), OS.WITHDRAWN, roles=(Role.STAFF,), refusal=STAFF_ONLY,
            conflict=_("Only a draft outcome document can be withdrawn."),
        ),
        # Taken when the last assignment closes (assignment `close`).
        Step("close", _("Close"), (OS.FORWARDED,), OS.CLOSED, guard=_all_assignments_closed, offered=False),
    ],
    labels=dict(OutcomeStatus.choices),
    todo_queryset=_outcome_todos,
    title=lambda o: o.title,
    api_url=lambda o: pk_url("outcome-detail", o.pk),
    context=lambda o: o.get_kind_display(),
    topic_id=lambda o: o.topic_id,
)


# Assignments ----------------------------------------------------------------------------------


def may_handle(actor, assignment: Assignment) -> bool:
    """An officer of the department the matter was assigned to."""
    return (
        has_role(actor, Role.DEPARTMENT) and bool(getattr(actor, "department_id", None))
        and actor.department_id == assignment.department_id
    )


def _only(role: str, message):
    def guard(assignment: Assignment):
        return None if assignment.role == role else message

    return guard


def _has_pending(assignment: Assignment, kind: str) -> bool:
    return any(r.kind == kind and r.status == RequestStatus.PENDING for r in assignment.requests.all())


def _return_guard(assignment: Assignment):
    from workdays.services import working_days_between

    from .services.common import policy_for, today

    if _has_pending(assignment, RequestKind.RETURN):
        return _("A return request is already waiting for a decision.")
    window = policy_for(assignment.matter.policy_kind).return_window_working_days
    if working_days_between(assignment.forwarded_on, today()) > window:
        return _("A matter can only be returned within %(days)d working days of forwarding.") % {"days": window}
    return None


def _extension_guard(assignment: Assignment):
    if _has_pending(assignment, RequestKind.EXTENSION):
        return _("An extension request is already waiting for a decision.")
    return None


def _has_pending_request(assignment: Assignment) -> bool:
    return bool(_loaded(
        assignment, "pending_requests",
        lambda: any(r.status == RequestStatus.PENDING for r in assignment.requests.all()),
    ))


def _decide_guard(assignment: Assignment):
    return None if _has_pending_request(assignment) else _("There is no pending request to decide.")


def _has_open_reply(assignment: Assignment) -> bool:
    return bool(_loaded(
        assignment, "has_open_reply", lambda: any(r.status in REPLY_IN_PREPARATION for r in assignment.replies.all())
    ))


def _reply_guard(assignment: Assignment):
    if assignment.role != AssignmentRole.LEAD:
        return _("Only the lead department writes the formal reply; co-handlers send input.")
    if _has_open_reply(assignment):
        return _("A reply is already in preparation for this matter.")
    return None


def _awaiting_input(_actor, assignment: Assignment) -> bool:
    return assignment.input_submitted_at is None


def _close_guard(assignment: Assignment):
    if assignment.role != AssignmentRole.LEAD:
        return _("Co-handling assignments close with the lead's.")
    if getattr(assignment, "has_unsettled", None) is not None:  # the to-do list's annotation
        return _("Not every suggestion is implemented or explained yet.") if assignment.has_unsettled else None
    if assignment.outcome_id is None:  # a proposal's matter: nothing but the reply to settle
        return None
    unsettled = [s for s in assignment.outcome.suggestions.all() if not s.is_settled]
    if unsettled:
        return _("Not yet implemented or explained: %(list)s.") % {"list": "、".join(str(s) for s in unsettled)}
    return None


def _progress_guard(assignment: Assignment):
    if assignment.outcome_id is None or assignment.outcome.kind not in PERIODIC_REPORT_KINDS:
        return _("Periodic implementation reports are kept for special minutes and recommendations.")
    if assignment.role != AssignmentRole.LEAD:
        return _("The lead department reports implementation.")
    if assignment.outcome.status != OS.FORWARDED:
        return _("The matter is closed; no further reports are due.")
    return None


def _assignment_todos(user, states):
    from django.db.models import Exists, OuterRef, Q

    from .models import AdoptionStatus, AssignmentRequest, Suggestion
    from .selectors import assignments_for

    # Suggestion.is_settled, as a query: neither explained (not adopted, already done) nor fully implemented.
    unsettled = Suggestion.objects.filter(outcome=OuterRef("outcome")).exclude(
        adoption_status__in=(AdoptionStatus.NOT_ADOPTED, AdoptionStatus.ALREADY_DONE)
    ).filter(Q(adoption_status=AdoptionStatus.PENDING) | Q(progress__lt=100))
    qs = assignments_for(user).filter(status__in=states).annotate(
        pending_requests=Exists(
            AssignmentRequest.objects.filter(assignment=OuterRef("pk"), status=RequestStatus.PENDING)
        ),
        has_open_reply=Exists(
            Reply.objects.filter(assignment=OuterRef("pk"), status__in=REPLY_IN_PREPARATION)
        ),
        has_unsettled=Exists(unsettled),
    )
    # Only the rows one of the to-do steps below could pass (the steps still decide, in Python): "decide" needs a
    # pending request, "close" an accepted lead matter with every suggestion settled, "reply" and "input" a
    # department handling it. The office's 670 open matters of a decade were loaded to find 2 to-dos.
    could = Q(pending_requests=True) | Q(status=A.ACCEPTED, role=AssignmentRole.LEAD, has_unsettled=False)
    if has_role(user, Role.DEPARTMENT):
        could |= Q(status__in=HANDLING_STATES)
    return qs.filter(could).order_by("due_on", "id")


def _assignment_title(assignment: Assignment) -> str:
    return assignment.matter.title


ASSIGNMENT_STEPS = Steps(
    "assignment",
    [
        # The department's own steps (the lead's and the co-handler's).
        Step(
            "reply", _("Draft the formal reply"), HANDLING_STATES, roles=(Role.DEPARTMENT,), who=may_handle,
            guard=_reply_guard, todo=True, refusal=DEPARTMENT_ONLY,
            conflict=_("A reply can be written while the matter is being handled."),
        ),
        Step(
            "input", _("Send input to the lead department"), HANDLING_STATES, roles=(Role.DEPARTMENT,),
            who=may_handle, guard=_only(AssignmentRole.CO, _("Only a co-handling department sends input to the lead.")),
            todo=True, pending=_awaiting_input, refusal=DEPARTMENT_ONLY,
            conflict=_("Input can be sent while the matter is being handled."),
        ),
        Step(
            "contacts", _("Log a contact"), HANDLING_STATES, roles=(Role.DEPARTMENT,), who=may_handle,
            refusal=DEPARTMENT_ONLY, conflict=_("Contacts are logged while the matter is being handled."),
        ),
        Step(
            "return", _("Return as wrongly sent"), (A.ASSIGNED, A.IN_PROGRESS), roles=(Role.DEPARTMENT,),
            who=may_handle, guard=_return_guard, refusal=DEPARTMENT_ONLY,
            conflict=_("Only a matter not yet replied to can be returned."),
        ),
        Step(
            "extend", _("Request an extension"), HANDLING_STATES, roles=(Role.DEPARTMENT,), who=may_handle,
            guard=_extension_guard, refusal=DEPARTMENT_ONLY,
            conflict=_("An extension can only be asked for while the matter is being handled."),
        ),
        Step(
            "report_progress", _("Report implementation"),
            (A.ASSIGNED, A.IN_PROGRESS, A.PENDING_APPROVAL, A.REPLIED, A.ACCEPTED, A.RETURNED),
            roles=(Role.DEPARTMENT,), who=may_handle, guard=_progress_guard, refusal=DEPARTMENT_ONLY,
            conflict=_("The matter is closed; no further reports are due."),
        ),
        # The committee office's steps.
        Step(
            # Replied too: a request still pending when the reply went through is refused (or granted, which the
            # service refuses for a matter no longer being handled) rather than left waiting forever.
            "decide", _("Decide the department's request"),
            (A.ASSIGNED, A.IN_PROGRESS, A.PENDING_APPROVAL, A.RETURNED, A.REPLIED), roles=(Role.STAFF,),
            guard=_decide_guard,
            todo=True, refusal=STAFF_ONLY, conflict=_("There is no pending request to decide."),
        ),
        Step(
            "close", _("Close (implemented)"), (A.ACCEPTED,), A.CLOSED, roles=(Role.STAFF,), guard=_close_guard,
            todo=True, refusal=STAFF_ONLY, conflict=_("Only an accepted matter can be closed."),
        ),
        # Consequences of other steps (taken with `follow`).
        Step("handling_started", _("Handling started"), (A.ASSIGNED, A.RETURNED), A.IN_PROGRESS,
                    offered=False),
        Step("reply_submitted", _("Reply submitted for approval"), (A.IN_PROGRESS,), A.PENDING_APPROVAL,
                    guard=_only(AssignmentRole.LEAD, _("Only the lead department replies.")), offered=False),
        Step("reply_sent_back", _("Reply sent back"), (A.PENDING_APPROVAL,), A.IN_PROGRESS, offered=False),
        # R12: a matter is replied only by the approval of its lead's reply…
        Step("reply_approved", _("Reply approved"), (A.PENDING_APPROVAL,), A.REPLIED,
                    guard=_only(AssignmentRole.LEAD, _("Only the lead department replies.")), offered=False),
        # …and a co-handler's part is done when it countersigns that reply.
        Step("countersigned", _("Countersigned the lead's reply"), (A.IN_PROGRESS,), A.REPLIED,
                    guard=_only(AssignmentRole.CO, _("Only a co-handling department countersigns.")), offered=False),
        Step("evaluated_satisfied", _("Reply accepted"), (A.REPLIED,), A.ACCEPTED, offered=False),
        Step("evaluated_unsatisfied", _("Returned for handling again"), (A.REPLIED,), A.RETURNED,
                    offered=False),
        Step("return_granted", _("Return granted"), (A.ASSIGNED, A.IN_PROGRESS), A.WITHDRAWN,
                    offered=False),
        Step(
            # A co-handler's matter is replied once it countersigned, and the lead's reply went for approval only
            # with every co-handler's countersignature: by the time the lead's matter closes, it is replied.
            "closed_with_lead", _("Closed with the lead department's matter"), (A.REPLIED,), A.CLOSED,
            guard=_only(AssignmentRole.CO, _("Only a co-handling matter closes with the lead's.")), offered=False,
        ),
    ],
    labels=dict(AssignmentStatus.choices),
    todo_queryset=_assignment_todos,
    title=_assignment_title,
    api_url=lambda a: pk_url("assignment-detail", a.pk),
    due_on=lambda a: a.due_on,
    context=lambda a: f"{a.department} · {a.get_role_display()}",
    topic_id=lambda a: a.matter.topic_id,
)


# Replies --------------------------------------------------------------------------------------


def may_approve(actor, reply: Reply) -> bool:
    """R12: the designated leader in charge, or a principal leader, approves or sends back this reply."""
    if reply.approval_level == ApprovalLevel.LEADER_IN_CHARGE:
        return has_role(actor, *APPROVING) and reply.approver_id == actor.pk
    if reply.approval_level == ApprovalLevel.PRINCIPAL_LEADER:
        return has_role(actor, Role.PRINCIPAL_LEADER)
    return has_role(actor, *APPROVING)


def co_assignment_id(actor, reply: Reply):
    """The id of the actor's department's co-handling assignment on the reply's matter (not one withdrawn), or None.
    Reads the to-do queryset's annotations when they were made for this actor; else
    `reply.assignment.matter.assignments.all()` (prefetch it where many replies are asked)."""
    department_id = getattr(actor, "department_id", None)
    if not department_id or not has_role(actor, Role.DEPARTMENT):
        return None
    if getattr(reply, "todo_actor_id", None) == actor.pk:
        return reply.todo_co_id
    return next(
        (
            a.pk for a in reply.assignment.matter.assignments.all()
            if a.department_id == department_id and a.role == AssignmentRole.CO and a.status != A.WITHDRAWN
        ),
        None,
    )


def may_countersign(actor, reply: Reply) -> bool:
    """会签: an officer of a co-handling department of the reply's matter (not one whose matter was withdrawn)."""
    return co_assignment_id(actor, reply) is not None


def _signed(actor, reply: Reply) -> bool:
    co_id = co_assignment_id(actor, reply)
    if co_id is None:
        return False
    if getattr(reply, "todo_actor_id", None) == actor.pk:
        return reply.todo_signed
    return any(c.assignment_id == co_id for c in reply.countersignatures.all())


def _already_signed(actor, reply: Reply):
    return _("Your department has already countersigned this reply.") if _signed(actor, reply) else None


def _awaiting_signature(actor, reply: Reply) -> bool:
    return not _signed(actor, reply)


def _own_reply(actor, reply: Reply) -> bool:
    return may_handle(actor, reply.assignment)


def _not_evaluated(reply: Reply):
    return _("The reply has already been evaluated.") if reply.evaluation else None


def may_evaluate(actor, reply: Reply) -> bool:
    """The committee office evaluates an outcome's reply; a proposal's is evaluated by its proposer, or recorded
    by the office from the proposer's paper evaluation."""
    if has_role(actor, Role.STAFF):
        return True
    evaluator_id = reply.assignment.matter.evaluator_id
    return evaluator_id is not None and evaluator_id == actor.pk and has_role(actor, Role.MEMBER)


def _evaluation_waits_for(actor, reply: Reply) -> bool:
    """On whose to-do list: the evaluator's; the office's for its own matters, and for a proposer's once the
    evaluation is past due (to record the paper evaluation or chase it)."""
    evaluator_id = reply.assignment.matter.evaluator_id
    if evaluator_id is None or evaluator_id == actor.pk:
        return True
    from .services.common import today

    return reply.evaluation_due_on is not None and reply.evaluation_due_on < today()


def evaluators(reply: Reply):
    """Who is told an approved reply waits for evaluation: the proposer, else the committee office."""
    evaluator_id = reply.assignment.matter.evaluator_id
    return [evaluator_id] if evaluator_id else _staff()


def _has_result_class(reply: Reply):
    return None if reply.result_class else _("Only a reply with a result class (a proposal's) can be reclassified.")


def unsigned_cohandlers(reply: Reply) -> list[int]:
    """The officers of the co-handling departments that have not countersigned this reply yet."""
    signed = {c.assignment_id for c in reply.countersignatures.all()}
    departments = [
        a.department_id for a in reply.assignment.matter.assignments.all()
        if a.role == AssignmentRole.CO and a.status != A.WITHDRAWN and a.pk not in signed
    ]
    if not departments:
        return []
    from directory.selectors import department_officer_ids

    return [pk for ids in department_officer_ids(departments).values() for pk in ids]


def approvers(reply: Reply):
    """R12: who must approve this reply now."""
    from directory.selectors import users_with_role

    if reply.approval_level == ApprovalLevel.LEADER_IN_CHARGE:
        return [reply.approver_id] if reply.approver_id else []
    return users_with_role(Role.PRINCIPAL_LEADER).values_list("id", flat=True)


def _reply_title(reply: Reply) -> str:
    return str(_("Reply: %(title)s") % {"title": reply.assignment.matter.title})


def _reply_submitted_message(reply: Reply):
    return (
        _("Reply to approve: %(title)s") % {"title": reply.assignment.matter.title},
        _("The reply of %(department)s awaits your approval (due %(due)s).")
        % {"department": reply.assignment.department, "due": reply.assignment.due_on.isoformat()},
    )


def _reply_approved_message(reply: Reply):
    return (
        _("Reply to evaluate: %(title)s") % {"title": reply.assignment.matter.title},
        _("The reply of %(department)s has been approved by the government leader; please evaluate it.")
        % {"department": reply.assignment.department},
    )


def _countersign_message(reply: Reply):
    return (
        _("Countersignature needed: %(title)s") % {"title": reply.assignment.matter.title},
        _("%(department)s has drafted the formal reply; please read and countersign it.")
        % {"department": reply.assignment.department},
    )


def _reply_todos(user, states):
    from django.db.models import Exists, IntegerField, OuterRef, Subquery, Value

    from .models import Countersignature
    from .selectors import replies_for

    qs = (
        replies_for(user).filter(status__in=states)
        .select_related(None).select_related("assignment__matter", "assignment__outcome", "assignment__department")
        .order_by("assignment__due_on", "id")
        # An approved reply is a to-do only until it is evaluated (the one to-do step from "approved").
        .exclude(status=R.APPROVED, evaluation__gt="")
    )
    department_id = getattr(user, "department_id", None)
    if department_id and has_role(user, Role.DEPARTMENT):
        # Whether this officer's department co-handles the matter and has signed (co_assignment_id, _signed).
        co = Assignment.objects.filter(
            matter=OuterRef("assignment__matter"), department_id=department_id, role=AssignmentRole.CO
        ).exclude(status=A.WITHDRAWN)
        qs = qs.annotate(
            todo_actor_id=Value(user.pk, output_field=IntegerField()),
            todo_co_id=Subquery(co.values("pk")[:1]),
            todo_signed=Exists(
                Countersignature.objects.filter(reply=OuterRef("pk"), assignment__department_id=department_id)
            ),
        )
    return qs


REPLY_STEPS = Steps(
    "reply",
    [
        # Drafting (or changing) the reply asks the co-handlers to countersign it (again): the services tell
        # them with this step's hand-off when the reply is created or an edit cleared their signatures.
        Step(
            "edit", _("Edit the reply"), REPLY_EDITABLE, roles=(Role.DEPARTMENT,), who=_own_reply,
            next_actors=unsigned_cohandlers, message=_countersign_message, refusal=DEPARTMENT_ONLY,
            conflict=_("Only a draft or a reply sent back can be edited."),
        ),
        Step(
            "countersign", _("Countersign"), REPLY_EDITABLE, roles=(Role.DEPARTMENT,), who=may_countersign,
            actor_guard=_already_signed, todo=True, pending=_awaiting_signature,
            refusal=_("Only a co-handling department of this matter may countersign."),
            conflict=_("A reply is countersigned before it goes for approval."),
        ),
        Step(
            "submit", _("Submit for approval"), REPLY_EDITABLE, R.PENDING_APPROVAL, roles=(Role.DEPARTMENT,),
            who=_own_reply, todo=True, next_actors=approvers, message=_reply_submitted_message,
            refusal=DEPARTMENT_ONLY,
        ),
        Step(
            "approve", _("Approve"), (R.PENDING_APPROVAL,), R.APPROVED, roles=APPROVING, who=may_approve,
            todo=True, next_actors=evaluators, message=_reply_approved_message,
            refusal=_("This reply is approved by another leader (R12)."),
        ),
        # The department is told by events (reply_sent_back), with the leader's comments.
        Step(
            "send_back", _("Send back"), (R.PENDING_APPROVAL,), R.SENT_BACK, roles=APPROVING, who=may_approve,
            refusal=_("This reply is approved by another leader (R12)."),
        ),
        # The department is told by events (reply_evaluated), with the evaluation and any new due date.
        Step(
            "evaluate", _("Evaluate"), (R.APPROVED,), roles=(Role.STAFF, Role.MEMBER), who=may_evaluate,
            guard=_not_evaluated, todo=True, pending=_evaluation_waits_for,
            refusal=_("Only the committee office, or the member whose proposal it is, may evaluate this reply."),
            conflict=_("Only an approved reply not yet evaluated can be evaluated."),
        ),
        Step(
            "reclassify", _("Reclassify the result"), (R.APPROVED,), roles=(Role.STAFF,), guard=_has_result_class,
            refusal=STAFF_ONLY, conflict=_("A result is reclassified once the reply is approved."),
        ),
        Step(
            "withdraw", _("Withdraw the draft"), REPLY_EDITABLE, R.WITHDRAWN, roles=(Role.DEPARTMENT,),
            who=_own_reply, refusal=DEPARTMENT_ONLY, conflict=_("Only a draft reply can be withdrawn."),
        ),
    ],
    labels=dict(ReplyStatus.choices),
    todo_queryset=_reply_todos,
    title=_reply_title,
    api_url=lambda r: pk_url("reply-detail", r.pk),
    due_on=lambda r: r.assignment.due_on,
    context=lambda r: str(r.assignment.department),
    topic_id=lambda r: r.assignment.matter.topic_id,
)


# Supervision cases ----------------------------------------------------------------------------


def supervision_office(_case=None):
    """Who follows a newly opened case (told by events: case_opened)."""
    from directory.selectors import users_with_role

    return users_with_role(Role.SUPERVISOR).values_list("id", flat=True)


def _supervisor_follows(actor, case: SupervisionCase) -> bool:
    """The supervision office's to-do: open cases that are theirs or nobody's yet."""
    return has_role(actor, Role.SUPERVISOR) and case.supervision_owner_id in (None, actor.pk)


def _case_todos(user, states):
    from .selectors import cases_for

    return cases_for(user).filter(status__in=states).order_by("opened_on", "id")


CASE_STEPS = Steps(
    "supervision",
    [
        Step(
            "events", _("Record a supervision event"), (CaseStatus.OPEN,), roles=SUPERVISING, todo=True,
            pending=_supervisor_follows,
            refusal=_("Only committee staff or the supervision office may do this."),
            conflict=_("The case is closed."),
        ),
        Step(
            "close", _("Close the case"), (CaseStatus.OPEN,), CaseStatus.CLOSED, roles=SUPERVISING,
            refusal=_("Only committee staff or the supervision office may do this."),
            conflict=_("The case is already closed."),
        ),
    ],
    labels=dict(CaseStatus.choices),
    todo_queryset=_case_todos,
    title=lambda c: c.title,
    api_url=lambda c: pk_url("supervision-detail", c.pk),
    context=lambda c: c.committee_office,
    topic_id=lambda c: c.matter.topic_id,
)

# Who may open a case (a create, not a step of an existing case); the same people follow and close it.
OPEN_CASE_ROLES = SUPERVISING

ALL_TABLES = [OUTCOME_STEPS, ASSIGNMENT_STEPS, REPLY_STEPS, CASE_STEPS]
