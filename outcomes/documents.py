"""Word documents for printing (GB/T 9704-2012): the forwarding letter (交办函) and the minutes (纪要)."""
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .models import AssignmentRole, AssignmentStatus, Outcome

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
BODY_PT = 16
TITLE_PT = 22
ISSUER = "政协成武县委员会"
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_date(day) -> str:
    """成文日期 in Arabic numerals, e.g. 2026年11月26日 (GB/T 9704-2012, 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _ordinal(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def _set_font(run, name: str, size: int, bold: bool = False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    # The East Asian font must be named explicitly, or Word falls back to its default for Chinese text.
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _paragraph(doc, text: str = "", *, font=FANGSONG, size=BODY_PT, bold=False, align=None, indent=True,
               right_indent_chars: int = 0):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)  # 22 lines in the 225 mm type area
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if right_indent_chars:
        fmt.right_indent = Pt(BODY_PT * right_indent_chars)
    if align is not None:
        paragraph.alignment = align
    if text:
        _set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_number_footer(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run("— ")
    _set_font(run, "宋体", 14)
    field_run = paragraph.add_run()
    _set_font(field_run, "宋体", 14)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        field_run._element.append(element)
    _set_font(paragraph.add_run(" —"), "宋体", 14)


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)  # 210 − 28 − 26 = 156 mm type width
    style = doc.styles["Normal"]
    style.font.name = FANGSONG
    style.font.size = Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    _page_number_footer(section)
    return doc


def _title(doc, text: str):
    _paragraph(doc, text, font=XIAOBIAOSONG, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, indent=False)


def _body(doc, text: str):
    for line in (text or "").splitlines():
        if line.strip():
            _paragraph(doc, line.strip())


def _suggestions(doc, outcome: Outcome):
    for number, suggestion in enumerate(outcome.suggestions.all(), start=1):
        _paragraph(doc, f"{_ordinal(number)}、{suggestion.title}", font=HEITI)
        _body(doc, suggestion.content)


def _signature(doc, day, issuer: str = ISSUER):
    _paragraph(doc, indent=False)
    _paragraph(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_indent_chars=4)
    _paragraph(doc, chinese_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_indent_chars=4)


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def minutes_docx(outcome: Outcome) -> bytes:
    """The minutes or recommendation as a document (纪要格式: title, number, body, suggestions, issuer, date)."""
    doc = _new_document()
    _title(doc, outcome.title)
    if outcome.document_number:
        _paragraph(doc, outcome.document_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _body(doc, outcome.body)
    if outcome.suggestions.exists():
        _paragraph(doc, _("The suggestions are as follows:"), indent=True)
        _suggestions(doc, outcome)
    _signature(doc, outcome.submitted_on or timezone.localdate())
    return _save(doc)


def forwarding_letter_docx(outcome: Outcome) -> bytes:
    """交办函 (信函格式): addressee flush left, the matter, the lead and co-handlers, the due dates."""
    doc = _new_document()
    _title(doc, _("Letter forwarding “%(title)s”") % {"title": outcome.title})
    assignments = [
        a for a in outcome.assignments.select_related("department").order_by("role", "id")
        if a.status != AssignmentStatus.WITHDRAWN
    ]
    addressees = "、".join(a.department.name for a in assignments)
    _paragraph(doc, f"{addressees}：", indent=False)
    _paragraph(
        doc,
        _(
            "The %(kind)s “%(title)s” of the county CPPCC committee has been forwarded by the county party committee "
            "and government. Please handle it seriously, keep in contact with the committee before, during and after "
            "handling, and reply in a formal document by the due date below."
        )
        % {"kind": outcome.get_kind_display(), "title": outcome.title},
    )
    if outcome.forwarded_by_note:
        _paragraph(doc, outcome.forwarded_by_note)
    for number, assignment in enumerate(assignments, start=1):
        role = _("lead") if assignment.role == AssignmentRole.LEAD else _("co-handling")
        _paragraph(
            doc,
            _("%(number)s. %(department)s (%(role)s): due on %(due)s (%(days)d working days).")
            % {
                "number": number, "department": assignment.department.name, "role": role,
                "due": chinese_date(assignment.due_on), "days": assignment.working_days,
            },
        )
    _paragraph(doc, _("Attachment: %(title)s") % {"title": outcome.title})
    _signature(doc, outcome.forwarded_on or timezone.localdate())
    doc.add_section(WD_SECTION.NEW_PAGE)
    _title(doc, outcome.title)
    _body(doc, outcome.body)
    _suggestions(doc, outcome)
    return _save(doc)
