"""Follow-up supervision (跟踪督办, R10, R13): cases owned jointly by the committee office and the supervision office."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState
from directory.models import User
from directory.roles import Role, has_role
from history.services import history_record

from ..models import EventKind, Matter, MatterOwner, Outcome, OutcomeStatus, SupervisionCase, SupervisionEvent
from ..selectors import cases_for
from ..steps import CASE_STEPS, OPEN_CASE_ROLES, SUPERVISING  # noqa: F401 - SUPERVISING: older imports
from .common import (
    locked,
    on_commit_notify,
    optional_text,
    require_choice,
    require_date,
    require_role,
    require_text,
    today,
)

REPEAT_WINDOW = datetime.timedelta(seconds=10)  # a second identical opening within it is the same submission


def _require_supervising(actor):
    require_role(actor, *OPEN_CASE_ROLES, message=_("Only committee staff or the supervision office may do this."))


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
    """A case on a forwarded outcome (or one of its suggestions), opened by the office or the supervision office."""
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
    matter = Matter.objects.filter(owner_kind=MatterOwner.OUTCOME, owner_id=outcome.pk).first()
    if outcome.status in (OutcomeStatus.DRAFT, OutcomeStatus.SUBMITTED, OutcomeStatus.WITHDRAWN) or matter is None:
        raise InvalidState(_("A matter is supervised once it has been forwarded."))
    suggestion = None
    if suggestion_id not in (None, ""):
        suggestion = outcome.suggestions.filter(pk=suggestion_id).first() if str(suggestion_id).isdigit() else None
        if suggestion is None:
            message = _("Select a suggestion of this outcome.")
            raise InvalidInput(message, field_errors={"suggestion": [message]})
    with transaction.atomic():
        Outcome.objects.select_for_update(of=("self",)).filter(pk=outcome.pk).first()  # two openings at once queue
        repeated = SupervisionCase.objects.filter(
            matter=matter, suggestion=suggestion, title=title, opened_on=opened_on,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).order_by("-id").first()
        if repeated is not None:
            repeated.repeated = True
            return repeated
        return open_matter_case(
            matter, actor=actor, title=title, committee_office=committee_office, committee_owner=committee_owner,
            supervision_owner=supervision_owner, opened_on=opened_on, outcome=outcome, suggestion=suggestion,
        )


def open_matter_case(matter: Matter, *, actor, title: str, committee_office: str, committee_owner=None,
                     supervision_owner=None, opened_on=None, leader=None, outcome=None,
                     suggestion=None) -> SupervisionCase:
    """The one way a case is created, for any forwarded matter (inside the caller's transaction): a key
    proposal's (the proposals' steps open it, with the leader who supervises it) or an outcome's (case_open).
    Records the history and tells the supervision office on commit."""
    case = SupervisionCase.objects.create(
        matter=matter, outcome=outcome, suggestion=suggestion, title=title[:200], committee_office=committee_office,
        committee_owner=committee_owner or actor, supervision_owner=supervision_owner, leader=leader,
        opened_on=opened_on or today(),
    )
    history_record(subject=case, actor=actor, action="case_opened", to_state=case.status, topic_id=matter.topic_id)
    on_commit_notify("case_opened", case_id=case.pk, actor_id=actor.pk)  # the supervision office follows it
    return case


def case_add_event(*, actor, case_id: int, kind: str, happened_on, title: str, description: str = "") -> SupervisionEvent:
    _require_supervising(actor)
    require_choice(kind, EventKind, "kind")
    happened_on = require_date(happened_on, "happened_on", not_after_today=True)
    title = require_text(title, "title", max_length=200)
    with transaction.atomic():
        case = locked(cases_for(actor), case_id)
        CASE_STEPS.check("events", actor, case)
        if happened_on < case.opened_on:
            message = _("The date cannot be before the case was opened.")
            raise InvalidInput(message, field_errors={"happened_on": [message]})
        event = SupervisionEvent.objects.create(
            case=case, kind=kind, happened_on=happened_on, title=title, description=optional_text(description),
            recorded_by=actor,
        )
        CASE_STEPS.apply("events", case, actor=actor, action="event_recorded", note=f"{happened_on} {title}",
                         checked=True)
    return event


def case_close(*, actor, case_id: int, result: str, closed_on=None) -> SupervisionCase:
    _require_supervising(actor)
    result = require_text(result, "result", _("Record the result of the supervision."))
    closed_on = require_date(closed_on or today(), "closed_on", not_after_today=True)
    with transaction.atomic():
        case = locked(cases_for(actor), case_id)
        CASE_STEPS.check("close", actor, case)
        if closed_on < case.opened_on:
            message = _("The date cannot be before the case was opened.")
            raise InvalidInput(message, field_errors={"closed_on": [message]})
        case.result, case.closed_on = result, closed_on
        CASE_STEPS.apply("close", case, actor=actor, action="case_closed", note=result, fields=["result", "closed_on"],
                         checked=True)
    return case
