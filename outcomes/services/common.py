"""Helpers shared by the outcome services: locking, input checks, policies and side-effect hooks."""
import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, NotAllowed, NotFound
from directory.models import Department
from directory.roles import Role, has_role
from directory.selectors import active_departments

from ..models import DeadlinePolicy

logger = logging.getLogger("outcomes")


def today() -> datetime.date:
    return timezone.localdate()


def require_role(actor, *roles: str, message=None) -> None:
    if not has_role(actor, *roles):
        raise NotAllowed(message or _("Your role may not take this step."))


def require_staff(actor) -> None:
    require_role(actor, Role.STAFF, message=_("Only committee office staff may take this step."))


def locked(queryset, pk):
    """Fetch one row for update from an already scoped queryset; outside the scope is 404."""
    try:
        # No outer joins under FOR UPDATE (PostgreSQL refuses them); related rows load lazily.
        return queryset.select_related(None).select_for_update(of=("self",)).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def require_text(value, field: str, message=None, *, max_length: int | None = None) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not value:
        message = message or _("This field is required.")
        raise InvalidInput(message, field_errors={field: [str(message)]})
    if max_length and len(value) > max_length:
        message = _("At most %(count)d characters.") % {"count": max_length}
        raise InvalidInput(message, field_errors={field: [message]})
    return value


def optional_text(value, *, max_length: int | None = None) -> str:
    value = (value or "").strip()
    return value[:max_length] if max_length else value


def require_date(value, field: str, *, not_after_today: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value))
        except (TypeError, ValueError):
            message = _("Enter a valid date (YYYY-MM-DD).")
            raise InvalidInput(message, field_errors={field: [message]}) from None
    if not_after_today and value > today():
        message = _("The date cannot be in the future.")
        raise InvalidInput(message, field_errors={field: [message]})
    return value


def require_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        message = _("Select a valid choice.")
        raise InvalidInput(message, field_errors={field: [message]})
    return value


def require_int(value, field: str, *, minimum: int, maximum: int) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        number = int(value)
    except (TypeError, ValueError):
        message = _("Enter a whole number.")
        raise InvalidInput(message, field_errors={field: [message]}) from None
    if not minimum <= number <= maximum:
        message = _("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}
        raise InvalidInput(message, field_errors={field: [message]})
    return number


def policy_for(kind: str) -> DeadlinePolicy:
    """The policy of an outcome kind; created with the defaults the first time it is needed."""
    policy, _created = DeadlinePolicy.objects.get_or_create(kind=kind)
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
