"""The meeting an outcome document records (纪要): date, place, who presided, who attended, who was on leave."""
from django.db import transaction
from django.utils.translation import gettext as _

from chengwu_cppcc.validation import invalid, locked, optional_date, optional_text, require_staff
from directory.models import Member
from history.services import history_record

from ..models import MeetingRecord, Outcome


def _lines(value, field: str) -> str:
    text = optional_text(value, field, max_length=2000) if value else ""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _members(ids, field: str) -> list[Member]:
    wanted = {int(i) for i in ids or [] if str(i).isdigit()}
    found = list(Member.objects.filter(pk__in=wanted))
    if len(found) != len(wanted) or len(wanted) != len(set(map(str, ids or []))):
        raise invalid(field, _("Select a valid choice."))
    return found


def meeting_record_save(
    *, actor, outcome_id, held_on=None, place: str = "", presiding=None, attendees=(), guests: str = "",
    observers: str = "", absent: str = "",
) -> MeetingRecord:
    """The office records (or corrects) the meeting; the minutes print it (出席/列席/请假)."""
    require_staff(actor)
    held_on = optional_date(held_on, "held_on", not_after_today=True)
    place = optional_text(place, "place", max_length=100)
    presiding_member = _members([presiding], "presiding")[0] if presiding not in (None, "") else None
    present = _members(attendees, "attendees")
    guests, observers, absent = _lines(guests, "guests"), _lines(observers, "observers"), _lines(absent, "absent")
    with transaction.atomic():
        outcome = locked(Outcome, outcome_id)
        record, created = MeetingRecord.objects.get_or_create(outcome=outcome)
        record.held_on, record.place, record.presiding = held_on, place, presiding_member
        record.guests, record.observers, record.absent = guests, observers, absent
        record.save()
        record.attendees.set(present)
        history_record(
            subject=outcome, actor=actor, action="meeting_recorded", topic_id=outcome.topic_id,
            note=", ".join(filter(None, [str(held_on or ""), place])),
        )
        return record
