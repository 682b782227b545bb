"""Reminder sweeps of outcome conversion: reply deadlines (with escalation), periodic reports (R9) and the
proposer's evaluation of an approved reply."""
import datetime
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from chengwu_cppcc.documents import chinese_date
from directory.roles import Role
from directory.selectors import department_officer_ids, users_with_role
from notifications.services import ReminderDue, send_reminders
from notifications.sweeping import batches
from workdays.services import add_working_days, working_calendar, working_days_between

from .models import (
    PERIODIC_REPORT_KINDS,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    DeadlinePolicy,
    Outcome,
    OutcomeStatus,
    Reply,
    ReplyStatus,
)
from .selectors import UNREPLIED_STATES, next_report_due


class OpenAssignment(NamedTuple):
    """The few columns a deadline sweep needs, read as tuples (no model instances for 100,000 rows)."""

    id: int
    due_on: datetime.date
    department_id: int
    department_name: str
    outcome_title: str


def reply_deadline_reminders(assignment, *, today, policy, overdue_days: int, days_left: int) -> list[tuple[str, str, str]]:
    """(kind, period, audience) of the reminders due today for one assignment; the schedule in one place."""
    due = assignment.due_on.isoformat()
    found = []
    if 0 < days_left <= policy.dept_days_before_due:
        found.append(("reply_due_soon", due, "department"))
    if days_left == 0 and assignment.due_on == today and policy.dept_on_due_date:
        found.append(("reply_due_today", due, "department"))
    if assignment.due_on < today and policy.dept_first_overdue_day:
        found.append(("reply_overdue", due, "department"))
    if overdue_days >= policy.escalate_after_overdue_days:
        step = (overdue_days - policy.escalate_after_overdue_days) // max(policy.escalate_every_days, 1)
        found.append(("reply_escalation", f"{due}#{step}", "escalation"))
    return found


def _open_assignment_batches(*, horizon: datetime.date, size: int):
    """Unreplied assignments due by `horizon`, in keyset batches of plain rows."""
    last_id = 0
    while True:
        rows = [
            OpenAssignment(*row)
            for row in Assignment.objects.filter(status__in=UNREPLIED_STATES, due_on__lte=horizon, pk__gt=last_id)
            .order_by("pk")
            .values_list("id", "due_on", "department_id", "department__name", "matter__title")[:size]
        ]
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def sweep_reply_deadlines(*, today: datetime.date, policy) -> int:
    """Department: N working days before, on the due date, first overdue day; then escalate weekly."""
    horizon = add_working_days(today, policy.dept_days_before_due)
    calendar = working_calendar(start=today - datetime.timedelta(days=60), end=horizon)
    content_type_id = ContentType.objects.get_for_model(Assignment).pk
    escalation = []
    if policy.escalate_to_supervisor:
        escalation += list(users_with_role(Role.SUPERVISOR).values_list("id", flat=True))
    if policy.escalate_to_staff:
        escalation += list(users_with_role(Role.STAFF).values_list("id", flat=True))
    url_template = reverse("outcomes:assignment-detail", args=[0]).replace("/0/", "/{}/")
    distance: dict[datetime.date, int] = {}  # many assignments share a due date: count once per date
    sent = 0
    for batch in _open_assignment_batches(horizon=horizon, size=policy.batch_size):
        officers = department_officer_ids({a.department_id for a in batch})
        dues = []
        for assignment in batch:
            if assignment.due_on not in distance:
                distance[assignment.due_on] = working_days_between(today, assignment.due_on, calendar=calendar)
            days_left = distance[assignment.due_on]
            overdue_days = -days_left if assignment.due_on < today else 0
            for kind, period, audience in reply_deadline_reminders(
                assignment, today=today, policy=policy, overdue_days=overdue_days, days_left=days_left
            ):
                recipients = officers.get(assignment.department_id, ()) if audience == "department" else escalation
                title, body = _reply_texts(kind, assignment, overdue_days, days_left)
                dues.append(
                    ReminderDue(
                        content_type_id=content_type_id, object_id=assignment.id, kind=kind, period=period,
                        title=title, body=body, url=url_template.format(assignment.id),
                        recipient_ids=tuple(recipients),
                        digest=_escalation_digest if audience == "escalation" else None,
                    )
                )
        sent += send_reminders(dues)
    return sent


DIGEST_LISTED = 20


def _escalation_digest(dues: list[ReminderDue]) -> tuple[str, str, str, str]:
    """Many escalations at once (a backlog): the office gets one notification listing them, not one each."""
    lines = [due.body for due in dues[:DIGEST_LISTED]]
    if len(dues) > DIGEST_LISTED:
        lines.append(_("… %(count)d in all; see the list of overdue assignments.") % {"count": len(dues)})
    url = reverse("outcomes:assignment-list") + "?overdue=true"
    title = _("Overdue supervision: %(count)d assignments not replied to in time") % {"count": len(dues)}
    return "reply_escalation_digest", title, "\n".join(lines), url


def _reply_texts(kind: str, assignment: OpenAssignment, overdue_days: int, days_left: int) -> tuple[str, str]:
    values = {
        "subject": _("“%(title)s”") % {"title": assignment.outcome_title},
        "department": assignment.department_name, "due": chinese_date(assignment.due_on),
        "days_left": days_left, "overdue_days": overdue_days,
    }
    if kind == "reply_due_soon":
        return (
            _("Reply due soon: %(subject)s") % values,
            _("%(department)s must reply to %(subject)s by %(due)s; %(days_left)d working days left.") % values,
        )
    if kind == "reply_due_today":
        return (
            _("Reply due today: %(subject)s") % values,
            _("The reply of %(department)s to %(subject)s is due today (%(due)s).") % values,
        )
    if kind == "reply_overdue":
        return (
            _("Reply overdue: %(subject)s") % values,
            _("%(department)s has passed the deadline (%(due)s) to reply to %(subject)s; please reply soon.") % values,
        )
    return (
        _("Overdue supervision: %(department)s %(subject)s") % values,
        _("%(department)s is %(overdue_days)d working days late replying to %(subject)s (due %(due)s); "
          "please follow it up.") % values,
    )


def sweep_progress_reports(*, today: datetime.date, policy) -> int:
    """R9: the lead department's periodic implementation report, N working days before it is due and when late."""
    intervals = {p.kind: p.report_interval_months for p in DeadlinePolicy.objects.all()}
    content_type_id = ContentType.objects.get_for_model(Outcome).pk
    outcomes = Outcome.objects.filter(
        status=OutcomeStatus.FORWARDED, kind__in=PERIODIC_REPORT_KINDS
    ).annotate(last_due=Max("progress_reports__period_due_on"))
    sent = 0
    for batch in batches(outcomes, policy.batch_size):
        leads = {
            a.outcome_id: a
            for a in Assignment.objects.filter(outcome__in=batch, role=AssignmentRole.LEAD)
            .exclude(status=AssignmentStatus.WITHDRAWN)
        }
        officers = department_officer_ids({a.department_id for a in leads.values()})
        dues = []
        for outcome in batch:
            lead = leads.get(outcome.pk)
            next_due = next_report_due(outcome, interval_months=intervals.get(outcome.kind, 3), last_due=outcome.last_due)
            if lead is None or next_due is None:
                continue
            if add_working_days(next_due, -policy.progress_days_before_due) > today:
                continue
            late = next_due < today
            dues.append(
                ReminderDue(
                    content_type_id=content_type_id, object_id=outcome.pk,
                    kind="progress_report_overdue" if late else "progress_report_due",
                    period=next_due.isoformat(),
                    title=(
                        _("Implementation report overdue: %(title)s") if late
                        else _("Implementation report due: %(title)s")
                    ) % {"title": outcome.title},
                    body=_("The implementation report on “%(title)s” is due to the committee by %(date)s.")
                    % {"title": outcome.title, "date": chinese_date(next_due)},
                    url=reverse("outcomes:assignment-detail", args=[lead.pk]),
                    recipient_ids=officers.get(lead.department_id, ()),
                )
            )
        sent += send_reminders(dues)
    return sent


# The proposer is reminded this many working days before the evaluation is due (a module constant, as the
# members' sweep keeps its own: ReminderPolicy has no field for it yet).
EVALUATION_DAYS_BEFORE_DUE = 3


class AwaitingEvaluation(NamedTuple):
    """The columns the evaluation sweep reads of an approved reply its proposer has not evaluated yet."""

    id: int
    due_on: datetime.date
    evaluator_id: int
    evaluator_full_name: str
    evaluator_username: str
    department_name: str
    title: str


def _awaiting_evaluation_batches(*, horizon: datetime.date, size: int):
    """Approved replies to a matter with a named evaluator (a proposal), not evaluated, due by `horizon`."""
    last_id = 0
    while True:
        rows = [
            AwaitingEvaluation(*row)
            for row in Reply.objects.filter(
                status=ReplyStatus.APPROVED, evaluation="", evaluation_due_on__lte=horizon,
                assignment__matter__evaluator__isnull=False, pk__gt=last_id,
            ).order_by("pk").values_list(
                "id", "evaluation_due_on", "assignment__matter__evaluator_id",
                "assignment__matter__evaluator__full_name", "assignment__matter__evaluator__username",
                "assignment__department__name", "assignment__matter__title",
            )[:size]
        ]
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def evaluation_reminders(reply: AwaitingEvaluation, *, today: datetime.date, days_left: int) -> list[tuple[str, str]]:
    """(kind, audience) of the reminders due today for one reply awaiting its proposer's evaluation."""
    if 0 < days_left <= EVALUATION_DAYS_BEFORE_DUE:
        return [("evaluation_due_soon", "evaluator")]
    if reply.due_on < today:  # the first sweep after the due date: the proposer, and the office may record it
        return [("evaluation_overdue", "evaluator"), ("evaluation_overdue_staff", "staff")]
    return []


def sweep_evaluations(*, today: datetime.date, policy) -> int:
    """The proposer's evaluation of an approved reply (15 working days by the deadline policy): the proposer a few
    working days before it is due and once it is overdue; then the committee staff, who may record a paper
    evaluation (one digest when many). An outcome's evaluation is the office's own and has no due date."""
    horizon = add_working_days(today, EVALUATION_DAYS_BEFORE_DUE)
    calendar = working_calendar(start=today, end=horizon)
    content_type_id = ContentType.objects.get_for_model(Reply).pk
    staff = tuple(users_with_role(Role.STAFF).values_list("id", flat=True))
    url_template = reverse("outcomes:reply-detail", args=[0]).replace("/0/", "/{}/")
    distance: dict[datetime.date, int] = {}
    sent = 0
    for batch in _awaiting_evaluation_batches(horizon=horizon, size=policy.batch_size):
        dues = []
        for reply in batch:
            if reply.due_on not in distance:  # an overdue one needs no count (nor the calendar of its past)
                distance[reply.due_on] = (
                    working_days_between(today, reply.due_on, calendar=calendar) if reply.due_on >= today else -1
                )
            days_left = distance[reply.due_on]
            for kind, audience in evaluation_reminders(reply, today=today, days_left=days_left):
                title, body = _evaluation_texts(kind, reply, days_left)
                url = url_template.format(reply.id)
                dues.append(
                    ReminderDue(
                        content_type_id=content_type_id, object_id=reply.id, kind=kind,
                        period=reply.due_on.isoformat(), title=title, body=body,
                        url=url + "#evaluate" if audience == "evaluator" else url,
                        recipient_ids=(reply.evaluator_id,) if audience == "evaluator" else staff,
                        digest=_evaluation_digest if audience == "staff" else None,
                    )
                )
        sent += send_reminders(dues)
    return sent


def _evaluation_digest(dues: list[ReminderDue]) -> tuple[str, str, str, str]:
    """Many evaluations overdue at once: the office gets one notification listing them."""
    lines = [due.body for due in dues[:DIGEST_LISTED]]
    if len(dues) > DIGEST_LISTED:
        lines.append(_("… %(count)d in all; see the replies awaiting evaluation in your to-do list.")
                     % {"count": len(dues)})
    title = _("Evaluations overdue: %(count)d replies not evaluated by their proposers") % {"count": len(dues)}
    return "evaluation_overdue_digest", title, "\n".join(lines), reverse("workbench:todo-list") + "?type=reply"


def _evaluation_texts(kind: str, reply: AwaitingEvaluation, days_left: int) -> tuple[str, str]:
    values = {
        "subject": _("“%(title)s”") % {"title": reply.title}, "department": reply.department_name,
        "proposer": reply.evaluator_full_name or reply.evaluator_username, "due": chinese_date(reply.due_on),
        "days_left": days_left,
    }
    if kind == "evaluation_due_soon":
        return (
            _("Evaluation due soon: %(subject)s") % values,
            _("Please evaluate the reply of %(department)s to %(subject)s by %(due)s; %(days_left)d working days "
              "left.") % values,
        )
    if kind == "evaluation_overdue":
        return (
            _("Evaluation overdue: %(subject)s") % values,
            _("Your evaluation of the reply of %(department)s to %(subject)s was due on %(due)s; please evaluate "
              "it soon.") % values,
        )
    return (
        _("Proposer's evaluation overdue: %(proposer)s %(subject)s") % values,
        _("%(proposer)s has not evaluated the reply of %(department)s to %(subject)s (due %(due)s); record their "
          "paper evaluation or follow it up.") % values,
    )
