"""Periodic implementation reports (定期通报落实情况, R9) for special minutes and recommendations."""
import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput
from history.services import history_record

from ..models import Assignment, ProgressItem, ProgressReport
from ..selectors import next_report_due
from ..steps import ASSIGNMENT_STEPS
from .assignments import locked_own_assignment
from .common import optional_text, policy_for, require_int, require_text

REPEAT_WINDOW = datetime.timedelta(seconds=10)


def progress_report_submit(*, actor, assignment_id: int, text: str, items=None) -> ProgressReport:
    """The lead department reports implementation; each item updates a suggestion's progress."""
    text = require_text(text, "text")
    with transaction.atomic():
        # Write-lock the assignment row before reading anything (probe finding 8): on PostgreSQL the UPDATE takes
        # the row lock, on SQLite the database write lock, so a report sent at the same moment waits and then
        # sees this one (and is answered with it) instead of reading a snapshot without it.
        try:
            Assignment.objects.filter(pk=assignment_id).update(id=F("id"))
        except (TypeError, ValueError):
            pass  # not an id: the scoped lookup below answers 404
        assignment = locked_own_assignment(actor, assignment_id)
        outcome = assignment.outcome
        # Special minutes and recommendations, the lead, the matter still open.
        ASSIGNMENT_STEPS.check("report_progress", actor, assignment)
        # One report per (assignment, period): the same report again within the window is the one already sent.
        repeated = outcome.progress_reports.filter(
            assignment=assignment, text=text, submitted_at__gte=timezone.now() - REPEAT_WINDOW
        ).first()
        if repeated is not None:  # the same report sent twice (a double click): the first one stands
            repeated.repeated = True
            return repeated
        suggestions = {s.pk: s for s in outcome.suggestions.select_for_update(of=("self",))}
        cleaned, seen = [], set()
        for item in items or []:
            try:
                suggestion = suggestions.get(int(item.get("suggestion")))
            except (TypeError, ValueError):
                suggestion = None
            if suggestion is None or suggestion.pk in seen:
                message = _("Each item must name a different suggestion of this outcome.")
                raise InvalidInput(message, field_errors={"items": [message]})
            seen.add(suggestion.pk)
            progress = require_int(item.get("progress"), "items", minimum=0, maximum=100)
            cleaned.append((suggestion, progress, optional_text(item.get("note"))))
        policy = policy_for(outcome.kind)
        last = outcome.progress_reports.order_by("-period_due_on").values_list("period_due_on", flat=True).first()
        period_due_on = next_report_due(outcome, interval_months=policy.report_interval_months, last_due=last)
        report = ProgressReport.objects.create(
            outcome=outcome, assignment=assignment, period_due_on=period_due_on, text=text, submitted_by=actor
        )
        ProgressItem.objects.bulk_create(
            ProgressItem(report=report, suggestion=s, progress=p, note=n) for s, p, n in cleaned
        )
        for suggestion, progress, note in cleaned:
            suggestion.progress = progress
            suggestion.progress_note = note or suggestion.progress_note
            suggestion.save(update_fields=["progress", "progress_note"])
        history_record(
            subject=outcome, actor=actor, action="progress_reported", note=text,
            changes={str(s.number): p for s, p, _n in cleaned}, topic_id=outcome.topic_id,
        )
    return report
