"""The minutes (纪要格式) and the forwarding letter (交办函, 信函格式) as official .docx documents.

Documents are Chinese whatever the reader's interface language, so their sentences are written in Chinese here.
"""
import re

from django.utils import timezone, translation

from chengwu_cppcc.documents import (
    ISSUER,
    LetterDocument,
    MinutesDocument,
    OfficialDocument,
    chinese_date,
    chinese_ordinal,
)

from .models import AssignmentRole, AssignmentStatus, NumberKind, Outcome
from .numbers import MINUTES_KINDS, letter_number, number_for

__all__ = ["chinese_date", "forwarding_letter_docx", "minutes_docx", "ordered_assignments"]

# A line wholly in brackets that is not an ordinal "（一）": a drafting or revision note, not for the reader.
INTERNAL_NOTE = re.compile(r"^[（(](?![一二三四五六七八九十\d]+[）)]).*[）)]$")


def ordered_assignments(outcome: Outcome) -> list:
    """The lead first, then the co-handlers, each in the order they were assigned; withdrawn ones left out."""
    assignments = [
        a for a in outcome.assignments.select_related("department").order_by("id")
        if a.status != AssignmentStatus.WITHDRAWN
    ]
    return sorted(assignments, key=lambda a: a.role != AssignmentRole.LEAD)


def public_body(text: str) -> str:
    """The body without internal notes (a line like "（第二稿已根据……意见细化……）")."""
    return "\n".join(line for line in (text or "").splitlines() if not INTERNAL_NOTE.match(line.strip()))


def _suggestions(doc: OfficialDocument, outcome: Outcome, level: int) -> None:
    """Suggestions one level under the body's last heading: 一、 when the body has none, else （一）."""
    for number, suggestion in enumerate(outcome.suggestions.all(), start=1):
        if level == 0:
            doc.heading1(f"{chinese_ordinal(number)}、{suggestion.title}")
        elif level == 1:
            doc.heading2(f"（{chinese_ordinal(number)}）{suggestion.title}")
        else:
            doc.heading3(f"{number}．{suggestion.title}")
        doc.paragraph(suggestion.content)


def _body(doc: OfficialDocument, outcome: Outcome, *, with_title: bool = True) -> None:
    if with_title:
        doc.title(outcome.title)
    level = doc.structured(public_body(outcome.body))
    if outcome.suggestions.exists():
        if level == 0:
            doc.paragraph("具体建议如下：")
        _suggestions(doc, outcome, level)


def _meeting(outcome: Outcome):
    from .models import MeetingRecord

    try:
        return outcome.meeting
    except MeetingRecord.DoesNotExist:
        return None


def _attendance(doc: MinutesDocument, outcome: Outcome) -> None:
    meeting = _meeting(outcome)
    if meeting is None:
        return
    present = [m.name for m in meeting.attendees.all()]
    present += [line.strip() for line in meeting.guests.splitlines() if line.strip()]
    doc.blank()
    doc.attendance("出席", present)
    doc.attendance("列席", [line.strip() for line in meeting.observers.splitlines() if line.strip()])
    doc.attendance("请假", [line.strip() for line in meeting.absent.splitlines() if line.strip()])


def _meeting_line(outcome: Outcome) -> str:
    meeting = _meeting(outcome)
    if meeting is None or not (meeting.held_on or meeting.place or meeting.presiding):
        return ""
    parts = []
    if meeting.held_on:
        parts.append(f"{chinese_date(meeting.held_on)}")
    if meeting.place:
        parts.append(f"在{meeting.place}")
    if meeting.presiding:
        parts.append(f"由{meeting.presiding.name}主持召开会议")
    else:
        parts.append("召开会议")
    return "".join(parts) + f"，围绕“{outcome.topic.title}”进行协商。现将会议主要精神纪要如下。"


def minutes_document(outcome: Outcome) -> OfficialDocument:
    """纪要格式 for the three kinds of minutes; a recommendation (建议案) is in the plain layout, signed."""
    day = outcome.submitted_on or timezone.localdate()
    if outcome.kind in MINUTES_KINDS:
        number = number_for(outcome, NumberKind.MINUTES)
        kind = outcome.get_kind_display()
        doc = MinutesDocument(
            mark=f"{ISSUER}{kind if kind.endswith('纪要') else '纪要'}",
            issue=f"第{number.serial}期" if number else "", title=outcome.title, subject=kind, issued_on=day,
        )
        doc.title(outcome.title)
        if line := _meeting_line(outcome):
            doc.paragraph(line)
        _body(doc, outcome, with_title=False)
        _attendance(doc, outcome)
        doc.imprint(copies_to="县委办公室，县政府办公室", printed_on=day)
        return doc
    doc = OfficialDocument(title=outcome.title, subject=outcome.get_kind_display(), issued_on=day)
    _body(doc, outcome)
    doc.signature(ISSUER, day)
    return doc


def minutes_docx(outcome: Outcome) -> OfficialDocument:
    with translation.override("zh-hans"):
        return minutes_document(outcome)


def _instruction(note: str) -> str:
    note = (note or "").strip().rstrip("。；;，, ")
    return note or "请认真研究办理"


def forwarding_letter_docx(outcome: Outcome) -> OfficialDocument:
    """交办函 (信函格式): the matter, lead then co-handlers with due dates, 附件 the minutes on their own pages."""
    with translation.override("zh-hans"):
        day = outcome.forwarded_on or timezone.localdate()
        doc = LetterDocument(
            number=letter_number(outcome), title=f"关于交办《{outcome.title}》的函", subject="交办函", issued_on=day,
        )
        doc.title(f"关于交办《{outcome.title}》的函")
        assignments = ordered_assignments(outcome)
        doc.addressee("、".join(a.department.name for a in assignments))
        doc.paragraph(
            f"县政协《{outcome.title}》已经县委、县政府批转，现交你单位办理。{_instruction(outcome.forwarded_by_note)}。"
            "请做到办理前沟通、办理中联系、答复前协商，并于下列期限内以文件形式答复。"
        )
        for number, assignment in enumerate(assignments, start=1):
            role = "主办" if assignment.role == AssignmentRole.LEAD else "协办"
            doc.paragraph(
                f"{number}．{assignment.department.name}（{role}）：{chinese_date(assignment.due_on)}前答复"
                f"（{assignment.working_days}个工作日）。"
            )
        doc.attachment_note([outcome.title])
        doc.signature(ISSUER, day)
        doc.attachment()
        _body(doc, outcome)
        doc.imprint(copies_to="县委办公室，县政府办公室", printed_on=day)
        return doc
