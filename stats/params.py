"""Reading the year and department of a statistics request, the same way for pages and the API."""
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput
from directory.models import Department
from directory.roles import COMMITTEE_READERS

from .selectors import EARLIEST_YEAR, LATEST_YEAR

# County-wide figures for everyone who reads the committee's work (a decision: the ranking of departments is
# the committee's public account of the year); a department officer sees its own matters in the outcome pages.
STATS_READERS = COMMITTEE_READERS


def parse_year(value) -> int:
    """The requested year, the current one when absent; a malformed or implausible year is refused."""
    if value in (None, ""):
        return timezone.localdate().year
    text = str(value).strip()
    if not text.isdigit() or not EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
        message = _("Enter a year between %(first)s and %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        raise InvalidInput(message, field_errors={"year": [message]})
    return int(text)


def parse_department(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or not Department.objects.filter(pk=int(text)).exists():
        message = _("Select a valid department.")
        raise InvalidInput(message, field_errors={"department": [message]})
    return int(text)
