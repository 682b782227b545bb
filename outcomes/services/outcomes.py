"""Outcome documents: drafting (from a report or directly), submitting and forwarding to departments (R8)."""
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotFound
from chengwu_cppcc.workflow import Workflow
from directory.models import Department
from history.services import history_record
from topics.models import Topic, TopicStatus
from workdays.services import due_date

from ..models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Outcome,
    OutcomeKind,
    OutcomeStatus,
    Suggestion,
)
from .common import (
    active_department,
    locked,
    on_commit_notify,
    optional_text,
    policy_for,
    require_choice,
    require_date,
    require_int,
    require_staff,
    require_text,
    today,
)

OUTCOME_FLOW = Workflow(
    {
        OutcomeStatus.DRAFT: {OutcomeStatus.SUBMITTED},
        OutcomeStatus.SUBMITTED: {OutcomeStatus.FORWARDED},
        OutcomeStatus.FORWARDED: {OutcomeStatus.CLOSED},
    },
    dict(OutcomeStatus.choices),
)


def _clean_suggestions(items) -> list[dict]:
    cleaned = []
    for index, item in enumerate(items or [], start=1):
        title = (item.get("title") or "").strip()
        content = (item.get("content") or "").strip()
        if not title or not content:
            message = _("Suggestion %(number)d needs a title and content.") % {"number": index}
            raise InvalidInput(message, field_errors={"suggestions": [message]})
        cleaned.append({"title": title[:200], "content": content})
    return cleaned


def outcome_create(
    *, actor, topic_id: int, kind: str, title: str, body: str = "", document_number: str = "",
    suggestions: list[dict] | None = None,
) -> Outcome:
    """Write an outcome directly; its consultation type is taken from the topic."""
    require_staff(actor)
    require_choice(kind, OutcomeKind, "kind")
    title = require_text(title, "title", max_length=200)
    items = _clean_suggestions(suggestions)
    topic = Topic.objects.filter(pk=topic_id).first() if str(topic_id).isdigit() else None
    if topic is None:
        message = _("Select a valid topic.")
        raise InvalidInput(message, field_errors={"topic": [message]})
    if topic.status != TopicStatus.ADOPTED:
        message = _("Only an adopted topic can have an outcome document.")
        raise InvalidInput(message, field_errors={"topic": [message]})
    with transaction.atomic():
        outcome = Outcome.objects.create(
            topic=topic, kind=kind, title=title, body=optional_text(body),
            document_number=optional_text(document_number, "document_number", max_length=50),
            consultation_type=topic.consultation_type, created_by=actor,
        )
        Suggestion.objects.bulk_create(
            Suggestion(outcome=outcome, number=n, **item) for n, item in enumerate(items, start=1)
        )
        history_record(subject=outcome, actor=actor, action="created", to_state=outcome.status, topic_id=topic.pk)
    return outcome


def outcome_create_from_report(*, actor, report_id: int, kind: str, title: str = "") -> Outcome:
    """Start an outcome from an approved research report; its suggestions are copied and stay editable."""
    from research.models import Report, ReportStatus

    require_staff(actor)
    require_choice(kind, OutcomeKind, "kind")
    report = (
        Report.objects.select_related("group__topic").prefetch_related("suggestions").filter(pk=report_id).first()
        if str(report_id).isdigit() else None
    )
    if report is None:
        raise NotFound()
    if report.status != ReportStatus.APPROVED:
        raise InvalidState(_("Only an approved research report can become an outcome document."))
    topic = report.group.topic
    with transaction.atomic():
        outcome = Outcome.objects.create(
            topic=topic, report=report, kind=kind, title=optional_text(title, "title", max_length=200) or report.title,
            body=report.body, consultation_type=topic.consultation_type, created_by=actor,
        )
        Suggestion.objects.bulk_create(
            Suggestion(outcome=outcome, number=s.number, title=s.title, content=s.content, source=s)
            for s in report.suggestions.all()
        )
        history_record(
            subject=outcome, actor=actor, action="created_from_report", to_state=outcome.status,
            note=str(report), topic_id=topic.pk,
        )
    return outcome


def outcome_update(*, actor, outcome_id: int, **data) -> Outcome:
    require_staff(actor)
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        if outcome.status != OutcomeStatus.DRAFT:
            raise InvalidState(_("Only a draft outcome document can be edited."))
        changes = {}
        if "title" in data:
            changes["title"] = require_text(data["title"], "title", max_length=200)
        if "kind" in data:
            changes["kind"] = require_choice(data["kind"], OutcomeKind, "kind")
        for field, limit in (("body", None), ("document_number", 50)):
            if field in data:
                changes[field] = optional_text(data[field], field, max_length=limit)
        diff = {f: [getattr(outcome, f), v] for f, v in changes.items() if getattr(outcome, f) != v}
        for field, value in changes.items():
            setattr(outcome, field, value)
        if diff:
            outcome.save(update_fields=[*changes, "updated_at"])
            history_record(subject=outcome, actor=actor, action="edited", changes=diff, topic_id=outcome.topic_id)
    return outcome


def suggestion_add(*, actor, outcome_id: int, title: str, content: str) -> Suggestion:
    require_staff(actor)
    title = require_text(title, "title", max_length=200)
    content = require_text(content, "content")
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        if outcome.status != OutcomeStatus.DRAFT:
            raise InvalidState(_("Suggestions can only be added while the outcome is a draft."))
        number = (outcome.suggestions.aggregate(n=Max("number"))["n"] or 0) + 1
        suggestion = Suggestion.objects.create(outcome=outcome, number=number, title=title, content=content)
        history_record(
            subject=outcome, actor=actor, action="suggestion_added", note=str(suggestion), topic_id=outcome.topic_id
        )
    return suggestion


def suggestion_update(*, actor, suggestion_id: int, **data) -> Suggestion:
    """Staff edit a draft's suggestions; after forwarding they may only update the implementation progress."""
    require_staff(actor)
    with transaction.atomic():
        suggestion = locked(Suggestion.objects.select_related("outcome"), suggestion_id)
        outcome = suggestion.outcome
        changes = {}
        text_fields = {"title", "content"} & set(data)
        if text_fields and outcome.status != OutcomeStatus.DRAFT:
            raise InvalidState(_("A suggestion's text can only change while the outcome is a draft."))
        if "title" in data:
            changes["title"] = require_text(data["title"], "title", max_length=200)
        if "content" in data:
            changes["content"] = require_text(data["content"], "content")
        if "progress" in data:
            if outcome.status != OutcomeStatus.FORWARDED:
                raise InvalidState(_("Progress is recorded once the outcome has been forwarded."))
            changes["progress"] = require_int(data["progress"], "progress", minimum=0, maximum=100)
        if "progress_note" in data:
            changes["progress_note"] = optional_text(data["progress_note"])
        diff = {f: [getattr(suggestion, f), v] for f, v in changes.items() if getattr(suggestion, f) != v}
        for field, value in changes.items():
            setattr(suggestion, field, value)
        if diff:
            suggestion.save(update_fields=list(changes))
            history_record(
                subject=suggestion, actor=actor, action="suggestion_edited", changes=diff, topic_id=outcome.topic_id
            )
    return suggestion


def suggestion_withdraw(*, actor, suggestion_id: int, reason: str) -> Suggestion:
    """Withdraw a suggestion from a draft: it stays on record (with the reason in the history) but leaves the
    document, the replies and the figures; the suggestions after it move up one number."""
    require_staff(actor)
    with transaction.atomic():
        suggestion = locked(Suggestion.objects.all(), suggestion_id)
        outcome = Outcome.objects.select_for_update(of=("self",)).get(pk=suggestion.outcome_id)
        if outcome.status != OutcomeStatus.DRAFT:
            raise InvalidState(_("Suggestions can only be withdrawn while the outcome is a draft."))
        reason = require_text(reason, "reason", _("A withdrawal needs a reason."))
        withdrawn_number = suggestion.number
        suggestion.withdrawn_at = timezone.now()
        suggestion.save(update_fields=["withdrawn_at"])
        renumbered = {}
        for later in outcome.suggestions.filter(number__gt=withdrawn_number).order_by("number"):
            renumbered[str(later.pk)] = [later.number, later.number - 1]
            later.number -= 1
            later.save(update_fields=["number"])
        history_record(
            subject=suggestion, actor=actor, action="suggestion_withdrawn", note=reason,
            changes={"suggestion": str(suggestion), "withdrawn": [False, True], "renumbered": renumbered},
            topic_id=outcome.topic_id,
        )
        history_record(
            subject=outcome, actor=actor, action="suggestion_withdrawn", note=f"{suggestion}：{reason}",
            topic_id=outcome.topic_id,
        )
    return suggestion


def outcome_submit(*, actor, outcome_id: int, submitted_on=None) -> Outcome:
    """Send the document to the party committee and government (报送党委政府)."""
    require_staff(actor)
    submitted_on = require_date(submitted_on or today(), "submitted_on", not_after_today=True)
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        OUTCOME_FLOW.check(outcome.status, OutcomeStatus.SUBMITTED)
        if not outcome.suggestions.exists():
            raise InvalidState(_("An outcome document needs at least one suggestion before it is submitted."))
        before, outcome.status, outcome.submitted_on = outcome.status, OutcomeStatus.SUBMITTED, submitted_on
        outcome.save(update_fields=["status", "submitted_on", "updated_at"])
        history_record(
            subject=outcome, actor=actor, action="submitted", from_state=before, to_state=outcome.status,
            topic_id=outcome.topic_id,
        )
        on_commit_notify("outcome_submitted", outcome_id=outcome.pk)
    return outcome


def create_assignment(*, outcome: Outcome, department: Department, role: str, start, replaces=None) -> Assignment:
    """One assignment with its due date counted in working days by the outcome kind's policy."""
    policy = policy_for(outcome.kind)
    days = policy.reply_working_days if role == AssignmentRole.LEAD else policy.cohandler_input_working_days
    due = due_date(start=start, working_days=days)
    return Assignment.objects.create(
        outcome=outcome, department=department, role=role, forwarded_on=start, working_days=days,
        due_on=due.due_on, due_provisional=due.provisional, replaces=replaces,
    )


def outcome_forward(
    *, actor, outcome_id: int, lead_department_id: int, co_department_ids=(), forwarded_on=None, instruction: str = ""
) -> Outcome:
    """批转/交办: one lead department and any co-handlers, each an assignment with its working-day due date."""
    require_staff(actor)
    forwarded_on = require_date(forwarded_on or today(), "forwarded_on", not_after_today=True)
    lead = active_department(lead_department_id, "lead_department")
    co_ids = list(dict.fromkeys(co_department_ids or []))
    co_departments = [active_department(pk, "co_departments") for pk in co_ids]
    if lead.pk in co_ids:
        message = _("The lead department cannot also be a co-handler.")
        raise InvalidInput(message, field_errors={"co_departments": [message]})
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        OUTCOME_FLOW.check(outcome.status, OutcomeStatus.FORWARDED)
        if outcome.submitted_on and forwarded_on < outcome.submitted_on:
            message = _("The forwarding date cannot be before the submission date.")
            raise InvalidInput(message, field_errors={"forwarded_on": [message]})
        before = outcome.status
        outcome.status, outcome.forwarded_on = OutcomeStatus.FORWARDED, forwarded_on
        outcome.forwarded_by_note = optional_text(instruction, "instruction", max_length=300)
        outcome.save(update_fields=["status", "forwarded_on", "forwarded_by_note", "updated_at"])
        created = [create_assignment(outcome=outcome, department=lead, role=AssignmentRole.LEAD, start=forwarded_on)]
        created += [
            create_assignment(outcome=outcome, department=d, role=AssignmentRole.CO, start=forwarded_on)
            for d in co_departments
        ]
        history_record(
            subject=outcome, actor=actor, action="forwarded", from_state=before, to_state=outcome.status,
            note=outcome.forwarded_by_note, topic_id=outcome.topic_id,
            changes={
                "assignments": [
                    {"department": a.department.name, "role": a.role, "due_on": a.due_on.isoformat()} for a in created
                ]
            },
        )
        for assignment in created:
            # Each assignment created in bulk keeps its own history from its first moment.
            history_record(
                subject=assignment, actor=actor, action="forwarded", to_state=assignment.status,
                note=assignment.department.name, topic_id=outcome.topic_id,
                changes={"role": [None, assignment.role], "due_on": [None, assignment.due_on.isoformat()]},
            )
            on_commit_notify("assignment_created", assignment_id=assignment.pk)
    return outcome


def outcome_close_if_done(outcome: Outcome, actor) -> None:
    """An outcome closes when every assignment is closed (or was returned as wrongly sent)."""
    states = set(outcome.assignments.values_list("status", flat=True))
    if states and states <= {AssignmentStatus.CLOSED, AssignmentStatus.WITHDRAWN} and AssignmentStatus.CLOSED in states:
        outcome = Outcome.objects.select_for_update(of=("self",)).get(pk=outcome.pk)
        if outcome.status == OutcomeStatus.FORWARDED:
            outcome.status, outcome.closed_on = OutcomeStatus.CLOSED, today()
            outcome.save(update_fields=["status", "closed_on", "updated_at"])
            history_record(
                subject=outcome, actor=actor, action="closed", from_state=OutcomeStatus.FORWARDED,
                to_state=outcome.status, topic_id=outcome.topic_id,
            )

