"""The formal reply: drafting with a file and stances, countersigning, R12 approval and the committee's evaluation."""
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState
from directory.roles import Role
from history.services import history_record
from topics.models import ConsultationType

from ..models import (
    AdoptionStatus,
    ApprovalLevel,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ContactKind,
    Countersignature,
    Evaluation,
    Reply,
    ReplyStance,
    ReplyStatus,
    Stance,
    Suggestion,
)
from ..selectors import replies_for
from ..steps import (  # noqa: F401 - may_approve, may_countersign: older imports
    ASSIGNMENT_STEPS,
    REPLY_EDITABLE,
    REPLY_STEPS,
    co_assignment_id,
    may_approve,
    may_countersign,
)
from .assignments import HANDLING_STATES, locked_own_assignment, move, start_handling
from .common import (
    locked,
    on_commit_notify,
    optional_text,
    policy_for,
    require_choice,
    require_role,
    require_staff,
    require_text,
    today,
)
from .files import checked_upload

R = ReplyStatus
A = AssignmentStatus
REPLY_FLOW = REPLY_STEPS.flow  # the moves of outcomes.steps.REPLY_STEPS (kept for older imports)
EDITABLE = REPLY_EDITABLE

# R12: who approves a reply, by the topic's consultation type.
APPROVAL_BY_CONSULTATION = {
    ConsultationType.COUNTERPART: ApprovalLevel.LEADER_IN_CHARGE,
    ConsultationType.SECTOR: ApprovalLevel.LEADER_IN_CHARGE,
    ConsultationType.SPECIAL: ApprovalLevel.PRINCIPAL_LEADER,
    ConsultationType.PROPOSAL: ApprovalLevel.PRINCIPAL_LEADER,
}


def approval_route(assignment: Assignment):
    """(level, approver): the department's leader in charge, or any principal leader (approver None)."""
    level = APPROVAL_BY_CONSULTATION.get(assignment.outcome.consultation_type, ApprovalLevel.PRINCIPAL_LEADER)
    if level == ApprovalLevel.LEADER_IN_CHARGE:
        leader = assignment.department.leader_in_charge
        if leader is None:
            raise InvalidState(
                _("%(department)s has no government leader in charge on record; ask the office to set one.")
                % {"department": assignment.department}
            )
        return level, leader
    return level, None


def _clean_stances(stances, outcome_id: int) -> list[dict]:
    if stances is None:
        return None
    suggestions = {s.pk: s for s in Suggestion.objects.filter(outcome_id=outcome_id)}
    cleaned, errors, seen = [], [], set()
    for item in stances:
        try:
            suggestion = suggestions.get(int(item.get("suggestion")))
        except (TypeError, ValueError):
            suggestion = None
        if suggestion is None or suggestion.pk in seen:
            errors.append(_("Each stance must name a different suggestion of this outcome."))
            continue
        seen.add(suggestion.pk)
        stance = item.get("stance")
        if stance not in Stance.values:
            errors.append(_("Suggestion %(number)d: select a valid stance.") % {"number": suggestion.number})
            continue
        reason = (item.get("reason") or "").strip()
        if stance == Stance.NOT_ADOPTED and not reason:
            errors.append(_("Suggestion %(number)d: not adopting needs a reason.") % {"number": suggestion.number})
            continue
        cleaned.append({"suggestion": suggestion, "stance": stance, "reason": reason})
    if errors:
        raise InvalidInput(errors[0], field_errors={"stances": errors})
    return cleaned


def _write(reply: Reply, *, text=None, document_number=None, upload=None, stances=None) -> list[str]:
    fields = []
    if text is not None:
        reply.text = text
        fields.append("text")
    if document_number is not None:
        reply.document_number = document_number
        fields.append("document_number")
    if upload is not None:
        content, original, mime, size = upload
        if reply.file:
            # The old file goes only once the new name is committed: a request that dies before keeps both
            # the old row and its file (probe finding 1).
            old_name, storage = reply.file.name, reply.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        reply.file.save(content.name, content, save=False)
        reply.file_name, reply.file_type, reply.file_size = original, mime, size
        fields += ["file", "file_name", "file_type", "file_size"]
    if stances is not None:
        reply.stances.all().delete()
        ReplyStance.objects.bulk_create(ReplyStance(reply=reply, **item) for item in stances)
    return fields


def reply_file_present(reply: Reply) -> bool:
    """The reply names a document and the storage still holds it."""
    return bool(reply.file) and reply.file.storage.exists(reply.file.name)


def reply_create(
    *, actor, assignment_id: int, text: str, document_number: str = "", file=None, stances=None
) -> Reply:
    """The lead department drafts its formal reply."""
    text = require_text(text, "text")
    upload = checked_upload(file) if file else None
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        ASSIGNMENT_STEPS.check("reply", actor, assignment)  # the lead, handling, no other reply in preparation
        cleaned = _clean_stances(stances, assignment.outcome_id)
        version = (assignment.replies.aggregate(v=Max("version"))["v"] or 0) + 1
        reply = Reply(assignment=assignment, version=version, created_by=actor)
        _write(reply, text=text, document_number=optional_text(document_number, "document_number", max_length=50), upload=upload)
        reply.save()
        _write(reply, stances=cleaned)
        start_handling(assignment, actor=actor)
        history_record(
            subject=reply, actor=actor, action="reply_drafted", to_state=reply.status,
            topic_id=assignment.outcome.topic_id,
        )
        # The co-handlers must countersign it: the `edit` step's hand-off names them.
        REPLY_STEPS.tell_next(REPLY_STEPS["edit"], reply, actor)
    return reply


def _locked_own_reply(actor, reply_id) -> Reply:
    require_role(actor, Role.DEPARTMENT, message=_("Only an officer of the undertaking department may do this."))
    return locked(
        replies_for(actor).filter(assignment__department_id=actor.department_id).select_related(None), reply_id
    )


def reply_update(*, actor, reply_id: int, text=None, document_number=None, file=None, stances=None) -> Reply:
    text = require_text(text, "text") if text is not None else None
    upload = checked_upload(file) if file else None
    with transaction.atomic():
        reply = _locked_own_reply(actor, reply_id)
        REPLY_STEPS.check("edit", actor, reply)
        cleaned = _clean_stances(stances, reply.assignment.outcome_id)
        before = _snapshot(reply)
        fields = _write(
            reply, text=text, upload=upload, stances=cleaned,
            document_number=optional_text(document_number, "document_number", max_length=50) if document_number is not None else None,
        )
        if fields:
            reply.save(update_fields=[*fields, "updated_at"])
        if fields or cleaned is not None:
            # The co-handlers signed what the reply said before; they sign again, and are told so.
            had_signatures = bool(before["countersignatures"])
            reply.countersignatures.all().delete()
            after = _snapshot(reply)
            REPLY_STEPS.apply(
                "edit", reply, actor=actor, action="reply_edited", checked=True, notify_next=had_signatures,
                changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
            )
    return reply


def reply_withdraw(*, actor, reply_id: int, reason: str = "") -> Reply:
    """Withdraw a draft reply: it stays on record (with the reason in its history); a new one may be drafted."""
    reason = optional_text(reason)
    with transaction.atomic():
        reply = _locked_own_reply(actor, reply_id)
        REPLY_STEPS.apply("withdraw", reply, actor=actor, action="withdrawn", note=reason)
    return reply


def _snapshot(reply: Reply) -> dict:
    """What an edit may replace, for the history's before and after (stances as suggestion → stance)."""
    stances = reply.stances.select_related("suggestion").order_by("suggestion__number")
    return {
        "text": reply.text,
        "document_number": reply.document_number,
        "file": reply.file_name,
        "stances": {str(s.suggestion): s.stance for s in stances},
        "reasons": {str(s.suggestion): s.reason for s in stances if s.reason},
        "countersignatures": sorted(
            str(c.assignment.department) for c in reply.countersignatures.select_related("assignment__department")
        ),
    }


def reply_submit(*, actor, reply_id: int) -> Reply:
    """Send the reply for approval by the right leader (R12), after the consultation before replying (R11)."""
    with transaction.atomic():
        reply = _locked_own_reply(actor, reply_id)
        REPLY_STEPS.check("submit", actor, reply)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome", "department__leader_in_charge").get(
            pk=reply.assignment_id
        )
        problems = []
        if not reply.file:
            problems.append(_("Attach the signed reply document (PDF, Word or image)."))
        elif not reply_file_present(reply):
            problems.append(_("The reply's document file is missing from storage; attach it again."))
        stated = set(reply.stances.values_list("suggestion_id", flat=True))
        missing = [str(s) for s in assignment.outcome.suggestions.all() if s.pk not in stated]
        if missing:
            problems.append(_("State a stance on every suggestion; missing: %(list)s.") % {"list": "、".join(missing)})
        policy = policy_for(assignment.outcome.kind)
        if policy.require_pre_reply_consultation and not assignment.contacts.filter(
            kind=ContactKind.BEFORE_REPLY
        ).exists():
            problems.append(_("Log the consultation with the committee before replying (R11) first."))
        signed = set(reply.countersignatures.values_list("assignment_id", flat=True))
        unsigned = [
            str(co.department)
            for co in assignment.outcome.assignments.select_related("department").filter(role=AssignmentRole.CO)
            .exclude(status=A.WITHDRAWN)
            if co.pk not in signed
        ]
        if unsigned:
            problems.append(_("Waiting for the countersignature of: %(list)s.") % {"list": "、".join(unsigned)})
        if problems:
            raise InvalidState(" ".join(str(p) for p in problems))
        level, approver = approval_route(assignment)
        reply.approval_level, reply.approver = level, approver
        reply.submitted_at = timezone.now()
        move(assignment, "reply_submitted", actor=actor)
        reply.assignment = assignment
        # The hand-off goes to the approving leader (R12), named by the step's next_actors.
        REPLY_STEPS.apply(
            "submit", reply, actor=actor, action="submitted_for_approval", checked=True,
            fields=["approval_level", "approver", "submitted_at"],
            changes={"approval_level": level, "approver": str(approver) if approver else ""},
        )
    return reply


def _locked_for_approval(actor, reply_id) -> Reply:
    require_role(
        actor, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER,
        message=_("Only the government leader who approves this reply may do this."),
    )
    return locked(replies_for(actor).select_related(None), reply_id)


def reply_approve(*, actor, reply_id: int, comments: str = "") -> Reply:
    """分管领导审定同意 / 主要领导审核满意: only an approved reply reaches the committee."""
    with transaction.atomic():
        reply = _locked_for_approval(actor, reply_id)
        REPLY_STEPS.check("approve", actor, reply)
        if not reply_file_present(reply):
            raise InvalidState(_("The reply's document file is missing from storage; the department must attach it again."))
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome", "department").get(
            pk=reply.assignment_id
        )
        reply.assignment = assignment
        reply.approved_at, reply.approved_by = timezone.now(), actor
        reply.approval_comments = optional_text(comments)
        for stance in reply.stances.select_related("suggestion"):
            suggestion = stance.suggestion
            suggestion.adoption_status = stance.stance
            suggestion.explanation = stance.reason
            fields = ["adoption_status", "explanation"]
            if stance.stance == AdoptionStatus.ALREADY_DONE:
                suggestion.progress = 100
                fields.append("progress")
            suggestion.save(update_fields=fields)
        move(assignment, "reply_approved", actor=actor)
        # The hand-off goes to the committee staff, who evaluate it; events tell the department it was approved.
        REPLY_STEPS.apply(
            "approve", reply, actor=actor, action="approved", note=reply.approval_comments, checked=True,
            fields=["approved_at", "approved_by", "approval_comments"],
        )
        on_commit_notify("reply_approved", reply_id=reply.pk)
    return reply


def reply_send_back(*, actor, reply_id: int, comments: str) -> Reply:
    comments = require_text(comments, "comments", _("Say what should change."))
    with transaction.atomic():
        reply = _locked_for_approval(actor, reply_id)
        REPLY_STEPS.check("send_back", actor, reply)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=reply.assignment_id)
        reply.assignment = assignment
        reply.approval_comments = comments
        move(assignment, "reply_sent_back", actor=actor, note=comments)
        REPLY_STEPS.apply(
            "send_back", reply, actor=actor, action="sent_back", note=comments, fields=["approval_comments"],
            checked=True,
        )
        on_commit_notify("reply_sent_back", reply_id=reply.pk)
    return reply


def reply_evaluate(*, actor, reply_id: int, evaluation: str, comments: str = "") -> Reply:
    """The committee's evaluation; unsatisfied sends the matter back with a new due date."""
    require_staff(actor)
    require_choice(evaluation, Evaluation, "evaluation")
    comments = optional_text(comments)
    if evaluation == Evaluation.UNSATISFIED and not comments:
        message = _("Say why the reply is unsatisfactory.")
        raise InvalidInput(message, field_errors={"comments": [message]})
    with transaction.atomic():
        reply = locked(replies_for(actor).select_related(None), reply_id)
        REPLY_STEPS.check("evaluate", actor, reply)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=reply.assignment_id)
        reply.evaluation, reply.evaluation_comments = evaluation, comments
        reply.evaluated_at, reply.evaluated_by = timezone.now(), actor
        REPLY_STEPS.apply(
            "evaluate", reply, actor=actor, action=f"evaluated_{evaluation}", note=comments, checked=True,
            fields=["evaluation", "evaluation_comments", "evaluated_at", "evaluated_by"],
        )
        if evaluation == Evaluation.UNSATISFIED:
            policy = policy_for(assignment.outcome.kind)
            due = policy.reply_due(today())
            move(
                assignment, "evaluated_unsatisfied", actor=actor, note=comments,
                changes={"due_on": due.due_on.isoformat()},
            )
            assignment.due_on, assignment.due_provisional = due.due_on, due.provisional
            assignment.working_days = due.working_days
            assignment.save(update_fields=["due_on", "due_provisional", "working_days", "updated_at"])
        else:
            move(assignment, "evaluated_satisfied", actor=actor, action=f"evaluated_{evaluation}", note=comments)
        on_commit_notify("reply_evaluated", reply_id=reply.pk)
    return reply


def reply_countersign(*, actor, reply_id: int, note: str = "") -> Countersignature:
    """会签: a co-handling department signs the lead's reply before it goes for approval."""
    require_role(actor, Role.DEPARTMENT, message=_("Only an officer of a co-handling department may countersign."))
    with transaction.atomic():
        reply = locked(replies_for(actor).select_related(None), reply_id)
        co_id = co_assignment_id(actor, reply)
        co = Assignment.objects.select_for_update(of=("self",)).select_related("outcome", "department").filter(
            pk=co_id
        ).first()
        REPLY_STEPS.check("countersign", actor, reply)  # a co-handler, before approval, not signed yet
        signature = Countersignature.objects.create(
            reply=reply, assignment=co, signed_by=actor, note=optional_text(note)
        )
        if co.status in HANDLING_STATES:
            start_handling(co, actor=actor)
            move(co, "countersigned", actor=actor)
        REPLY_STEPS.apply(
            "countersign", reply, actor=actor, action="countersigned", checked=True,
            note=f"{co.department}：{signature.note}".strip("："),
        )
    return signature
