"""The input checks every stage's services share: each refusal is an InvalidInput (400) naming the field, in
the reader's language; a role refused is NotAllowed (403); a row outside the actor's scope is NotFound (404).

Text is stripped; text too long is refused, never cut (nothing the user typed is lost silently).
"""
import datetime

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.roles import Role, has_role

from .errors import InvalidInput, NotAllowed, NotFound


def invalid(field: str, message) -> InvalidInput:
    """The refusal of one field's value (raise it)."""
    return InvalidInput(message, field_errors={field: [str(message)]})


def require_role(actor, *roles: str, message=None) -> None:
    if not has_role(actor, *roles):
        raise NotAllowed(message or _("Your role may not take this step."))


def require_staff(actor) -> None:
    require_role(actor, Role.STAFF, message=_("Only committee office staff may take this step."))


def locked(source: QuerySet | type[Model], pk):
    """One row for update, from a scoped queryset (or a model's whole table); not there is 404."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        # No outer joins under FOR UPDATE (PostgreSQL refuses them); related rows load lazily.
        return queryset.select_related(None).select_for_update(of=("self",)).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _stripped(value) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _within(value: str, field: str, max_length: int | None) -> str:
    if max_length and len(value) > max_length:
        raise invalid(field, _("At most %(count)d characters.") % {"count": max_length})
    return value


def require_text(value, field: str, message=None, *, max_length: int | None = None) -> str:
    value = _stripped(value)
    if not value:
        raise invalid(field, message or _("This field is required."))
    return _within(value, field, max_length)


def optional_text(value, field: str = "", *, max_length: int | None = None) -> str:
    return _within(_stripped(value), field, max_length)


# Dates this system can mean (probe finding 9): nothing it records happened before 1990 or after 2099; a year-1
# or year-9999 date is a typing slip, refused with this range in the message instead of overflowing a calculation.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def plausible_date_message():
    return _("Enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}


def plausible_date(value) -> None:
    """A Django validator (forms, DRF fields): the date lies in [EARLIEST_DATE, LATEST_DATE]."""
    from django.core.exceptions import ValidationError

    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date) and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(plausible_date_message(), code="implausible_date")


def require_date(value, field: str, *, not_after_today: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        if value in (None, ""):
            raise invalid(field, _("This field is required."))
        try:
            value = datetime.date.fromisoformat(str(value))
        except (TypeError, ValueError):
            raise invalid(field, _("Enter a valid date (YYYY-MM-DD).")) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise invalid(field, plausible_date_message())
    if not_after_today and value > timezone.localdate():
        raise invalid(field, _("The date cannot be in the future."))
    return value


def require_date_in_years(value, field: str, *, first_year: int, last_year: int) -> datetime.date:
    """A plausible date whose year lies in [first_year, last_year] (a plan's meeting belongs to its plan)."""
    value = require_date(value, field)
    if not first_year <= value.year <= last_year:
        years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
        raise invalid(field, _("The date must fall in %(years)s.") % {"years": years})
    return value


def optional_date(value, field: str, *, not_after_today: bool = False) -> datetime.date | None:
    return None if value in (None, "") else require_date(value, field, not_after_today=not_after_today)


def require_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise invalid(field, _("Select a valid choice."))
    return value


def require_int(value, field: str, *, minimum: int, maximum: int) -> int:
    """A whole number (given as one, or as its digits) within [minimum, maximum]; 2.5 or True are refused."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        number = None
    else:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
    if number is None:
        raise invalid(field, _("Enter a whole number."))
    if not minimum <= number <= maximum:
        raise invalid(field, _("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum})
    return number


# A second identical create within this many seconds is the same submission arriving twice (a double click, a
# retry on a slow link): the service answers what the first one created instead of making another.
REPEAT_WINDOW = datetime.timedelta(seconds=10)


def repeated_create(queryset: QuerySet, **same):
    """The row this create made a moment ago (`same` fields equal, created within REPEAT_WINDOW), marked
    `repeated`, or None. Call under the lock that serialises such creates, so that two at once see each other."""
    from django.utils import timezone

    row = queryset.filter(created_at__gte=timezone.now() - REPEAT_WINDOW, **same).order_by("-id").first()
    if row is not None:
        row.repeated = True
    return row
