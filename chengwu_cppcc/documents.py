"""Official documents as .docx in the GB/T 9704-2012 layout (党政机关公文格式), shared by every app."""
import datetime
import io
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
# 22 lines in the 225 mm type area.
LINE_PITCH = Pt(225 / 25.4 * 72 / 22)
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, e.g. 2026年11月26日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _set_run_font(run, east_asian: str, size=BODY_SIZE, bold: bool = False) -> None:
    run.font.size = size
    run.font.bold = bold
    run.font.name = east_asian
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), east_asian)


def _add_page_number(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(paragraph.add_run("— "), SONGTI, Pt(14))
    run = paragraph.add_run()
    _set_run_font(run, SONGTI, Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _set_run_font(paragraph.add_run(" —"), SONGTI, Pt(14))


class OfficialDocument:
    """A document builder that knows the national layout; callers only say what goes in it."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28 - 7)
        normal = self.doc.styles["Normal"]
        normal.font.size = BODY_SIZE
        normal.font.name = FANGSONG
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE_PITCH
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        _add_page_number(section)

    def _paragraph(self, text: str, font: str, *, size=BODY_SIZE, bold=False, align=None, indent=True):
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
        _set_run_font(paragraph.add_run(text), font, size, bold)
        return paragraph

    def title(self, text: str) -> None:
        paragraph = self._paragraph(text, XIAOBIAOSONG, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        paragraph.paragraph_format.line_spacing = Pt(35)
        self.doc.add_paragraph()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, after the title."""
        self._paragraph(f"{text}：", FANGSONG, indent=False)

    def heading1(self, text: str) -> None:
        self._paragraph(text, HEITI)

    def heading2(self, text: str) -> None:
        self._paragraph(text, KAITI)

    def heading3(self, text: str) -> None:
        self._paragraph(text, FANGSONG, bold=True)

    def paragraph(self, text: str) -> None:
        for line in (text or "").splitlines() or [""]:
            if line.strip():
                self._paragraph(line.strip(), FANGSONG)

    def centered(self, text: str) -> None:
        """A centred line in the body font, e.g. a document number under the title."""
        self._paragraph(text, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def flush_left(self, text: str) -> None:
        self._paragraph(text, FANGSONG, indent=False)

    def new_page(self) -> None:
        """Start an attachment on a new page (a page break, so the footer's page numbers run on)."""
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, headers: list[str], rows: list[list]) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            _set_run_font(cell.paragraphs[0].add_run(str(header)), HEITI, Pt(12))
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = ""
                _set_run_font(cell.paragraphs[0].add_run("" if value is None else str(value)), FANGSONG, Pt(12))
        self.doc.add_paragraph()

    def signature(self, issuer: str, day: datetime.date) -> None:
        """发文机关署名 and 成文日期 at the right, four characters in from the margin."""
        self.doc.add_paragraph()
        for text in (issuer, chinese_date(day)):
            paragraph = self._paragraph(text, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            paragraph.paragraph_format.right_indent = Pt(64)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def response(self, filename: str) -> HttpResponse:
        response = HttpResponse(self.to_bytes(), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, for headings "一、"."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    tens, units = divmod(n, 10)
    return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[units - 1] if units else "")
