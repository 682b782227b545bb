"""Official documents as .docx in the GB/T 9704-2012 layout (党政机关公文格式), shared by every app.

``OfficialDocument`` is the plain layout (plan, report): A4, margins 37/28/26/35 mm, a 22 × 28 document grid,
仿宋 16 pt justified body, 小标宋 22 pt title, real Word headings (一、黑体 / （一）楷体 / 1. 仿宋 bold), page
numbers "— 1 —" in 4号半角宋体 at the right on odd pages and at the left on even pages, one 字 in from the edge,
and a 版记. ``LetterDocument`` (信函格式) and ``MinutesDocument`` (纪要格式) add their own 版头 on top of it.
Callers only say what goes in the document.

Fonts are named as the standard names them; each carries the Windows alias as its ``altName`` in the font table
(仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体), so a machine without the GB2312 fonts falls back
to a font of the same family. On a server (LibreOffice) fontconfig maps them to the Debian CJK fonts: see README.
"""
import datetime
import io
import re

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
# The alias Word (and a fontconfig rule) uses when the GB2312 / Founder font is not installed.
FONT_ALIASES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
RED = RGBColor(0xE6, 0x00, 0x12)  # 公文红
ISSUER = "政协成武县委员会"
LANGUAGE = "zh-CN"
# The document grid: 22 lines of 28.95 pt in the 225 mm type area, 28 characters of 16 pt in 156 mm.
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579  # 28.95 pt × 20
TYPE_WIDTH = Mm(210 - 28 - 26)
# w:charSpace is the pitch's difference from the 16 pt default size in 1/4096 pt, rounded so 28 fit (kept on the
# grid for Word's "characters per line" dialog).
CHAR_SPACE = int((TYPE_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096) - 1
# The character pitch itself: 16 pt glyphs condensed by 0.25 pt (w:spacing in twentieths of a point) advance
# 15.75 pt, so 28 fit in 156 mm (442.2 pt). A Word character grid (linesAndChars) would say the same, but
# LibreOffice then gives each 16 pt glyph two grid cells (14 characters a line, measured), so it is not used.
CONDENSE_TWIPS = -5
assert CHARS_PER_LINE * (BODY_SIZE.pt + CONDENSE_TWIPS / 20) <= TYPE_WIDTH.pt < 29 * (BODY_SIZE.pt + CONDENSE_TWIPS / 20)
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHINESE_NUMERALS = "一二三四五六七八九十"
ORDINAL_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)")


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, e.g. 2026年11月26日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, for headings "一、"."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    tens, units = divmod(n, 10)
    return CHINESE_NUMERALS[tens - 1] + "十" + (CHINESE_NUMERALS[units - 1] if units else "")


def _fonts(element, east_asian: str) -> None:
    """Name one font for every script, dropping theme fonts (they would win over the names)."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), east_asian)


def _set_run_font(run, east_asian: str, size=BODY_SIZE, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _fonts(run._element.get_or_add_rPr(), east_asian)


def _language(r_pr) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _text_chars(text: str) -> float:
    """Width in 字: a Latin letter or digit is half a character."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _condense(r_pr) -> None:
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        r_pr.append(spacing)
    spacing.set(qn("w:val"), str(CONDENSE_TWIPS))


def _border(paragraph, side: str, kind: str, size_eighths: int, color: RGBColor = RED, space: int = 1) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), kind)
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), str(color))
    borders.append(line)


def _exact(paragraph, height) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = height
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _field(paragraph, instruction: str, font: str, size) -> None:
    run = paragraph.add_run()
    _set_run_font(run, font, size)
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _page_number(footer, align) -> None:
    """— 1 — in 4号半角宋体, one 字 in from the edge of the type area."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    _exact(paragraph, PAGE_NUMBER_SIZE)
    paragraph.paragraph_format.space_after = Pt(8.5)  # 3 mm above the 20 mm foot line of a letter's first page
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _set_run_font(paragraph.add_run("— "), SONGTI, PAGE_NUMBER_SIZE)
    _field(paragraph, "PAGE", SONGTI, PAGE_NUMBER_SIZE)
    _set_run_font(paragraph.add_run(" —"), SONGTI, PAGE_NUMBER_SIZE)


class OfficialDocument:
    """The plain layout (plan, report); a subclass adds its 版头 in ``masthead``."""

    kind = ""  # the kind of document, for the core properties' subject

    def __init__(self, *, title: str = "", issued_on: datetime.date | None = None, subject: str = "",
                 draft: bool = False):
        self.doc = Document()
        self.draft = draft
        self.issued_on = issued_on
        self._setup_page()
        self._setup_styles()
        self._setup_fonts()
        self._setup_footers()
        self._core_properties(title, subject or self.kind, issued_on)
        if draft:
            self._draft_notice()
        self.masthead()

    # Set-up ---------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(20)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        # A line grid (Word and LibreOffice both snap lines to it); the 28 characters come from CONDENSE below.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(r_pr, FANGSONG)
        for tag in ("w:sz", "w:szCs"):
            r_pr.find(qn(tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
        _language(r_pr)
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.attrib.clear()
        spacing.set(qn("w:after"), "0")
        normal = styles["Normal"]
        normal.font.size = BODY_SIZE
        _fonts(normal.element.get_or_add_rPr(), FANGSONG)
        _language(normal.element.get_or_add_rPr())
        _condense(normal.element.get_or_add_rPr())
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE_PITCH
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        normal.paragraph_format.widow_control = False  # a widow rule would leave a full page one line short
        for name, font, bold in (("Heading 1", HEITI, False), ("Heading 2", KAITI, False), ("Heading 3", FANGSONG, True)):
            style = styles[name]
            r_pr = style.element.get_or_add_rPr()
            for child in list(r_pr):
                r_pr.remove(child)
            style.font.size = BODY_SIZE
            style.font.bold = bold
            style.font.color.rgb = RGBColor(0, 0, 0)
            _fonts(style.element.get_or_add_rPr(), font)
            _language(style.element.get_or_add_rPr())
            _condense(style.element.get_or_add_rPr())
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(0)
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
            fmt.first_line_indent = Pt(32)
            fmt.keep_with_next = True
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # 主题字体的东亚语言 is zh-CN too (it was ja-JP in python-docx's template).
        settings = self.doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            settings.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), LANGUAGE)

    def _setup_fonts(self) -> None:
        """The font table names each official font with its alias (altName) for machines without it."""
        part = next(p for p in self.doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
        table = parse_xml(part.blob)
        for name, alias in FONT_ALIASES.items():
            table.append(parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alias}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            ))
        from lxml import etree

        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _setup_footers(self) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
        section = self.doc.sections[0]
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    def _core_properties(self, title: str, subject: str, issued_on) -> None:
        props = self.doc.core_properties
        props.title = title
        props.subject = subject
        props.author = ISSUER
        props.last_modified_by = ISSUER
        props.language = LANGUAGE
        props.keywords = subject
        props.comments = ""
        props.revision = 1
        moment = datetime.datetime.combine(issued_on or datetime.date.today(), datetime.time(9, 0))
        props.created = moment
        props.modified = moment

    def _draft_notice(self) -> None:
        """A draft says so at the top of every page."""
        section = self.doc.sections[0]
        for header in (section.header, section.even_page_header, section.first_page_header):
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(paragraph.add_run("草案 · 未经审议通过 · 仅供征求意见"), HEITI, Pt(12), color=RED)

    def masthead(self) -> None:
        """The 版头: none in the plain layout."""

    # Content --------------------------------------------------------------------------------

    def _paragraph(self, text: str, font: str, *, size=BODY_SIZE, bold=False, align=None, indent=True, style=None,
                   color=None):
        paragraph = self.doc.add_paragraph(style=style)
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
        else:
            paragraph.paragraph_format.first_line_indent = Pt(0)
        _set_run_font(paragraph.add_run(text), font, size, bold, color)
        return paragraph

    def blank(self) -> None:
        self.doc.add_paragraph()

    def title(self, text: str) -> None:
        """标题: 小标宋 二号, centred, a blank line under it; a draft says （草案） in it."""
        paragraph = self._paragraph(text, XIAOBIAOSONG, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        if self.draft and "（草案）" not in text:
            run = paragraph.add_run()
            run.add_break()  # （草案） on its own line under the title, as drafts are printed
            _set_run_font(run, XIAOBIAOSONG, TITLE_SIZE)
            _set_run_font(paragraph.add_run("（草案）"), XIAOBIAOSONG, TITLE_SIZE)
        paragraph.paragraph_format.keep_with_next = True
        self.blank()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, after the title."""
        self._paragraph(f"{text}：", FANGSONG, indent=False)

    def heading1(self, text: str) -> None:
        self._paragraph(text, HEITI, style="Heading 1")

    def heading2(self, text: str) -> None:
        self._paragraph(text, KAITI, style="Heading 2")

    def heading3(self, text: str) -> None:
        self._paragraph(text, FANGSONG, bold=True, style="Heading 3")

    def paragraph(self, text: str) -> None:
        for line in (text or "").splitlines() or [""]:
            if line.strip():
                self._paragraph(line.strip(), FANGSONG)

    def structured(self, text: str) -> int:
        """Body text whose lines "一、" / "（一）" / "1." become headings; returns the deepest level opened last
        (0 when the text has no heading) so what follows can number one level down."""
        level = 0
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            if re.match(r"^[一二三四五六七八九十]+、", line):
                self.heading1(line)
                level = 1
            elif re.match(r"^（[一二三四五六七八九十]+）", line) and len(line) <= 40:
                self.heading2(line)
                level = max(level, 1) if level else 2
            else:
                self._paragraph(line, FANGSONG)
        return level

    def centered(self, text: str) -> None:
        """A centred line in the body font."""
        self._paragraph(text, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def flush_left(self, text: str) -> None:
        self._paragraph(text, FANGSONG, indent=False)

    def new_page(self) -> None:
        """A page break, so the footer's page numbers run on."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def attachment_note(self, titles: list[str]) -> None:
        """附件说明: 正文下空一行左空二字 "附件：", several numbered, 回行与名称首字对齐."""
        if not titles:
            return
        self.blank()
        for index, title in enumerate(titles, start=1):
            text = f"附件：{title}" if len(titles) == 1 else (f"附件：{index}．{title}" if index == 1
                                                              else f"{index}．{title}")
            paragraph = self._paragraph(text, FANGSONG)
            if index > 1:
                paragraph.paragraph_format.first_line_indent = Pt(32 + 48)

    def attachment(self, number: int | None = None) -> None:
        """A new page with the 附件 label (黑体, flush left, first line); the attachment's title follows."""
        self.new_page()
        self._paragraph("附件" if number is None else f"附件{number}", HEITI, indent=False)
        self.blank()

    def table(self, headers: list[str], rows: list[list], *, widths: list[float] | None = None,
              caption: str = "") -> None:
        """A table with its caption above it, the header row repeated on every page and sensible column widths.

        ``widths`` are weights; every column is at least as wide as its header's longest word, the rest of the
        156 mm is shared by weight. Cells are off the line grid (18 pt lines), in 小四 or, past six columns, 五号."""
        size = Pt(12) if len(headers) <= 6 else Pt(10.5)
        if caption:
            paragraph = self._paragraph(caption, HEITI, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            paragraph.paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header_row = table.rows[0]
        tr_pr = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)

        def fill(cell, text, font, align=None):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            _exact(paragraph, Pt(size.pt + 6))
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.alignment = align
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            paragraph._p.get_or_add_pPr().append(snap)
            _set_run_font(paragraph.add_run(text), font, size)

        for cell, header in zip(header_row.cells, headers, strict=True):
            fill(cell, str(header), HEITI, WD_ALIGN_PARAGRAPH.CENTER)
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                text = "" if value is None else str(value)
                fill(cell, text, FANGSONG, WD_ALIGN_PARAGRAPH.CENTER if len(text) <= 6 else WD_ALIGN_PARAGRAPH.LEFT)
        weights = widths or [1] * len(headers)
        char_mm = size.pt * 25.4 / 72
        minimum = [min(len(str(h)), 2) * char_mm + 4 for h in headers]  # two characters of the header a line
        total = sum(weights)
        sizes = [max(low, TYPE_WIDTH.mm * weight / total) for low, weight in zip(minimum, weights, strict=True)]
        excess = sum(sizes) - TYPE_WIDTH.mm
        if excess > 0:  # the columns raised to their minimum are paid for by the wider ones
            wide = [i for i, (w, low) in enumerate(zip(sizes, minimum, strict=True)) if w > low]
            room = sum(sizes[i] - minimum[i] for i in wide)
            for i in wide:
                sizes[i] -= excess * (sizes[i] - minimum[i]) / room
        for column, size_mm in zip(table.columns, sizes, strict=True):
            width = Mm(size_mm)
            column.width = width
            for cell in column.cells:
                cell.width = width
        self.blank()

    def signature(self, issuer: str, day: datetime.date) -> None:
        """不加盖印章: 正文下空一行, the issuer 右空二字, the date on the next line starting two characters to the
        right of the issuer (or 右空二字 when it is the longer); none on a draft."""
        if self.draft:
            return
        date = chinese_date(day)
        issuer_w, date_w = _text_chars(issuer), _text_chars(date)
        if date_w > issuer_w - 2:
            date_right, issuer_right = 2.0, 2 + date_w + 2 - issuer_w
        else:
            issuer_right, date_right = 2.0, 2 + issuer_w - 2 - date_w
        # Never a signature alone on a page: the last paragraph of text (and an attachment note) goes with it.
        for paragraph in reversed(self.doc.paragraphs):
            paragraph.paragraph_format.keep_with_next = True
            if paragraph.text.strip() and not paragraph.text.startswith("附件："):
                break
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.keep_with_next = True
        for text, right in ((issuer, issuer_right), (date, date_right)):
            paragraph = self._paragraph(text, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            paragraph.paragraph_format.right_indent = Pt(16 * right)
            paragraph.paragraph_format.keep_with_next = text == issuer

    def imprint(self, *, copies_to: str = "", printed_by: str = ISSUER, printed_on: datetime.date | None = None) -> None:
        """版记 at the foot of the last page: 抄送 and 印发机关/印发日期 in 4号仿宋 between rules (the first and
        last thick, 0.35 mm; the one between thin, 0.25 mm), one 字 in at each side.

        It is a table anchored to the bottom of the type area, so it sits on the last line whatever the text above
        it; the text flows around it (and onto a new page when there is no room)."""
        size = Pt(14)
        day = chinese_date(printed_on or self.issued_on or datetime.date.today())
        rows = ([(f"抄送：{copies_to}。", "")] if copies_to else []) + [(printed_by, f"{day}印发")]
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        style = tbl_pr.find(qn("w:tblStyle"))
        position = 0 if style is None else list(tbl_pr).index(style) + 1  # the schema's order: tblpPr comes early
        tbl_pr.insert(position, parse_xml(f'<w:tblOverlap {nsdecls("w")} w:val="never"/>'))
        # Its top is the bottom of the type area (297 − 35 mm) less its rows: an absolute position on the page,
        # which Word and LibreOffice both honour (LibreOffice ignores tblpYSpec="bottom").
        top_twips = round((297 - 35) / 25.4 * 1440 - len(rows) * LINE_PITCH_TWIPS - 40)
        tbl_pr.insert(position, parse_xml(
            f'<w:tblpPr {nsdecls("w")} w:vertAnchor="page" w:horzAnchor="margin" w:tblpXSpec="center" '
            f'w:tblpY="{top_twips}"/>'
        ))
        thick, thin = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.26 mm
        for index, (row, (left, right)) in enumerate(zip(table.rows, rows, strict=True)):
            top = thick if index == 0 else thin
            bottom = thick if index == len(rows) - 1 else thin
            if not right:
                row.cells[0].merge(row.cells[1])
            for position, (cell, text) in enumerate(zip(row.cells, (left, right), strict=True)):
                if position and not right:
                    break
                cell.width = TYPE_WIDTH if not right else Mm(TYPE_WIDTH.mm / 2)
                cell._tc.get_or_add_tcPr().append(parse_xml(
                    f'<w:tcBorders {nsdecls("w")}><w:top w:val="single" w:sz="{top}" w:color="000000"/>'
                    '<w:left w:val="nil"/><w:right w:val="nil"/>'
                    f'<w:bottom w:val="single" w:sz="{bottom}" w:color="000000"/></w:tcBorders>'
                ))
                paragraph = cell.paragraphs[0]
                _exact(paragraph, LINE_PITCH)
                fmt = paragraph.paragraph_format
                fmt.first_line_indent = Pt(0)
                fmt.left_indent = size if position == 0 else Pt(0)
                fmt.right_indent = size if (position == 1 or not right) else Pt(0)
                fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if position == 1 else WD_ALIGN_PARAGRAPH.LEFT
                if text:
                    _set_run_font(paragraph.add_run(text), FANGSONG, size)
        anchor = self.doc.add_paragraph()  # a floating table is anchored to the paragraph after it
        _exact(anchor, Pt(1))

    # Output ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def response(self, filename: str) -> HttpResponse:
        from .exports import content_disposition

        response = HttpResponse(self.to_bytes(), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(filename)
        return response


class LetterDocument(OfficialDocument):
    """信函格式: red issuer mark 30 mm from the top, red double lines at the head and the foot of page 1,
    the 发文字号 at the right under the head line, and no page number on page 1."""

    kind = "函"

    def __init__(self, *, number: str = "", issuer: str = ISSUER, **kwargs):
        self.number, self.issuer = number, issuer
        super().__init__(**kwargs)

    def masthead(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.header_distance = Mm(30)
        header = section.first_page_header
        mark = header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact(mark, Pt(36))
        _set_run_font(mark.add_run(self.issuer), XIAOBIAOSONG, Pt(32), color=RED)
        # 上粗下细 red double line 4 mm under the mark, 170 mm long and centred on the page.
        line = header.add_paragraph()
        _exact(line, Pt(2))
        line.paragraph_format.space_before = Mm(4)
        line.paragraph_format.left_indent, line.paragraph_format.right_indent = Mm(-8), Mm(-6)
        _border(line, "bottom", "thickThinSmallGap", 24)
        # 上细下粗 red double line 20 mm above the bottom edge; the first page has no page number.
        foot = section.first_page_footer.paragraphs[0]
        _exact(foot, Pt(2))
        foot.paragraph_format.left_indent, foot.paragraph_format.right_indent = Mm(-8), Mm(-6)
        _border(foot, "top", "thinThickSmallGap", 24)
        if self.number:
            self._paragraph(self.number, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        self.blank()


class MinutesDocument(OfficialDocument):
    """纪要格式: red "政协成武县委员会…纪要" mark 35 mm below the top of the type area, the 期号 under it,
    issuer and date on one line above a red rule; 出席/列席/请假 lists after the body."""

    kind = "纪要"

    def __init__(self, *, mark: str, issue: str = "", issuer: str = ISSUER, **kwargs):
        self.mark, self.issue, self.issuer = mark, issue, issuer
        super().__init__(**kwargs)

    def masthead(self) -> None:
        mark = self._paragraph(self.mark, XIAOBIAOSONG, size=Pt(30), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                               color=RED)
        mark.paragraph_format.space_before = Mm(35) - LINE_PITCH
        mark.paragraph_format.line_spacing = Pt(42)
        if self.issue:
            self._paragraph(self.issue, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.blank()
        line = self.doc.add_paragraph()
        fmt = line.paragraph_format
        fmt.first_line_indent, fmt.left_indent, fmt.right_indent = Pt(0), Pt(16), Pt(16)
        from docx.enum.text import WD_TAB_ALIGNMENT

        fmt.tab_stops.add_tab_stop(TYPE_WIDTH - Pt(32), WD_TAB_ALIGNMENT.RIGHT)
        _border(line, "bottom", "single", 18, space=4)
        _set_run_font(line.add_run(self.issuer), FANGSONG)
        if self.issued_on:
            _set_run_font(line.add_run("\t" + chinese_date(self.issued_on)), FANGSONG)
        self.blank()

    def attendance(self, label: str, names: list[str]) -> None:
        """出席：… in 黑体 label, names in 仿宋, continuation lines aligned after the colon."""
        if not names:
            return
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = Pt(32 + 16 * (len(label) + 1))
        fmt.first_line_indent = -Pt(16 * (len(label) + 1))
        _set_run_font(paragraph.add_run(f"{label}："), HEITI)
        _set_run_font(paragraph.add_run("，".join(names)), FANGSONG)
