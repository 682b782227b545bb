"""Spreadsheet exports (.xlsx) of any list, with the filters the user applied.

One writer for every export. It decides how each value is stored, so no caller can get it wrong:

- a ``str`` is always a text cell, never a formula: text that a spreadsheet would read as a formula or a DDE
  call (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written as a string with the quote
  prefix, so it shows as typed and stays inert even when the cell is edited;
- ``datetime.date`` / ``datetime.datetime`` are real date cells (times in the local zone, to the minute);
- ``int`` / ``float`` are numbers, ``Percent`` a number with a percent format, ``Link`` an absolute hyperlink
  (``SITE_URL`` + the in-app path).

The sheet gets an autofilter on its header row, CJK-aware column widths, wrapped long text, and a print set-up
(A4 landscape, fit to width, the header row repeated on every page). A workbook may hold several sheets.
"""
import datetime
import io
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters that make a spreadsheet read a cell as a formula or a DDE call (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 50  # in character widths; longer text wraps
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Percent:
    """A share in percent (12.5 means 12.5 %); None for "nothing to share" (an empty cell)."""

    value: float | None


@dataclass(frozen=True)
class Link:
    """An in-app path or an absolute URL, written as an absolute hyperlink."""

    url: str


@dataclass
class Sheet:
    title: str
    headers: list
    rows: object  # an iterable of lists


def cell_date(value):
    """A date cell (or an empty one)."""
    return value or None


def cell_moment(value):
    """A time in the local time zone, to the minute, as a date-time cell (or an empty one)."""
    if not value:
        return None
    return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)


def absolute_url(path: str) -> str:
    if not path or "://" in path:
        return path or ""
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def text_width(text: str) -> int:
    """Width in Latin character widths: CJK (wide and full-width) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def _write(cell, value) -> int:
    """Store one value in its proper type; return its display width."""
    if value is None or value == "":
        return 0
    if isinstance(value, Percent):
        if value.value is None:
            return 0
        cell.value = value.value / 100
        cell.number_format = PERCENT_FORMAT
        return 7
    if isinstance(value, Link):
        url = absolute_url(value.url)
        cell.value = url
        cell.data_type = "s"  # the URL is the text; never a formula whatever it starts with
        if url.startswith(("http://", "https://")):
            cell.hyperlink = url
        return min(text_width(url), MAX_WIDTH)
    if isinstance(value, bool):
        cell.value = value
        return 5
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell.value = value.replace(second=0, microsecond=0)
        cell.number_format = MOMENT_FORMAT
        return 16
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return 10
    if isinstance(value, int | float):
        cell.value = value
        return len(str(value))
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    # openpyxl reads a leading "=" as a formula: the type is set after the value, so it is always text.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True  # Excel and LibreOffice keep it text when the cell is edited, too
    if "\n" in text or text_width(text) > MAX_WIDTH:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return max((text_width(line) for line in text.splitlines()), default=0)


def _fill(worksheet, sheet: Sheet) -> None:
    worksheet.title = _sheet_title(sheet.title)
    headers = [str(h) for h in sheet.headers]
    widths = [text_width(h) for h in headers]
    for column, header in enumerate(headers, start=1):
        cell = worksheet.cell(row=1, column=column)
        _write(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    row_number = 1
    for row_number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            width = _write(worksheet.cell(row=row_number, column=column), value)
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 2)
    last = get_column_letter(max(1, len(headers)))
    worksheet.auto_filter.ref = f"A1:{last}{row_number}"
    worksheet.freeze_panes = "A2"
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.print_options.gridLines = True


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return str(title)[:31] or "Sheet"


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    workbook = Workbook()
    for index, sheet in enumerate(sheets):
        _fill(workbook.active if index == 0 else workbook.create_sheet(), sheet)
    workbook.properties.creator = "政协成武县委员会"
    workbook.properties.language = "zh-CN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dated_filename(stem: str, extension: str = "xlsx", day: datetime.date | None = None) -> str:
    """课题清单-2026-12-01.xlsx: the list's name and the day it was taken."""
    return f"{stem}-{(day or timezone.localdate()).isoformat()}.{extension}"


def content_disposition(filename: str) -> str:
    """attachment with an ASCII fallback and the real (Chinese) name in RFC 5987 ``filename*``."""
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(stem: str, title: str, headers: list, rows, *, sheets: list[Sheet] | None = None) -> HttpResponse:
    """One sheet (title, headers, rows), then any further ``sheets``; the file is named ``<stem>-<today>.xlsx``."""
    all_sheets = [Sheet(str(title), headers, rows), *(sheets or [])]
    stem = str(stem).removesuffix(".xlsx")
    response = HttpResponse(workbook_bytes(all_sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(dated_filename(stem))
    return response
