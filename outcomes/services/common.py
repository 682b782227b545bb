"""Helpers shared by the outcome services: policies, side-effect hooks, and the shared input checks."""
import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput
from chengwu_cppcc.validation import (  # noqa: F401 - the outcome services take their input checks from here
    invalid,
    locked,
    optional_text,
    require_choice,
    require_date,
    require_int,
    require_role,
    require_staff,
    require_text,
)
from directory.models import Department
from directory.selectors import active_departments

from ..models import PROPOSAL_POLICY, ApprovalRoute, DeadlinePolicy, DeadlineUnit

logger = logging.getLogger("outcomes")


def today() -> datetime.date:
    return timezone.localdate()


# Proposals (委员提案) are replied within 3 calendar months, approved by the department's leader in charge.
POLICY_DEFAULTS = {
    PROPOSAL_POLICY: {"reply_unit": DeadlineUnit.CALENDAR_MONTHS, "reply_months": 3,
                      "approval": ApprovalRoute.LEADER_IN_CHARGE},
}


def policy_for(kind: str) -> DeadlinePolicy:
    """The policy of a matter type (an outcome kind, or proposals); created with its defaults when first needed."""
    policy, _created = DeadlinePolicy.objects.get_or_create(kind=kind, defaults=POLICY_DEFAULTS.get(kind, {}))
    return policy


def on_commit_notify(event: str, **ids) -> None:
    """Tell the people concerned: the notifications are written in the step's transaction, sent after commit."""
    from ..events import notify_event

    logger.debug("outcomes event %s %s", event, ids)
    notify_event(event, **ids)


def active_department(pk, field: str) -> Department:
    """The active department `pk`, or 400 on `field`."""
    department = active_departments().filter(pk=pk).first() if str(pk).isdigit() else None
    if department is None:
        message = _("Select a valid department.")
        raise InvalidInput(message, field_errors={field: [message]})
    return department
