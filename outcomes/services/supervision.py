"""Follow-up supervision (跟踪督办, R10, R13): cases owned jointly by the committee office and the supervision office."""
from django.db import transaction
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState
from directory.models import User
from directory.roles import Role, has_role
from history.services import history_record

from ..models import CaseStatus, EventKind, Outcome, OutcomeStatus, SupervisionCase, SupervisionEvent
from ..selectors import cases_for
from .common import locked, optional_text, require_choice, require_date, require_role, require_text, today

SUPERVISING = (Role.STAFF, Role.SUPERVISOR)


def _require_supervising(actor):
    require_role(actor, *SUPERVISING, message=_("Only committee staff or the supervision office may do this."))


def _user_with_role(pk, role, field):
    if pk in (None, ""):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if user is None or not has_role(user, role):
        message = _("Select a valid person.")
        raise InvalidInput(message, field_errors={field: [message]})
    return user


def case_open(
    *, actor, outcome_id: int, title: str, committee_office: str, suggestion_id=None, opened_on=None,
    committee_owner_id=None, supervision_owner_id=None,
) -> SupervisionCase:
    _require_supervising(actor)
    title = require_text(title, "title", max_length=200)
    committee_office = require_text(committee_office, "committee_office", max_length=100)
    opened_on = require_date(opened_on or today(), "opened_on", not_after_today=True)
    committee_owner = _user_with_role(committee_owner_id, Role.STAFF, "committee_owner")
    if committee_owner is None:
        if not has_role(actor, Role.STAFF):
            message = _("Name the committee staff member in charge.")
            raise InvalidInput(message, field_errors={"committee_owner": [message]})
        committee_owner = actor
    supervision_owner = _user_with_role(supervision_owner_id, Role.SUPERVISOR, "supervision_owner")
    if supervision_owner is None and has_role(actor, Role.SUPERVISOR):
        supervision_owner = actor
    outcome = Outcome.objects.filter(pk=outcome_id).first() if str(outcome_id).isdigit() else None
    if outcome is None:
        message = _("Select a valid outcome document.")
        raise InvalidInput(message, field_errors={"outcome": [message]})
    if outcome.status in (OutcomeStatus.DRAFT, OutcomeStatus.SUBMITTED):
        raise InvalidState(_("A matter is supervised once it has been forwarded."))
    suggestion = None
    if suggestion_id not in (None, ""):
        suggestion = outcome.suggestions.filter(pk=suggestion_id).first() if str(suggestion_id).isdigit() else None
        if suggestion is None:
            message = _("Select a suggestion of this outcome.")
            raise InvalidInput(message, field_errors={"suggestion": [message]})
    with transaction.atomic():
        case = SupervisionCase.objects.create(
            outcome=outcome, suggestion=suggestion, title=title, committee_office=committee_office,
            committee_owner=committee_owner, supervision_owner=supervision_owner, opened_on=opened_on,
        )
        history_record(subject=case, actor=actor, action="case_opened", to_state=case.status, topic_id=outcome.topic_id)
    return case


def case_add_event(*, actor, case_id: int, kind: str, happened_on, title: str, description: str = "") -> SupervisionEvent:
    _require_supervising(actor)
    require_choice(kind, EventKind, "kind")
    happened_on = require_date(happened_on, "happened_on", not_after_today=True)
    title = require_text(title, "title", max_length=200)
    with transaction.atomic():
        case = locked(cases_for(actor), case_id)
        if case.status != CaseStatus.OPEN:
            raise InvalidState(_("The case is closed."))
        if happened_on < case.opened_on:
            message = _("The date cannot be before the case was opened.")
            raise InvalidInput(message, field_errors={"happened_on": [message]})
        event = SupervisionEvent.objects.create(
            case=case, kind=kind, happened_on=happened_on, title=title, description=optional_text(description),
            recorded_by=actor,
        )
        history_record(
            subject=case, actor=actor, action="event_recorded", note=f"{happened_on} {title}",
            topic_id=case.outcome.topic_id,
        )
    return event


def case_close(*, actor, case_id: int, result: str, closed_on=None) -> SupervisionCase:
    _require_supervising(actor)
    result = require_text(result, "result", _("Record the result of the supervision."))
    closed_on = require_date(closed_on or today(), "closed_on", not_after_today=True)
    with transaction.atomic():
        case = locked(cases_for(actor), case_id)
        if case.status != CaseStatus.OPEN:
            raise InvalidState(_("The case is already closed."))
        if closed_on < case.opened_on:
            message = _("The date cannot be before the case was opened.")
            raise InvalidInput(message, field_errors={"closed_on": [message]})
        case.status, case.result, case.closed_on = CaseStatus.CLOSED, result, closed_on
        case.save(update_fields=["status", "result", "closed_on"])
        history_record(
            subject=case, actor=actor, action="case_closed", from_state=CaseStatus.OPEN, to_state=case.status,
            note=result, topic_id=case.outcome.topic_id,
        )
    return case
