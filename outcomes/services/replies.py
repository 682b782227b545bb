"""The formal reply: drafting with a file and stances, countersigning, R12 approval and the committee's evaluation."""
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed
from chengwu_cppcc.workflow import Workflow
from directory.roles import Role, has_role
from history.services import history_record
from topics.models import ConsultationType
from workdays.services import due_date

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
REPLY_FLOW = Workflow(
    {
        R.DRAFT: {R.PENDING_APPROVAL},
        R.SENT_BACK: {R.PENDING_APPROVAL},
        R.PENDING_APPROVAL: {R.APPROVED, R.SENT_BACK},
    },
    dict(ReplyStatus.choices),
)
EDITABLE = (R.DRAFT, R.SENT_BACK)

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
            reply.file.delete(save=False)
        reply.file.save(content.name, content, save=False)
        reply.file_name, reply.file_type, reply.file_size = original, mime, size
        fields += ["file", "file_name", "file_type", "file_size"]
    if stances is not None:
        reply.stances.all().delete()
        ReplyStance.objects.bulk_create(ReplyStance(reply=reply, **item) for item in stances)
    return fields


def reply_create(
    *, actor, assignment_id: int, text: str, document_number: str = "", file=None, stances=None
) -> Reply:
    """The lead department drafts its formal reply."""
    text = require_text(text, "text")
    upload = checked_upload(file) if file else None
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        if assignment.role != AssignmentRole.LEAD:
            raise InvalidState(_("Only the lead department writes the formal reply; co-handlers send input."))
        if assignment.status not in HANDLING_STATES:
            raise InvalidState(_("A reply can be written while the matter is being handled."))
        if assignment.replies.filter(status__in=(*EDITABLE, R.PENDING_APPROVAL)).exists():
            raise InvalidState(_("A reply is already in preparation for this matter."))
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
        if reply.status not in EDITABLE:
            raise InvalidState(_("Only a draft or a reply sent back can be edited."))
        cleaned = _clean_stances(stances, reply.assignment.outcome_id)
        before = _snapshot(reply)
        fields = _write(
            reply, text=text, upload=upload, stances=cleaned,
            document_number=optional_text(document_number, "document_number", max_length=50) if document_number is not None else None,
        )
        if fields:
            reply.save(update_fields=[*fields, "updated_at"])
        if fields or cleaned is not None:
            # The co-handlers signed what the reply said before; they sign again.
            reply.countersignatures.all().delete()
            after = _snapshot(reply)
            history_record(
                subject=reply, actor=actor, action="reply_edited", topic_id=reply.assignment.outcome.topic_id,
                changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
            )
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
        REPLY_FLOW.check(reply.status, R.PENDING_APPROVAL)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome", "department__leader_in_charge").get(
            pk=reply.assignment_id
        )
        problems = []
        if not reply.file:
            problems.append(_("Attach the signed reply document (PDF, Word or image)."))
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
        before = reply.status
        reply.status, reply.approval_level, reply.approver = R.PENDING_APPROVAL, level, approver
        reply.submitted_at = timezone.now()
        reply.save(update_fields=["status", "approval_level", "approver", "submitted_at", "updated_at"])
        move(assignment, A.PENDING_APPROVAL, actor=actor, action="reply_submitted")
        history_record(
            subject=reply, actor=actor, action="submitted_for_approval", from_state=before, to_state=reply.status,
            changes={"approval_level": level, "approver": str(approver) if approver else ""},
            topic_id=assignment.outcome.topic_id,
        )
        on_commit_notify("reply_submitted", reply_id=reply.pk)
    return reply


def may_approve(actor, reply: Reply) -> bool:
    """R12: the designated leader in charge, or a principal leader, approves or sends back this reply."""
    if reply.approval_level == ApprovalLevel.LEADER_IN_CHARGE:
        return has_role(actor, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER) and reply.approver_id == actor.pk
    if reply.approval_level == ApprovalLevel.PRINCIPAL_LEADER:
        return has_role(actor, Role.PRINCIPAL_LEADER)
    return has_role(actor, Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE)


def may_countersign(actor, reply: Reply) -> bool:
    """会签: an officer of a co-handling department of the reply's matter (not one whose matter was withdrawn)."""
    return has_role(actor, Role.DEPARTMENT) and bool(actor.department_id) and (
        Assignment.objects.filter(
            outcome_id=reply.assignment.outcome_id, department_id=actor.department_id, role=AssignmentRole.CO
        ).exclude(status=A.WITHDRAWN).exists()
    )


def _locked_for_approval(actor, reply_id) -> Reply:
    require_role(
        actor, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER,
        message=_("Only the government leader who approves this reply may do this."),
    )
    reply = locked(replies_for(actor).select_related(None), reply_id)
    if not may_approve(actor, reply):
        raise NotAllowed(_("This reply is approved by another leader (R12)."))
    return reply


def reply_approve(*, actor, reply_id: int, comments: str = "") -> Reply:
    """分管领导审定同意 / 主要领导审核满意: only an approved reply reaches the committee."""
    with transaction.atomic():
        reply = _locked_for_approval(actor, reply_id)
        REPLY_FLOW.check(reply.status, R.APPROVED)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=reply.assignment_id)
        before = reply.status
        reply.status, reply.approved_at, reply.approved_by = R.APPROVED, timezone.now(), actor
        reply.approval_comments = optional_text(comments)
        reply.save(update_fields=["status", "approved_at", "approved_by", "approval_comments", "updated_at"])
        for stance in reply.stances.select_related("suggestion"):
            suggestion = stance.suggestion
            suggestion.adoption_status = stance.stance
            suggestion.explanation = stance.reason
            fields = ["adoption_status", "explanation"]
            if stance.stance == AdoptionStatus.ALREADY_DONE:
                suggestion.progress = 100
                fields.append("progress")
            suggestion.save(update_fields=fields)
        move(assignment, A.REPLIED, actor=actor, action="reply_approved")
        history_record(
            subject=reply, actor=actor, action="approved", from_state=before, to_state=reply.status,
            note=reply.approval_comments, topic_id=assignment.outcome.topic_id,
        )
        on_commit_notify("reply_approved", reply_id=reply.pk)
    return reply


def reply_send_back(*, actor, reply_id: int, comments: str) -> Reply:
    comments = require_text(comments, "comments", _("Say what should change."))
    with transaction.atomic():
        reply = _locked_for_approval(actor, reply_id)
        REPLY_FLOW.check(reply.status, R.SENT_BACK)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=reply.assignment_id)
        before = reply.status
        reply.status, reply.approval_comments = R.SENT_BACK, comments
        reply.save(update_fields=["status", "approval_comments", "updated_at"])
        move(assignment, A.IN_PROGRESS, actor=actor, action="reply_sent_back", note=comments)
        history_record(
            subject=reply, actor=actor, action="sent_back", from_state=before, to_state=reply.status, note=comments,
            topic_id=assignment.outcome.topic_id,
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
        if reply.status != R.APPROVED or reply.evaluation:
            raise InvalidState(_("Only an approved reply not yet evaluated can be evaluated."))
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=reply.assignment_id)
        reply.evaluation, reply.evaluation_comments = evaluation, comments
        reply.evaluated_at, reply.evaluated_by = timezone.now(), actor
        reply.save(update_fields=["evaluation", "evaluation_comments", "evaluated_at", "evaluated_by", "updated_at"])
        if evaluation == Evaluation.UNSATISFIED:
            policy = policy_for(assignment.outcome.kind)
            due = due_date(start=today(), working_days=policy.reply_working_days)
            move(
                assignment, A.RETURNED, actor=actor, action="evaluated_unsatisfied", note=comments,
                changes={"due_on": due.due_on.isoformat()},
            )
            assignment.due_on, assignment.due_provisional = due.due_on, due.provisional
            assignment.working_days = policy.reply_working_days
            assignment.save(update_fields=["due_on", "due_provisional", "working_days", "updated_at"])
        else:
            move(assignment, A.ACCEPTED, actor=actor, action=f"evaluated_{evaluation}", note=comments)
        on_commit_notify("reply_evaluated", reply_id=reply.pk)
    return reply


def reply_countersign(*, actor, reply_id: int, note: str = "") -> Countersignature:
    """会签: a co-handling department signs the lead's reply before it goes for approval."""
    require_role(actor, Role.DEPARTMENT, message=_("Only an officer of a co-handling department may countersign."))
    with transaction.atomic():
        reply = locked(replies_for(actor).select_related(None), reply_id)
        co = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("outcome")
            .filter(
                outcome_id=reply.assignment.outcome_id, department_id=actor.department_id, role=AssignmentRole.CO
            )
            .exclude(status=A.WITHDRAWN)
            .first()
        )
        if co is None:
            raise NotAllowed(_("Only a co-handling department of this matter may countersign."))
        if reply.status not in EDITABLE:
            raise InvalidState(_("A reply is countersigned before it goes for approval."))
        if reply.countersignatures.filter(assignment=co).exists():
            raise InvalidState(_("Your department has already countersigned this reply."))
        signature = Countersignature.objects.create(
            reply=reply, assignment=co, signed_by=actor, note=optional_text(note)
        )
        if co.status in HANDLING_STATES:
            start_handling(co, actor=actor)
            move(co, A.REPLIED, actor=actor, action="countersigned")
        history_record(
            subject=reply, actor=actor, action="countersigned", note=f"{co.department}：{signature.note}".strip("："),
            topic_id=co.outcome.topic_id,
        )
    return signature
