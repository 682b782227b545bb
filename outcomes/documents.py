"""The minutes (纪要格式) and the forwarding letter (交办函, 信函格式) as official .docx documents."""
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chengwu_cppcc.documents import OfficialDocument, chinese_date, chinese_ordinal

from .models import AssignmentRole, AssignmentStatus, Outcome

ISSUER = "政协成武县委员会"

__all__ = ["chinese_date", "forwarding_letter_docx", "minutes_docx"]


def _suggestions(doc: OfficialDocument, outcome: Outcome) -> None:
    for number, suggestion in enumerate(outcome.suggestions.all(), start=1):
        doc.heading1(f"{chinese_ordinal(number)}、{suggestion.title}")
        doc.paragraph(suggestion.content)


def _minutes_body(doc: OfficialDocument, outcome: Outcome) -> None:
    doc.title(outcome.title)
    if outcome.document_number:
        doc.centered(outcome.document_number)
    doc.paragraph(outcome.body)
    if outcome.suggestions.exists():
        doc.paragraph(_("The suggestions are as follows:"))
        _suggestions(doc, outcome)


def minutes_docx(outcome: Outcome) -> OfficialDocument:
    """The minutes or recommendation: title, number, body, suggestions, issuer and date."""
    with translation.override("zh-hans"):
        doc = OfficialDocument()
        _minutes_body(doc, outcome)
        doc.signature(ISSUER, outcome.submitted_on or timezone.localdate())
        return doc


def forwarding_letter_docx(outcome: Outcome) -> OfficialDocument:
    """交办函: addressees flush left, the matter, lead and co-handlers with due dates; the minutes attached."""
    with translation.override("zh-hans"):
        doc = OfficialDocument()
        doc.title(_("Letter forwarding “%(title)s”") % {"title": outcome.title})
        assignments = [
            a for a in outcome.assignments.select_related("department").order_by("role", "id")
            if a.status != AssignmentStatus.WITHDRAWN
        ]
        doc.addressee("、".join(a.department.name for a in assignments))
        doc.paragraph(
            _(
                "The %(kind)s “%(title)s” of the county CPPCC committee has been forwarded by the county party "
                "committee and government. Please handle it seriously, keep in contact with the committee before, "
                "during and after handling, and reply in a formal document by the due date below."
            )
            % {"kind": outcome.get_kind_display(), "title": outcome.title}
        )
        if outcome.forwarded_by_note:
            doc.paragraph(outcome.forwarded_by_note)
        for number, assignment in enumerate(assignments, start=1):
            role = _("lead") if assignment.role == AssignmentRole.LEAD else _("co-handling")
            doc.paragraph(
                _("%(number)s. %(department)s (%(role)s): due on %(due)s (%(days)d working days).")
                % {
                    "number": number, "department": assignment.department.name, "role": role,
                    "due": chinese_date(assignment.due_on), "days": assignment.working_days,
                }
            )
        doc.paragraph(_("Attachment: %(title)s") % {"title": outcome.title})
        doc.signature(ISSUER, outcome.forwarded_on or timezone.localdate())
        doc.new_page()
        _minutes_body(doc, outcome)
        return doc
