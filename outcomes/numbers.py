"""发文字号 register: numbers per year and kind, assigned at first issue and kept; the office corrects them.

A letter (交办函) takes 成政协函〔year〕n号 in the year it was forwarded, minutes take 第n期 in the year they were
submitted. The number is taken the first time the issued document is produced (downloaded, shown or exported
after the step that issues it) and never changes after that, except by the office's correction.
"""
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, NotFound
from chengwu_cppcc.validation import require_int, require_staff
from history.services import history_record

from .models import IssuedNumber, NumberKind, Outcome, OutcomeKind

MINUTES_KINDS = (OutcomeKind.MEETING_MINUTES, OutcomeKind.WORK_MINUTES, OutcomeKind.SPECIAL_MINUTES)


def issue_day(outcome: Outcome, kind: str):
    """The day the document of this kind was issued, or None while it is not."""
    return outcome.forwarded_on if kind == NumberKind.LETTER else outcome.submitted_on


def number_for(outcome: Outcome, kind: str) -> IssuedNumber | None:
    """The outcome's number of this kind: the kept one, a new one if the document is issued, else None."""
    existing = next((n for n in _prefetched(outcome) if n.kind == kind), None)
    if existing is not None:
        return existing
    day = issue_day(outcome, kind)
    if day is None or (kind == NumberKind.MINUTES and outcome.kind not in MINUTES_KINDS):
        return None
    for _attempt in range(3):  # two first downloads at once: the loser reads the winner's number
        try:
            with transaction.atomic():
                Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
                kept = IssuedNumber.objects.filter(outcome=outcome, kind=kind).first()
                if kept is not None:
                    return kept
                last = IssuedNumber.objects.filter(kind=kind, year=day.year).aggregate(m=Max("serial"))["m"] or 0
                return IssuedNumber.objects.create(
                    kind=kind, year=day.year, serial=last + 1, outcome=outcome, assigned_on=timezone.localdate()
                )
        except IntegrityError:
            continue
    return IssuedNumber.objects.filter(outcome=outcome, kind=kind).first()


def _prefetched(outcome: Outcome):
    cache = getattr(outcome, "_prefetched_objects_cache", {})
    if "issued_numbers" in cache:
        return cache["issued_numbers"]
    return list(outcome.issued_numbers.all())


def letter_number(outcome: Outcome) -> str:
    number = number_for(outcome, NumberKind.LETTER)
    return number.label if number else ""


def number_correct(*, actor, number_id, serial) -> IssuedNumber:
    """The office corrects a serial (e.g. one taken by hand); it must stay unique in its year and kind."""
    require_staff(actor)
    serial = require_int(serial, "serial", minimum=1, maximum=99999)
    with transaction.atomic():
        number = IssuedNumber.objects.select_for_update().filter(pk=number_id).first() if str(number_id).isdigit() else None
        if number is None:
            raise NotFound()
        if number.serial == serial:
            return number
        if IssuedNumber.objects.filter(kind=number.kind, year=number.year, serial=serial).exists():
            msg = _("This number is already taken in this year.")
            raise InvalidInput(msg, field_errors={"serial": [msg]})
        before = number.label
        number.serial, number.corrected_by, number.corrected_at = serial, actor, timezone.now()
        number.save(update_fields=["serial", "corrected_by", "corrected_at"])
        history_record(
            subject=number.outcome, actor=actor, action="number_corrected", note=f"{before} → {number.label}",
            changes={"number": [before, number.label]}, topic_id=number.outcome.topic_id,
        )
        return number
