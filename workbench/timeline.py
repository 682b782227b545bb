"""One topic's whole lifecycle as a dated timeline, and where the matter stands now."""
import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from history import labels as history_labels
from history.models import HistoryEntry
from history.selectors import history_for_topic
from outcomes.models import (
    OPEN_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    Contact,
    OutcomeStatus,
    ReplyStatus,
    Suggestion,
    SupervisionEvent,
)
from outcomes.selectors import assignments_for, cases_for, outcomes_for, replies_for, with_deadline_flags
from proposals.models import Proposal
from proposals.selectors import proposals_for
from research.models import Activity, GroupStatus, Report, ReportStatus, ResearchGroup
from topics.models import Topic, TopicOpinion, TopicStatus


class Phase(TextChoices):
    ORIGIN = "origin", pgettext_lazy("lifecycle", "Origin")
    SCREENING = "screening", pgettext_lazy("lifecycle", "Screening")
    RESEARCH = "research", pgettext_lazy("lifecycle", "Research")
    OUTCOME = "outcome", pgettext_lazy("lifecycle", "Outcome document")
    ASSIGNMENT = "assignment", pgettext_lazy("lifecycle", "Assignment")
    REPLY = "reply", pgettext_lazy("lifecycle", "Reply")
    APPROVAL = "approval", pgettext_lazy("lifecycle", "Approval")
    EVALUATION = "evaluation", pgettext_lazy("lifecycle", "Evaluation")
    PROGRESS = "progress", pgettext_lazy("lifecycle", "Implementation report")
    SUPERVISION = "supervision", pgettext_lazy("lifecycle", "Supervision")


# The research and outcome services record these actions; their readable names live here.
history_labels.register(
    actions={
        "group_formed": pgettext_lazy("lifecycle", "Research group formed"),
        "group_status_changed": pgettext_lazy("lifecycle", "Research group moved on"),
        "member_added": pgettext_lazy("lifecycle", "Member added to the group"),
        "milestone_created": pgettext_lazy("lifecycle", "Milestone set"),
        "milestone_done": pgettext_lazy("lifecycle", "Milestone done"),
        "activity_recorded": pgettext_lazy("lifecycle", "Activity recorded"),
        "finding_added": pgettext_lazy("lifecycle", "Visit finding recorded"),
        "report_drafted": pgettext_lazy("lifecycle", "Report version drafted"),
        "report_edited": pgettext_lazy("lifecycle", "Report edited"),
        "report_submitted": pgettext_lazy("lifecycle", "Report submitted for review"),
        "suggestion_rated": pgettext_lazy("lifecycle", "Suggestion rated"),
        "report_approved": pgettext_lazy("lifecycle", "Report approved"),
        "report_returned": pgettext_lazy("lifecycle", "Report returned with comments"),
        "created_from_report": pgettext_lazy("lifecycle", "Outcome document drafted from the report"),
        "suggestion_added": pgettext_lazy("lifecycle", "Suggestion added"),
        "suggestion_edited": pgettext_lazy("lifecycle", "Suggestion edited"),
        "suggestion_removed": pgettext_lazy("lifecycle", "Suggestion removed"),
        "suggestion_withdrawn": pgettext_lazy("lifecycle", "Suggestion withdrawn"),
        "submitted": pgettext_lazy("lifecycle", "Submitted"),
        "forwarded": pgettext_lazy("lifecycle", "Forwarded to the departments"),
        "closed": pgettext_lazy("lifecycle", "Closed"),
        "progress_reported": pgettext_lazy("lifecycle", "Implementation report submitted"),
        "handling_started": pgettext_lazy("lifecycle", "Handling started"),
        "contact_logged": pgettext_lazy("lifecycle", "Contact logged"),
        "return_requested": pgettext_lazy("lifecycle", "Return as wrongly sent requested"),
        "extension_requested": pgettext_lazy("lifecycle", "Extension requested"),
        "return_granted": pgettext_lazy("lifecycle", "Return granted"),
        "return_refused": pgettext_lazy("lifecycle", "Return refused"),
        "extension_granted": pgettext_lazy("lifecycle", "Extension granted"),
        "extension_refused": pgettext_lazy("lifecycle", "Extension refused"),
        "reassigned": pgettext_lazy("lifecycle", "Reassigned to another department"),
        "input_sent": pgettext_lazy("lifecycle", "Co-handler's input sent to the lead department"),
        "closed_with_lead": pgettext_lazy("lifecycle", "Closed with the lead department"),
        "reply_drafted": pgettext_lazy("lifecycle", "Reply drafted"),
        "reply_edited": pgettext_lazy("lifecycle", "Reply edited"),
        "reply_submitted": pgettext_lazy("lifecycle", "Reply sent for approval"),
        "submitted_for_approval": pgettext_lazy("lifecycle", "Reply sent for the leader's approval"),
        "reply_approved": pgettext_lazy("lifecycle", "Reply approved"),
        "approved": pgettext_lazy("lifecycle", "Approved"),
        "reply_sent_back": pgettext_lazy("lifecycle", "Reply sent back by the leader"),
        "sent_back": pgettext_lazy("lifecycle", "Sent back by the leader"),
        "evaluated_satisfied": pgettext_lazy("lifecycle", "Evaluated: satisfied"),
        "evaluated_basically_satisfied": pgettext_lazy("lifecycle", "Evaluated: basically satisfied"),
        "evaluated_unsatisfied": pgettext_lazy("lifecycle", "Evaluated: unsatisfied, handled again"),
        "countersigned": pgettext_lazy("lifecycle", "Countersigned by a co-handling department"),
        "case_opened": pgettext_lazy("lifecycle", "Supervision case opened"),
        "event_recorded": pgettext_lazy("lifecycle", "Supervision event recorded"),
        "case_closed": pgettext_lazy("lifecycle", "Supervision case closed"),
    },
    states=[
        *GroupStatus.choices, *ReportStatus.choices, *OutcomeStatus.choices, *AssignmentStatus.choices,
        *ReplyStatus.choices, *CaseStatus.choices,
    ],
)

# The same action name means different things on different objects.
ACTION_LABELS_BY_MODEL = {
    ("topic", "created"): pgettext_lazy("lifecycle", "Candidate topic recorded"),
    ("outcome", "created"): pgettext_lazy("lifecycle", "Outcome document drafted"),
    ("outcome", "edited"): pgettext_lazy("lifecycle", "Outcome document edited"),
    ("outcome", "submitted"): pgettext_lazy("lifecycle", "Submitted to the party committee and government"),
    ("outcome", "closed"): pgettext_lazy("lifecycle", "Outcome closed: every assignment closed"),
    ("assignment", "closed"): pgettext_lazy("lifecycle", "Assignment closed: implemented"),
    ("reply", "approved"): pgettext_lazy("lifecycle", "Reply approved by the government leader"),
}
history_labels.register(model_actions=ACTION_LABELS_BY_MODEL)  # the detail pages' history reads them too

# Recorded both as a history row and as a dated record: the dated record is shown (it says when it happened).
SHOWN_AS_RECORDS = {"opinion_recorded", "activity_recorded", "contact_logged", "event_recorded"}
# A reply step moves its assignment too; the reply's row already tells it.
MIRRORED_ON_ASSIGNMENT = {"reply_submitted", "reply_approved", "reply_sent_back", "countersigned"}
# The evaluation is recorded on the reply (its `evaluate` step) and on the assignment (the move it causes);
# the timeline shows the assignment's, which carries the state.
MIRRORED_ON_REPLY = {"evaluated_satisfied", "evaluated_basically_satisfied", "evaluated_unsatisfied"}

PHASE_BY_MODEL = {
    "topic": Phase.SCREENING,
    "researchgroup": Phase.RESEARCH,
    "milestone": Phase.RESEARCH,
    "activity": Phase.RESEARCH,
    "report": Phase.RESEARCH,
    "outcome": Phase.OUTCOME,
    "assignment": Phase.ASSIGNMENT,
    "reply": Phase.REPLY,
    "supervisioncase": Phase.SUPERVISION,
}
PHASE_BY_ACTION = {
    "progress_reported": Phase.PROGRESS,
    "submitted_for_approval": Phase.APPROVAL,
    "approved": Phase.APPROVAL,
    "sent_back": Phase.APPROVAL,
    "evaluated_satisfied": Phase.EVALUATION,
    "evaluated_basically_satisfied": Phase.EVALUATION,
    "evaluated_unsatisfied": Phase.EVALUATION,
}
STATE_CHOICES_BY_MODEL = {
    "topic": TopicStatus, "researchgroup": GroupStatus, "report": ReportStatus, "outcome": OutcomeStatus,
    "assignment": AssignmentStatus, "reply": ReplyStatus, "supervisioncase": CaseStatus,
}


# A proposal's steps that lead to the topic it became (the rest of its handling is on the proposal's page).
ORIGIN_PROPOSAL_STEPS = ("proposal_submitted", "proposal_accepted", "proposal_made_topic")


@dataclass
class TimelineItem:
    on: datetime.date
    at: datetime.datetime
    phase: str
    label: str
    actor: str = ""
    subject: str = ""
    state: str = ""
    note: str = ""
    details: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label


@dataclass
class Lifecycle:
    topic: Topic
    items: list[TimelineItem]
    stage: str
    stage_phase: str
    finished: bool
    assignments: list
    open_assignments: list
    overdue_assignments: list
    open_cases: list
    last_step: TimelineItem | None
    days_since_last_step: int | None


def _name(user) -> str:
    return user.display_name if user is not None else str(pgettext_lazy("lifecycle", "System"))


def _moment(day: datetime.date, created_at: datetime.datetime) -> datetime.datetime:
    """Order a dated record within its day: when it was typed in that day, else at the day's start."""
    if timezone.localtime(created_at).date() == day:
        return created_at
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class _Records:
    """Every dated record of one topic the reader may see, each kind in one query, so the cost does not grow with
    history. Outcome-stage records come through the outcome app's scoped selectors: a vice-chair sees none, a
    leader in charge those of the departments they lead, a department its own (as on every other page)."""

    def __init__(self, topic: Topic, user):
        self.topic = topic
        self.opinions = list(TopicOpinion.objects.filter(topic=topic).select_related("member_group", "recorded_by"))
        self.group = ResearchGroup.objects.filter(topic=topic).select_related("leader").first()
        self.reports = {r.pk: r for r in Report.objects.filter(group__topic=topic).only("id", "version", "title")}
        self.activities = list(Activity.objects.filter(group__topic=topic).select_related("created_by"))
        outcomes = outcomes_for(user).filter(topic=topic)
        self.outcomes = {o.pk: o for o in outcomes.select_related(None)}
        assignments = assignments_for(user).filter(outcome__topic=topic)
        self.assignments = {
            a.pk: a
            for a in with_deadline_flags(assignments.select_related(None).select_related("department", "outcome"))
            .order_by("due_on", "id")
        }
        self.reply_assignment = dict(
            replies_for(user).filter(assignment__outcome__topic=topic).values_list("id", "assignment_id")
        )
        self.suggestions = set(
            Suggestion.objects.filter(outcome__in=outcomes.values("pk")).values_list("id", flat=True)
        )
        self.contacts = list(
            Contact.objects.filter(assignment__in=assignments.values("pk"))
            .select_related("assignment__department", "recorded_by")
        )
        cases = cases_for(user).filter(outcome__topic=topic)
        self.cases = {c.pk: c for c in cases.select_related(None)}
        self.events = list(
            SupervisionEvent.objects.filter(case__in=cases.values("pk")).select_related("case", "recorded_by")
        )
        # The member's proposal the topic came from (R2), as far as the reader may see it: its steps up to the
        # topic open the timeline.
        self.origin_proposals = {p.pk: p for p in proposals_for(user).filter(topic=topic).select_related(None)
                                 .only("id", "title", "number", "year", "status")}
        self.origin_steps = list(
            HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(Proposal),
                                        object_id__in=list(self.origin_proposals), action__in=ORIGIN_PROPOSAL_STEPS)
            .select_related("actor")
        )

    def may_see(self, model: str, object_id: int) -> bool:
        """Whether a history entry's subject is one the reader may see (outcome-stage subjects are scoped)."""
        visible = {
            "outcome": self.outcomes, "assignment": self.assignments, "reply": self.reply_assignment,
            "supervisioncase": self.cases, "suggestion": self.suggestions,
        }.get(model)
        return visible is None or object_id in visible

    def assignment_subject(self, assignment) -> str:
        if assignment is None:
            return ""
        return f"{assignment.department.name}（{assignment.get_role_display()}）"

    def subject(self, model: str, object_id: int) -> str:
        if model == "report" and object_id in self.reports:
            return f"{self.reports[object_id].title} v{self.reports[object_id].version}"
        if model == "outcome" and object_id in self.outcomes:
            return self.outcomes[object_id].title
        if model == "assignment":
            return self.assignment_subject(self.assignments.get(object_id))
        if model == "reply":
            return self.assignment_subject(self.assignments.get(self.reply_assignment.get(object_id)))
        if model == "supervisioncase" and object_id in self.cases:
            return self.cases[object_id].title
        return ""

    def event_day(self, model: str, action: str, object_id: int) -> datetime.date | None:
        """The day a step happened when a meeting or document date is recorded, not the day it was typed in."""
        topic, group = self.topic, self.group
        outcome, case = self.outcomes.get(object_id), self.cases.get(object_id)
        days = {
            ("topic", "shortlisted"): topic.shortlisted_on,
            ("topic", "adopted"): topic.adopted_on,
            ("researchgroup", "group_formed"): group.formed_on if group else None,
            ("outcome", "submitted"): outcome.submitted_on if outcome else None,
            ("outcome", "forwarded"): outcome.forwarded_on if outcome else None,
            ("supervisioncase", "case_opened"): case.opened_on if case else None,
            ("supervisioncase", "case_closed"): case.closed_on if case else None,
        }
        return days.get((model, action))

    def url(self, model: str, object_id: int) -> str:
        target = {
            "report": self.reports, "outcome": self.outcomes, "assignment": self.assignments, "supervisioncase": self.cases,
        }.get(model, {}).get(object_id)
        if model == "researchgroup" and self.group is not None:
            target = self.group
        return target.get_absolute_url() if target is not None else ""


def _history_item(entry, records: _Records) -> TimelineItem | None:
    model = entry.content_type.model
    if (
        entry.action in SHOWN_AS_RECORDS
        or (model == "assignment" and entry.action in MIRRORED_ON_ASSIGNMENT)
        or (model == "reply" and entry.action in MIRRORED_ON_REPLY)
    ):
        return None
    label = ACTION_LABELS_BY_MODEL.get((model, entry.action)) or entry.action_label
    states = STATE_CHOICES_BY_MODEL.get(model)
    state = dict(states.choices).get(entry.to_state, entry.to_state_label) if states and entry.to_state else ""
    phase = PHASE_BY_ACTION.get(entry.action) or PHASE_BY_MODEL.get(model, Phase.SCREENING)
    details = []
    topic = records.topic
    if model == "topic" and entry.action == "created":
        phase = Phase.ORIGIN
        origin = topic.get_origin_display() + (f"：{topic.origin_reference}" if topic.origin_reference else "")
        details.append(pgettext_lazy("lifecycle", "Source: %(source)s; origin: %(origin)s") % {"source": topic.get_source_display(), "origin": origin})
    if entry.action == "forwarded":
        for row in entry.changes.get("assignments", []):
            role = dict(AssignmentRole.choices).get(row.get("role"), row.get("role"))
            details.append(pgettext_lazy("lifecycle", "%(department)s (%(role)s), due on %(due)s") % {
                "department": row.get("department"), "role": role, "due": row.get("due_on"),
            })
    if entry.changes.get("new_due_on"):
        details.append(pgettext_lazy("lifecycle", "New due date: %(due)s") % {"due": entry.changes["new_due_on"]})
    note = entry.note
    if model == "topic" and entry.action == "created" and note == topic.origin_reference:
        note = ""
    label = str(label)
    state = str(state)
    local = timezone.localtime(entry.created_at)
    return TimelineItem(
        on=records.event_day(model, entry.action, entry.object_id) or local.date(),
        at=entry.created_at,
        phase=phase,
        label=label,
        actor=_name(entry.actor),
        subject=records.subject(model, entry.object_id),
        state="" if state == label else state,
        note=note,
        details=details,
        url=records.url(model, entry.object_id),
    )


def _record_items(records: _Records) -> list[TimelineItem]:
    items = []
    for entry in records.origin_steps:
        proposal = records.origin_proposals[entry.object_id]
        items.append(TimelineItem(
            on=timezone.localtime(entry.created_at).date(), at=entry.created_at, phase=Phase.ORIGIN,
            label=str(entry.action_label), actor=_name(entry.actor),
            subject=f"{proposal.number_label} {proposal.title}".strip(), note=entry.note,
            url=proposal.get_absolute_url(),
        ))
    for opinion in records.opinions:
        day = opinion.held_on or timezone.localtime(opinion.created_at).date()
        items.append(TimelineItem(
            on=day, at=opinion.created_at, phase=Phase.SCREENING, label=str(pgettext_lazy("lifecycle", "Member group opinion")),
            actor=_name(opinion.recorded_by), subject=opinion.member_group.name, state=opinion.get_stance_display(),
            note=opinion.comment,
        ))
    for activity in records.activities:
        details = [v for v in (activity.destination, activity.place, activity.hosts) if v]
        items.append(TimelineItem(
            on=activity.held_on, at=_moment(activity.held_on, activity.created_at), phase=Phase.RESEARCH,
            label=activity.get_kind_display(), actor=_name(activity.created_by), subject=activity.title,
            note=activity.content, details=[" · ".join(details)] if details else [],
            url=f"{records.group.get_absolute_url()}#activity-{activity.pk}" if records.group else "",
        ))
    for contact in records.contacts:
        items.append(TimelineItem(
            on=contact.held_on, at=_moment(contact.held_on, contact.created_at), phase=Phase.ASSIGNMENT,
            label=contact.get_kind_display(), actor=_name(contact.recorded_by),
            subject=records.assignment_subject(contact.assignment), note=contact.summary,
            details=[v for v in (contact.method, contact.participants) if v],
            url=contact.assignment.get_absolute_url(),
        ))
    for event in records.events:
        items.append(TimelineItem(
            on=event.happened_on, at=_moment(event.happened_on, event.created_at), phase=Phase.SUPERVISION,
            label=event.get_kind_display(), actor=_name(event.recorded_by), subject=f"{event.case.title}：{event.title}",
            note=event.description, url=event.case.get_absolute_url(),
        ))
    return items


def _stage(topic: Topic, records: _Records) -> tuple[str, str, bool]:
    """(what the matter is waiting for, its phase, whether the lifecycle is finished)."""
    if topic.status == TopicStatus.CANDIDATE:
        return str(pgettext_lazy("lifecycle", "Candidate topic, waiting for the chair meeting")), Phase.SCREENING, False
    if topic.status == TopicStatus.SHORTLISTED:
        return str(pgettext_lazy("lifecycle", "Shortlisted, waiting for the standing committee")), Phase.SCREENING, False
    if topic.status in (TopicStatus.REJECTED, TopicStatus.MERGED):
        return topic.get_status_display(), Phase.SCREENING, True
    outcomes = list(records.outcomes.values())
    assignments = list(records.assignments.values())
    if outcomes:
        leads = [a for a in assignments if a.role == AssignmentRole.LEAD]
        if any(a.status == AssignmentStatus.PENDING_APPROVAL for a in leads):
            return str(pgettext_lazy("lifecycle", "A reply is waiting for the government leader's approval")), Phase.APPROVAL, False
        if any(a.status in OPEN_ASSIGNMENT_STATES for a in assignments):
            return str(pgettext_lazy("lifecycle", "The departments are handling the matter")), Phase.ASSIGNMENT, False
        # A co-handler that countersigned stays "replied"; the lead's reply is the one evaluated.
        if any(a.status == AssignmentStatus.REPLIED for a in leads):
            return str(pgettext_lazy("lifecycle", "Replied, waiting for the committee's evaluation")), Phase.EVALUATION, False
        if any(o.status == OutcomeStatus.FORWARDED for o in outcomes):
            return str(pgettext_lazy("lifecycle", "Being implemented")), Phase.PROGRESS, False
        if any(o.status == OutcomeStatus.SUBMITTED for o in outcomes):
            return str(pgettext_lazy("lifecycle", "Submitted, waiting to be forwarded to the departments")), Phase.OUTCOME, False
        if any(o.status == OutcomeStatus.DRAFT for o in outcomes):
            return str(pgettext_lazy("lifecycle", "Outcome document being drafted")), Phase.OUTCOME, False
        if any(c.status == CaseStatus.OPEN for c in records.cases.values()):
            return str(pgettext_lazy("lifecycle", "Implemented; still under supervision")), Phase.SUPERVISION, False
        return str(pgettext_lazy("lifecycle", "Closed: implemented")), Phase.OUTCOME, True
    if records.group is not None:
        return pgettext_lazy("lifecycle", "Research: %(status)s") % {"status": records.group.get_status_display()}, Phase.RESEARCH, False
    return str(pgettext_lazy("lifecycle", "Adopted, no research group or outcome document yet")), Phase.SCREENING, False


def topic_lifecycle(topic: Topic, user, today: datetime.date | None = None) -> Lifecycle:
    """The topic's dated timeline from its origin to supervision, oldest first, with a header of where it stands;
    of the outcome stage, only what `user` may see."""
    today = today or timezone.localdate()
    records = _Records(topic, user)
    items = [
        item for entry in history_for_topic(topic.pk)
        if records.may_see(entry.content_type.model, entry.object_id)
        and (item := _history_item(entry, records)) is not None
    ]
    items += _record_items(records)
    # The origin opens the timeline even when meetings were entered with earlier dates than the record itself.
    items.sort(key=lambda item: (item.phase != Phase.ORIGIN, item.on, item.at))
    stage, stage_phase, finished = _stage(topic, records)
    assignments = list(records.assignments.values())
    # Stable sort: among steps of the same moment the one recorded last stays last.
    last = sorted(items, key=lambda item: (item.on, item.at))[-1] if items else None
    return Lifecycle(
        topic=topic,
        items=items,
        stage=stage,
        stage_phase=stage_phase,
        finished=finished,
        assignments=assignments,
        open_assignments=[a for a in assignments if a.status in OPEN_ASSIGNMENT_STATES],
        overdue_assignments=[a for a in assignments if a.is_overdue],
        open_cases=[c for c in records.cases.values() if c.status == CaseStatus.OPEN],
        last_step=last,
        days_since_last_step=(today - last.on).days if last else None,
    )
