"""A department's handling of an assignment: the three contacts (R11), return, extension, input, closing."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState
from directory.roles import Role
from history.services import history_record
from workdays.services import due_date

from ..models import (
    Assignment,
    AssignmentRequest,
    AssignmentRole,
    AssignmentStatus,
    Contact,
    ContactKind,
    RequestKind,
    RequestStatus,
)
from ..selectors import assignments_for
from ..steps import ASSIGNMENT_STEPS, HANDLING_STATES, follow, may_handle  # noqa: F401 - may_handle: older imports
from .common import (
    active_department,
    locked,
    on_commit_notify,
    optional_text,
    require_choice,
    require_date,
    require_int,
    require_role,
    require_staff,
    require_text,
    today,
)
from .outcomes import create_assignment, outcome_close_if_done

A = AssignmentStatus
ASSIGNMENT_FLOW = ASSIGNMENT_STEPS.flow  # the moves of outcomes.steps.ASSIGNMENT_STEPS (kept for older imports)


def move(assignment: Assignment, step: str, *, actor, action: str | None = None, note: str = "", changes=None) -> None:
    """Take the consequence step `step` of the assignment table (its sources and guard hold), save and record it."""
    fields = []
    if ASSIGNMENT_STEPS[step].target == A.CLOSED:
        assignment.closed_on = today()
        fields.append("closed_on")
    follow(ASSIGNMENT_STEPS, step, assignment, actor=actor, action=action, note=note, changes=changes, fields=fields)


def start_handling(assignment: Assignment, *, actor) -> None:
    """The first act of handling (a contact, an input, a reply draft) moves the matter into progress."""
    if assignment.status in ASSIGNMENT_STEPS["handling_started"].sources:
        move(assignment, "handling_started", actor=actor)


def locked_own_assignment(actor, assignment_id) -> Assignment:
    """A department officer's own assignment, locked; another department's is 404."""
    require_role(actor, Role.DEPARTMENT, message=_("Only an officer of the undertaking department may do this."))
    return locked(assignments_for(actor).filter(department_id=actor.department_id), assignment_id)


def check(step: str, actor, assignment: Assignment) -> None:
    """Refuse (403, then 409) unless `actor` may take `step` on `assignment` now, by the table."""
    ASSIGNMENT_STEPS.check(step, actor, assignment)


def assignment_log_contact(
    *, actor, assignment_id: int, kind: str, held_on, summary: str, method: str = "", participants: str = ""
) -> Contact:
    """R11: communication before handling, contact during handling, consultation before replying."""
    require_choice(kind, ContactKind, "kind")
    held_on = require_date(held_on, "held_on", not_after_today=True)
    summary = require_text(summary, "summary")
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        check("contacts", actor, assignment)
        if held_on < assignment.forwarded_on:
            message = _("The date cannot be before the matter was forwarded.")
            raise InvalidInput(message, field_errors={"held_on": [message]})
        contact = Contact.objects.create(
            assignment=assignment, kind=kind, held_on=held_on, summary=summary,
            method=optional_text(method, "method", max_length=100), participants=optional_text(participants, "participants", max_length=300),
            recorded_by=actor,
        )
        start_handling(assignment, actor=actor)
        history_record(
            subject=assignment, actor=actor, action="contact_logged", note=f"{contact.get_kind_display()}：{summary}",
            changes={"kind": kind, "held_on": held_on.isoformat()}, topic_id=assignment.matter.topic_id,
        )
    return contact


def assignment_request_return(*, actor, assignment_id: int, reason: str) -> AssignmentRequest:
    """退回: a matter sent by mistake goes back, with a reason, within the policy's working days."""
    reason = require_text(reason, "reason", _("A return needs a reason."))
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        check("return", actor, assignment)  # within the policy's working days, no other return pending
        request = AssignmentRequest.objects.create(
            assignment=assignment, kind=RequestKind.RETURN, reason=reason, requested_by=actor
        )
        history_record(
            subject=assignment, actor=actor, action="return_requested", note=reason,
            topic_id=assignment.matter.topic_id,
        )
        on_commit_notify("return_requested", request_id=request.pk)
    return request


def assignment_request_extension(
    *, actor, assignment_id: int, reason: str, extra_working_days
) -> AssignmentRequest:
    reason = require_text(reason, "reason", _("An extension needs a reason."))
    extra = require_int(extra_working_days, "extra_working_days", minimum=1, maximum=60)
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        check("extend", actor, assignment)
        request = AssignmentRequest.objects.create(
            assignment=assignment, kind=RequestKind.EXTENSION, reason=reason, extra_working_days=extra,
            requested_by=actor,
        )
        history_record(
            subject=assignment, actor=actor, action="extension_requested", note=reason,
            changes={"extra_working_days": extra}, topic_id=assignment.matter.topic_id,
        )
        on_commit_notify("extension_requested", request_id=request.pk)
    return request


def assignment_decide_request(
    *, actor, assignment_id: int, kind: str, grant: bool, note: str = "", reassign_to_department_id=None
) -> AssignmentRequest:
    """Staff grant or refuse a pending return or extension; a granted return may be reassigned at once."""
    require_staff(actor)
    require_choice(kind, RequestKind, "kind")
    if not isinstance(grant, bool):
        message = _("Say whether the request is granted.")
        raise InvalidInput(message, field_errors={"grant": [message]})
    note = optional_text(note)
    if not grant and not note:
        message = _("A refusal needs a reason.")
        raise InvalidInput(message, field_errors={"note": [message]})
    new_department = None
    if reassign_to_department_id not in (None, ""):
        new_department = active_department(reassign_to_department_id, "reassign_to")
    with transaction.atomic():
        assignment = locked(assignments_for(actor), assignment_id)
        check("decide", actor, assignment)
        request = (
            AssignmentRequest.objects.select_for_update(of=("self",))
            .filter(assignment=assignment, kind=kind, status=RequestStatus.PENDING)
            .first()
        )
        if request is None:
            raise InvalidState(_("There is no pending request of this kind."))
        if new_department is not None and (kind != RequestKind.RETURN or not grant):
            message = _("Only a granted return can be reassigned.")
            raise InvalidInput(message, field_errors={"reassign_to": [message]})
        if new_department is not None and new_department.pk == assignment.department_id:
            message = _("Choose another department.")
            raise InvalidInput(message, field_errors={"reassign_to": [message]})
        request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
        request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
        fields = ["status", "decided_by", "decided_at", "decision_note"]
        if grant and kind == RequestKind.EXTENSION:
            if assignment.status not in HANDLING_STATES:
                raise InvalidState(_("The matter is no longer being handled."))
            request.previous_due_on = assignment.due_on
            extended = due_date(start=assignment.due_on, working_days=request.extra_working_days)
            new_due = extended.due_on
            assignment.due_on = new_due
            assignment.working_days += request.extra_working_days
            assignment.due_provisional = assignment.due_provisional or extended.provisional
            assignment.save(update_fields=["due_on", "working_days", "due_provisional", "updated_at"])
            request.new_due_on = new_due
            fields += ["previous_due_on", "new_due_on"]
        request.save(update_fields=fields)
        if grant and kind == RequestKind.RETURN:
            move(assignment, "return_granted", actor=actor, note=request.reason)
            if new_department is not None:
                replacement = create_assignment(
                    matter=assignment.matter, outcome=assignment.outcome, department=new_department,
                    role=assignment.role, start=today(), replaces=assignment,
                )
                history_record(
                    subject=replacement, actor=actor, action="reassigned", to_state=replacement.status,
                    note=str(assignment.department), topic_id=assignment.matter.topic_id,
                )
                on_commit_notify("assignment_created", assignment_id=replacement.pk)
        else:
            history_record(
                subject=assignment, actor=actor, action=f"{kind}_{request.status}", note=note,
                changes={"new_due_on": request.new_due_on.isoformat()} if request.new_due_on else None,
                topic_id=assignment.matter.topic_id,
            )
        on_commit_notify("request_decided", request_id=request.pk)
    return request


def assignment_submit_input(*, actor, assignment_id: int, text: str) -> Assignment:
    """A co-handler sends its input to the lead department."""
    text = require_text(text, "text")
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        check("input", actor, assignment)
        start_handling(assignment, actor=actor)
        assignment.input_text, assignment.input_submitted_at = text, timezone.now()
        assignment.save(update_fields=["input_text", "input_submitted_at", "updated_at"])
        history_record(
            subject=assignment, actor=actor, action="input_sent", note=text, topic_id=assignment.matter.topic_id
        )
        on_commit_notify("cohandler_input", assignment_id=assignment.pk)
    return assignment


def assignment_close(*, actor, assignment_id: int, note: str = "") -> Assignment:
    """Staff close an accepted assignment once every suggestion is implemented or explained; its co-handlers'
    matters close with it, and the outcome once every matter is closed."""
    require_staff(actor)
    with transaction.atomic():
        assignment = locked(assignments_for(actor), assignment_id)
        if assignment.role != AssignmentRole.LEAD:
            raise InvalidState(_("Co-handling assignments close with the lead's."))
        check("close", actor, assignment)
        assignment.closed_on = today()
        ASSIGNMENT_STEPS.apply(
            "close", assignment, actor=actor, action="closed", note=optional_text(note), fields=["closed_on"],
            checked=True,
        )
        for co in Assignment.objects.select_for_update(of=("self",)).filter(
            matter_id=assignment.matter_id, role=AssignmentRole.CO,
            status__in=ASSIGNMENT_STEPS["closed_with_lead"].sources,
        ):
            move(co, "closed_with_lead", actor=actor)
        if assignment.outcome_id:
            outcome_close_if_done(assignment.outcome, actor)
    return assignment
