"""Outcome documents: drafting (from a report or directly), submitting and forwarding to departments (R8)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotFound
from chengwu_cppcc.validation import repeated_create
from directory.models import Department
from history.services import history_record
from topics.models import Topic, TopicStatus
from workdays.services import due_date

from ..matters import outcome_matter
from ..models import (
    Assignment,
    AssignmentRole,
    Matter,
    Outcome,
    OutcomeKind,
    OutcomeStatus,
    Suggestion,
)
from ..steps import OUTCOME_STEPS, follow
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

OUTCOME_FLOW = OUTCOME_STEPS.flow  # the moves of outcomes.steps.OUTCOME_STEPS (kept for older imports)
def _repeated(*, actor, topic: Topic, kind: str, title: str, report=None) -> Outcome | None:
    """The outcome this actor created a moment ago with the same topic (or report), kind and title, if any.
    Call with the topic locked, so that two requests at once see each other."""
    return repeated_create(
        Outcome.objects.exclude(status=OutcomeStatus.WITHDRAWN),
        created_by=actor, topic=topic, report=report, kind=kind, title=title,
    )


from topics.selectors import TITLE_WRAPPERS, topic_subject  # noqa: E402,F401  (also read by research's default titles)


def default_title(topic: Topic, kind: str) -> str:
    """“关于<subject>的<kind>”: the title an outcome of this kind takes when nobody types one."""
    return (_("On %(topic)s: %(kind)s") % {"topic": topic_subject(topic.title), "kind": OutcomeKind(kind).label})[:200]


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
    document_number = optional_text(document_number, "document_number", max_length=50)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        repeated = _repeated(actor=actor, topic=topic, kind=kind, title=title)
        if repeated is not None:
            return repeated
        outcome = Outcome.objects.create(
            topic=topic, kind=kind, title=title, body=optional_text(body), document_number=document_number,
            consultation_type=topic.consultation_type, created_by=actor,
        )
        Suggestion.objects.bulk_create(
            Suggestion(outcome=outcome, number=n, **item) for n, item in enumerate(items, start=1)
        )
        history_record(subject=outcome, actor=actor, action="created", to_state=outcome.status, topic_id=topic.pk)
    return outcome


def outcome_create_from_report(
    *, actor, report_id: int, kind: str, title: str = "", document_number: str = "", body: str | None = None
) -> Outcome:
    """Start an outcome from an approved research report; its suggestions are copied and stay editable.

    What the user typed is kept: the title (by default “关于<topic>的<kind>”, not the report's title), the 文号
    and the body (by default the report's)."""
    from research.models import Report, ReportStatus

    require_staff(actor)
    require_choice(kind, OutcomeKind, "kind")
    title = optional_text(title, "title", max_length=200)
    document_number = optional_text(document_number, "document_number", max_length=50)
    report = (
        Report.objects.select_related("group__topic").prefetch_related("suggestions").filter(pk=report_id).first()
        if str(report_id).isdigit() else None
    )
    if report is None:
        raise NotFound()
    if report.status != ReportStatus.APPROVED:
        raise InvalidState(_("Only an approved research report can become an outcome document."))
    title = title or default_title(report.group.topic, kind)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=report.group.topic_id)
        repeated = _repeated(actor=actor, topic=topic, kind=kind, title=title, report=report)
        if repeated is not None:
            return repeated
        outcome = Outcome.objects.create(
            topic=topic, report=report, kind=kind, title=title, document_number=document_number,
            body=report.body if body is None else optional_text(body), consultation_type=topic.consultation_type,
            created_by=actor,
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
    """Edit a draft: title, kind, 文号, body."""
    require_staff(actor)
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        OUTCOME_STEPS.check("edit", actor, outcome)
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


def _check_draft(actor, outcome: Outcome, conflict: str) -> None:
    """The suggestions of a draft are edited as part of it (the `edit` step), with this message when not a draft."""
    try:
        OUTCOME_STEPS.check("edit", actor, outcome)
    except InvalidState:
        raise InvalidState(conflict) from None


def outcome_withdraw(*, actor, outcome_id: int, reason: str = "") -> Outcome:
    """Withdraw a draft (a duplicate, a mistake): it stays on record, with the reason in its history."""
    require_staff(actor)
    reason = optional_text(reason)
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        OUTCOME_STEPS.apply("withdraw", outcome, actor=actor, action="withdrawn", note=reason)
    return outcome


def suggestion_add(*, actor, outcome_id: int, title: str, content: str) -> Suggestion:
    require_staff(actor)
    title = require_text(title, "title", max_length=200)
    content = require_text(content, "content")
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        _check_draft(actor, outcome, _("Suggestions can only be added while the outcome is a draft."))
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
        if text_fields:
            _check_draft(actor, outcome, _("A suggestion's text can only change while the outcome is a draft."))
        if "title" in data:
            changes["title"] = require_text(data["title"], "title", max_length=200)
        if "content" in data:
            changes["content"] = require_text(data["content"], "content")
        if "progress" in data:
            OUTCOME_STEPS.check("record_progress", actor, outcome)
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
        _check_draft(actor, outcome, _("Suggestions can only be withdrawn while the outcome is a draft."))
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
        OUTCOME_STEPS.check("submit", actor, outcome)
        outcome.submitted_on = submitted_on
        # Sent to the party committee and government, who are no users here: staff forward it once they have.
        OUTCOME_STEPS.apply("submit", outcome, actor=actor, action="submitted", fields=["submitted_on"], checked=True)
    return outcome


def create_assignment(*, matter: Matter, department: Department, role: str, start, replaces=None,
                      outcome: Outcome | None = None) -> Assignment:
    """One assignment of a forwarded matter (an outcome's or a proposal's), its due date by the matter type's policy:
    the lead's in the policy's unit (working days or calendar months), a co-handler's input in working days.
    `outcome` is set when an outcome document owns the matter (its suggestions and reports)."""
    policy = policy_for(matter.policy_kind)
    if role == AssignmentRole.LEAD:
        due = policy.reply_due(start)
    else:
        due = due_date(start=start, working_days=policy.cohandler_input_working_days)
    return Assignment.objects.create(
        matter=matter, outcome=outcome, department=department, role=role, forwarded_on=start,
        working_days=due.working_days,
        due_on=due.due_on, due_provisional=due.provisional, replaces=replaces,
    )


def outcome_forward(
    *, actor, outcome_id: int, lead_department_id: int, co_department_ids=(), forwarded_on=None, instruction: str = ""
) -> Outcome:
    """批转/交办: one lead department and any co-handlers, each an assignment with its working-day due date."""
    require_staff(actor)
    lead, co_departments, forwarded_on = clean_forwarding(lead_department_id, co_department_ids, forwarded_on)
    with transaction.atomic():
        outcome = locked(Outcome.objects.all(), outcome_id)
        OUTCOME_STEPS.check("forward", actor, outcome)
        if outcome.submitted_on and forwarded_on < outcome.submitted_on:
            message = _("The forwarding date cannot be before the submission date.")
            raise InvalidInput(message, field_errors={"forwarded_on": [message]})
        outcome.forwarded_on = forwarded_on
        outcome.forwarded_by_note = optional_text(instruction, "instruction", max_length=300)
        matter = outcome_matter(outcome)
        created = forward_matter(matter, lead=lead, co_departments=co_departments, start=forwarded_on, outcome=outcome)
        OUTCOME_STEPS.apply(
            "forward", outcome, actor=actor, action="forwarded", fields=["forwarded_on", "forwarded_by_note"],
            note=outcome.forwarded_by_note, checked=True,
            changes={
                "assignments": [
                    {"department": a.department.name, "role": a.role, "due_on": a.due_on.isoformat()} for a in created
                ]
            },
        )
        record_forwarded(created, actor=actor)
    return outcome


def clean_forwarding(lead_department_id, co_department_ids, forwarded_on) -> tuple[Department, list, object]:
    """The input of any forwarding (an outcome's, a proposal's): an active lead department, distinct active
    co-handlers other than the lead, a forwarding day not after today (today when left out); 400 otherwise."""
    forwarded_on = require_date(forwarded_on or today(), "forwarded_on", not_after_today=True)
    lead = active_department(lead_department_id, "lead_department")
    co_departments = list({d.pk: d for d in (active_department(pk, "co_departments")
                                             for pk in co_department_ids or [])}.values())
    if any(d.pk == lead.pk for d in co_departments):
        message = _("The lead department cannot also be a co-handler.")
        raise InvalidInput(message, field_errors={"co_departments": [message]})
    return lead, co_departments, forwarded_on


def forward_matter(matter: Matter, *, lead: Department, co_departments, start, outcome=None) -> list[Assignment]:
    """交办: the lead's assignment and one per co-handler, each with its due date (inside the owner's step)."""
    created = [create_assignment(matter=matter, outcome=outcome, department=lead, role=AssignmentRole.LEAD,
                                 start=start)]
    created += [
        create_assignment(matter=matter, outcome=outcome, department=d, role=AssignmentRole.CO, start=start)
        for d in co_departments
    ]
    return created


def record_forwarded(created: list[Assignment], *, actor) -> None:
    """Each assignment created in bulk keeps its own history from its first moment; its department is told."""
    for assignment in created:
        history_record(
            subject=assignment, actor=actor, action="forwarded", to_state=assignment.status,
            note=assignment.department.name, topic_id=assignment.matter.topic_id,
            changes={"role": [None, assignment.role], "due_on": [None, assignment.due_on.isoformat()]},
        )
        on_commit_notify("assignment_created", assignment_id=assignment.pk)


def outcome_close_if_done(outcome: Outcome, actor) -> None:
    """An outcome closes when every assignment is closed (or was returned as wrongly sent): the table's `close`."""
    outcome = Outcome.objects.select_for_update(of=("self",)).get(pk=outcome.pk)
    if outcome.status == OutcomeStatus.FORWARDED and OUTCOME_STEPS["close"].guard(outcome) is None:
        outcome.closed_on = today()
        follow(OUTCOME_STEPS, "close", outcome, actor=actor, action="closed", fields=["closed_on"])
