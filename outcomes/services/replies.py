"""The formal reply: drafting with a file and stances, countersigning, R12 approval and the committee's evaluation."""
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState
from directory.roles import Role
from history.services import history_record
from topics.models import ConsultationType
from workdays.services import due_date

from ..models import (
    AdoptionStatus,
    ApprovalLevel,
    ApprovalRoute,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ContactKind,
    Countersignature,
    Evaluation,
    Reply,
    ReplyStance,
    ReplyStatus,
    ResultClass,
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
    invalid,
    locked,
    on_commit_notify,
    optional_text,
    policy_for,
    require_choice,
    require_role,
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


def approval_level_for(assignment: Assignment) -> str:
    """R12, by the matter type's policy: its fixed level, or (outcome documents) the topic's consultation type."""
    route = policy_for(assignment.matter.policy_kind).approval
    if route == ApprovalRoute.PRINCIPAL_LEADER:
        return ApprovalLevel.PRINCIPAL_LEADER
    if route == ApprovalRoute.LEADER_IN_CHARGE or assignment.outcome_id is None:
        return ApprovalLevel.LEADER_IN_CHARGE
    return APPROVAL_BY_CONSULTATION.get(assignment.outcome.consultation_type, ApprovalLevel.PRINCIPAL_LEADER)


def approval_route(assignment: Assignment):
    """(level, approver): the department's leader in charge, or any principal leader (approver None)."""
    level = approval_level_for(assignment)
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


def _clean_result(assignment: Assignment, result_class, may_publish, no_publish_reason) -> dict:
    """A matter that is no outcome document (a proposal) is replied with a result class (A/B/C) and the
    department's word on publication; an outcome's reply states a stance per suggestion instead."""
    cleaned = {}
    if result_class not in (None, ""):
        if assignment.outcome_id is not None:
            message = _("An outcome document's reply states a stance on each suggestion, not a result class.")
            raise InvalidInput(message, field_errors={"result_class": [message]})
        cleaned["result_class"] = require_choice(result_class, ResultClass, "result_class")
    if may_publish is not None:
        if not isinstance(may_publish, bool):
            message = _("Say yes or no.")
            raise InvalidInput(message, field_errors={"may_publish": [message]})
        reason = optional_text(no_publish_reason, "no_publish_reason", max_length=300)
        if not may_publish and not reason:
            message = _("Say why the reply should not be published.")
            raise InvalidInput(message, field_errors={"no_publish_reason": [message]})
        cleaned["may_publish"], cleaned["no_publish_reason"] = may_publish, "" if may_publish else reason
    return cleaned


def _write(reply: Reply, *, text=None, document_number=None, upload=None, stances=None, result=None) -> list[str]:
    fields = []
    for name, value in (result or {}).items():
        setattr(reply, name, value)
        fields.append(name)
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
    *, actor, assignment_id: int, text: str, document_number: str = "", file=None, stances=None,
    result_class=None, may_publish=None, no_publish_reason: str = "",
) -> Reply:
    """The lead department drafts its formal reply (a proposal's with its result class and publication)."""
    text = require_text(text, "text")
    upload = checked_upload(file) if file else None
    with transaction.atomic():
        assignment = locked_own_assignment(actor, assignment_id)
        ASSIGNMENT_STEPS.check("reply", actor, assignment)  # the lead, handling, no other reply in preparation
        cleaned = _clean_stances(stances, assignment.outcome_id)
        result = _clean_result(assignment, result_class, may_publish, no_publish_reason)
        version = (assignment.replies.aggregate(v=Max("version"))["v"] or 0) + 1
        reply = Reply(assignment=assignment, version=version, created_by=actor)
        _write(reply, text=text, document_number=optional_text(document_number, "document_number", max_length=50),
               upload=upload, result=result)
        reply.save()
        _write(reply, stances=cleaned)
        start_handling(assignment, actor=actor)
        history_record(
            subject=reply, actor=actor, action="reply_drafted", to_state=reply.status,
            topic_id=assignment.matter.topic_id,
        )
        # The co-handlers must countersign it: the `edit` step's hand-off names them.
        REPLY_STEPS.tell_next(REPLY_STEPS["edit"], reply, actor)
    return reply


def _locked_own_reply(actor, reply_id) -> Reply:
    require_role(actor, Role.DEPARTMENT, message=_("Only an officer of the undertaking department may do this."))
    return locked(
        replies_for(actor).filter(assignment__department_id=actor.department_id).select_related(None), reply_id
    )


def reply_update(
    *, actor, reply_id: int, text=None, document_number=None, file=None, stances=None, result_class=None,
    may_publish=None, no_publish_reason: str = "",
) -> Reply:
    text = require_text(text, "text") if text is not None else None
    upload = checked_upload(file) if file else None
    with transaction.atomic():
        reply = _locked_own_reply(actor, reply_id)
        REPLY_STEPS.check("edit", actor, reply)
        cleaned = _clean_stances(stances, reply.assignment.outcome_id)
        result = _clean_result(reply.assignment, result_class, may_publish, no_publish_reason)
        before = _snapshot(reply)
        fields = _write(
            reply, text=text, upload=upload, stances=cleaned, result=result,
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
        "result_class": reply.result_class,
        "may_publish": reply.may_publish,
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
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related(
            "matter", "outcome", "department__leader_in_charge"
        ).get(pk=reply.assignment_id)
        problems = []
        if not reply.file:
            problems.append(_("Attach the signed reply document (PDF, Word or image)."))
        elif not reply_file_present(reply):
            problems.append(_("The reply's document file is missing from storage; attach it again."))
        if assignment.outcome_id is not None:
            stated = set(reply.stances.values_list("suggestion_id", flat=True))
            missing = [str(s) for s in assignment.outcome.suggestions.all() if s.pk not in stated]
            if missing:
                problems.append(_("State a stance on every suggestion; missing: %(list)s.") % {"list": "、".join(missing)})
        elif not reply.result_class:
            problems.append(_("Choose the result class (A, B or C)."))
        policy = policy_for(assignment.matter.policy_kind)
        if policy.require_pre_reply_consultation and not assignment.contacts.filter(
            kind=ContactKind.BEFORE_REPLY
        ).exists():
            problems.append(_("Log the consultation with the committee before replying (R11) first."))
        signed = set(reply.countersignatures.values_list("assignment_id", flat=True))
        unsigned = [
            str(co.department)
            for co in assignment.matter.assignments.select_related("department").filter(role=AssignmentRole.CO)
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
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related(
            "matter", "outcome", "department"
        ).get(pk=reply.assignment_id)
        reply.assignment = assignment
        reply.approved_at, reply.approved_by = timezone.now(), actor
        reply.approval_comments = optional_text(comments)
        fields = ["approved_at", "approved_by", "approval_comments"]
        if assignment.matter.evaluator_id:  # the proposer evaluates, within the policy's working days
            days = policy_for(assignment.matter.policy_kind).evaluation_working_days
            reply.evaluation_due_on = due_date(start=today(), working_days=days).due_on
            fields.append("evaluation_due_on")
        for stance in reply.stances.select_related("suggestion"):
            suggestion = stance.suggestion
            suggestion.adoption_status = stance.stance
            suggestion.explanation = stance.reason
            changed = ["adoption_status", "explanation"]
            if stance.stance == AdoptionStatus.ALREADY_DONE:
                suggestion.progress = 100
                changed.append("progress")
            suggestion.save(update_fields=changed)
        move(assignment, "reply_approved", actor=actor)
        # The hand-off goes to the committee staff, who evaluate it; events tell the department it was approved.
        REPLY_STEPS.apply(
            "approve", reply, actor=actor, action="approved", note=reply.approval_comments, checked=True,
            fields=fields,
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


def _optional_bool(value, field: str):
    if value is None or isinstance(value, bool):
        return value
    raise invalid(field, _("Say yes or no."))


def reply_evaluate(
    *, actor, reply_id: int, evaluation: str, comments: str = "", contacted=None, attitude: str = "", agreed=None,
) -> Reply:
    """The evaluation of an approved reply: the committee's, or for a proposal the proposer's (staff may record a
    paper evaluation on their behalf, marked as such) with whether they were contacted before handling, the
    handling attitude and whether they agree with the result. Unsatisfied sends the matter back with a new due date."""
    require_role(actor, Role.STAFF, Role.MEMBER, message=_("Only the committee office, or the member whose "
                                                           "proposal it is, may evaluate this reply."))
    require_choice(evaluation, Evaluation, "evaluation")
    comments = optional_text(comments)
    contacted, agreed = _optional_bool(contacted, "contacted"), _optional_bool(agreed, "agreed")
    if attitude:
        require_choice(attitude, Evaluation, "attitude")
    if evaluation == Evaluation.UNSATISFIED and not comments:
        message = _("Say why the reply is unsatisfactory.")
        raise InvalidInput(message, field_errors={"comments": [message]})
    with transaction.atomic():
        reply = locked(replies_for(actor).select_related(None), reply_id)
        REPLY_STEPS.check("evaluate", actor, reply)
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("matter", "outcome").get(
            pk=reply.assignment_id
        )
        reply.evaluation, reply.evaluation_comments = evaluation, comments
        reply.evaluated_at, reply.evaluated_by = timezone.now(), actor
        fields = ["evaluation", "evaluation_comments", "evaluated_at", "evaluated_by"]
        if assignment.matter.evaluator_id:
            missing = {name: value for name, value in
                       (("contacted", contacted), ("attitude", attitude or None), ("agreed", agreed)) if value is None}
            if missing:
                message = _("Answer every question of the evaluation.")
                raise InvalidInput(message, field_errors={name: [message] for name in missing})
            reply.evaluation_contacted, reply.evaluation_attitude, reply.evaluation_agreed = contacted, attitude, agreed
            reply.evaluation_on_paper = actor.pk != assignment.matter.evaluator_id
            fields += ["evaluation_contacted", "evaluation_attitude", "evaluation_agreed", "evaluation_on_paper"]
        REPLY_STEPS.apply(
            "evaluate", reply, actor=actor, action=f"evaluated_{evaluation}", note=comments, checked=True,
            fields=fields, changes={"on_paper": True} if reply.evaluation_on_paper else None,
        )
        if evaluation == Evaluation.UNSATISFIED:
            policy = policy_for(assignment.matter.policy_kind)
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


def reply_reclassify(*, actor, reply_id: int, result_class: str, reason: str) -> Reply:
    """The office corrects a proposal reply's result class (A/B/C); the reason is kept in the history."""
    require_role(actor, Role.STAFF, message=_("Only committee office staff may do this."))
    require_choice(result_class, ResultClass, "result_class")
    reason = require_text(reason, "reason", _("Say why the result is reclassified."))
    with transaction.atomic():
        reply = locked(replies_for(actor).select_related(None), reply_id)
        REPLY_STEPS.check("reclassify", actor, reply)
        if reply.result_class == result_class:
            raise invalid("result_class", _("The reply already has this result class."))
        before, reply.result_class = reply.result_class, result_class
        REPLY_STEPS.apply(
            "reclassify", reply, actor=actor, action="reply_reclassified", note=reason, checked=True,
            fields=["result_class"], changes={"result_class": [before, result_class]},
        )
    return reply
