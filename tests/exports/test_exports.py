"""Every list exports to .xlsx with its filters and its scope: a department's export holds only its own rows."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from notifications.services import notify
from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from research import services as research_services

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]



# Research -------------------------------------------------------------------------------------


def test_group_export_has_translated_headers_and_only_the_filtered_groups(client_for, users, make_group):
    make_group(users["vice_chair"])
    kept = make_group(users["vice_chair2"])
    client = client_for(users["staff"])
    rows = sheet(client.get(f"/research/export.xlsx?leader={users['vice_chair2'].pk}"))
    assert rows[0][:5] == ["年度", "课题", "组长", "状态", "组建日期"]
    assert len(rows) == 2 and rows[1][1] == kept.topic.title and rows[1][2] == "vice_chair2"
    assert len(sheet(client.get("/research/export.xlsx"))) == 3


def test_visit_export_has_headers_and_only_the_filtered_visits(client_for, users, make_group):
    make_group(users["vice_chair"], visit_to="寿光市")
    make_group(users["vice_chair2"], visit_to="曲阜市")
    rows = sheet(client_for(users["supervisor"]).get("/research/visits/export.xlsx?destination=寿光"))
    assert rows[0][:4] == ["日期", "结束日期", "考察地", "考察"]
    assert len(rows) == 2 and rows[1][2] == "寿光市" and rows[1][7] == "寿光市经验"


@pytest.mark.parametrize("path", ["/research/export.xlsx", "/research/visits/export.xlsx"])
def test_department_gets_403_on_research_exports_as_on_the_lists(client_for, users, path):
    client = client_for(users["department"])
    assert client.get(path.replace("export.xlsx", "")).status_code == 403
    assert client.get(path).status_code == 403


# Outcomes -------------------------------------------------------------------------------------


def test_outcome_export_of_a_department_holds_only_its_own_outcomes(client_for, users, departments, make_forwarded):
    own = make_forwarded(departments[0])
    make_forwarded(departments[1], kind="special_minutes", consultation_type="special")
    rows = sheet(client_for(users["department"]).get("/outcomes/export.xlsx"))
    assert rows[0][:2] == ["年度", "标题"] and "状态" in rows[0]
    assert [r[1] for r in rows[1:]] == [own.outcome.title]


def test_outcome_export_applies_the_filters(client_for, users, departments, make_forwarded):
    make_forwarded(departments[0])
    special = make_forwarded(departments[1], kind="special_minutes", consultation_type="special")
    rows = sheet(client_for(users["staff"]).get("/outcomes/export.xlsx?kind=special_minutes"))
    assert [r[1] for r in rows[1:]] == [special.outcome.title] and rows[1][3] == "专题协商纪要"


def test_assignment_export_is_scoped_to_the_department_and_filtered(client_for, users, departments, make_forwarded):
    own = make_forwarded(departments[0])
    other = make_forwarded(departments[1])
    rows = sheet(client_for(users["department"]).get("/outcomes/assignments/export.xlsx"))
    assert rows[0][0] == "成果文件" and rows[0][2:5] == ["承办单位", "承办角色", "状态"]
    assert [(r[0], r[2]) for r in rows[1:]] == [(own.outcome.title, departments[0].name)]
    staff_rows = sheet(client_for(users["staff"]).get(f"/outcomes/assignments/export.xlsx?department={departments[1].pk}"))
    assert [r[0] for r in staff_rows[1:]] == [other.outcome.title]


def test_approval_export_lists_the_replies_awaiting_this_leader(client_for, users, departments, make_forwarded):
    assignment = make_forwarded(departments[0])
    assignment_services.assignment_log_contact(
        actor=users["department"], assignment_id=assignment.pk, kind=ContactKind.BEFORE_REPLY,
        held_on=timezone.localdate(), summary="答复前协商",
    )
    reply = reply_services.reply_create(
        actor=users["department"], assignment_id=assignment.pk, text="答复",
        file=SimpleUploadedFile("答复.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        stances=[{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in assignment.outcome.suggestions.all()],
    )
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    rows = sheet(client_for(users["leader_in_charge"]).get("/outcomes/approvals/export.xlsx"))
    assert rows[0][:3] == ["成果文件", "承办单位", "协商形式"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(assignment.outcome.title, departments[0].name)]
    assert len(sheet(client_for(users["principal_leader"]).get("/outcomes/approvals/export.xlsx"))) == 1
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk, comments="同意")
    rows = sheet(client_for(users["staff"]).get("/outcomes/evaluations/export.xlsx"))
    assert rows[0][:2] == ["成果文件", "承办单位"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(assignment.outcome.title, departments[0].name)]


def test_review_queue_export_lists_the_vice_chairs_submitted_reports(client_for, users, make_group):
    group = make_group(users["vice_chair"])
    research_services.group_advance(actor=users["vice_chair"], group_id=group.pk, to_state="studying")
    report = research_services.report_create_draft(
        actor=users["vice_chair"], group_id=group.pk, title="调研报告", body="正文",
        suggestions=[{"title": "建议一", "content": "内容"}],
    )
    research_services.report_submit(actor=users["vice_chair"], report_id=report.pk)
    rows = sheet(client_for(users["vice_chair"]).get("/research/reviews/export.xlsx"))
    assert [r[1] for r in rows[1:]] == ["调研报告"]
    assert len(sheet(client_for(users["vice_chair2"]).get("/research/reviews/export.xlsx"))) == 1


def test_case_export_has_headers_and_only_the_filtered_cases(client_for, users, departments, make_forwarded):
    own = make_forwarded(departments[0])
    other = make_forwarded(departments[1])
    for assignment in (own, other):
        supervision_services.case_open(
            actor=users["staff"], outcome_id=assignment.outcome_id, title=f"督办{assignment.department.name}",
            committee_office="城建委",
        )
    supervision_services.case_close(
        actor=users["staff"], case_id=other.outcome.supervision_cases.get().pk, result="已落实"
    )
    rows = sheet(client_for(users["staff"]).get("/outcomes/supervision/export.xlsx?status=open"))
    assert rows[0][:4] == ["督办事项", "成果文件", "建议", "政协责任委室"]
    assert [r[0] for r in rows[1:]] == [f"督办{departments[0].name}"]
    closed = sheet(client_for(users["supervisor"]).get("/outcomes/supervision/export.xlsx?status=closed"))
    assert [(r[0], r[-1]) for r in closed[1:]] == [(f"督办{departments[1].name}", "已落实")]


@pytest.mark.parametrize(
    "role, path",
    [
        ("vice_chair", "/outcomes/export.xlsx"),
        ("vice_chair", "/outcomes/assignments/export.xlsx"),
        ("staff", "/outcomes/approvals/export.xlsx"),
        ("department", "/outcomes/approvals/export.xlsx"),
        ("department", "/outcomes/supervision/export.xlsx"),
        ("vice_chair", "/outcomes/evaluations/export.xlsx"),
        ("department", "/research/reviews/export.xlsx"),
    ],
)
def test_a_role_refused_the_list_is_refused_the_export(client_for, users, role, path):
    client = client_for(users[role])
    assert client.get(path.replace("export.xlsx", "")).status_code == 403
    assert client.get(path).status_code == 403


def test_anonymous_export_goes_to_login(client):
    for path in ("/outcomes/assignments/export.xlsx", "/research/export.xlsx", "/notifications/export.xlsx"):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"], path


# Notifications --------------------------------------------------------------------------------


def test_notification_export_holds_only_own_and_applies_the_unread_filter(client_for, users):
    notify(recipients=[users["department"]], kind="test", title="已读通知", body="正文")
    notify(recipients=[users["department"]], kind="test", title="未读通知")
    notify(recipients=[users["department2"]], kind="test", title="别人的通知")
    users["department"].notifications.filter(title="已读通知").update(read_at=timezone.now())
    client = client_for(users["department"])
    rows = sheet(client.get("/notifications/export.xlsx"))
    assert rows[0] == ["时间", "标题", "内容", "链接", "阅读时间"]
    assert sorted(r[1] for r in rows[1:]) == ["已读通知", "未读通知"]
    assert [r[1] for r in sheet(client.get("/notifications/export.xlsx?unread=1"))[1:]] == ["未读通知"]


# The button on each list carries the current filters --------------------------------------------


@pytest.mark.parametrize(
    "role, page, export",
    [
        ("staff", "/research/?status=forming", "/research/export.xlsx?status=forming&"),
        ("staff", "/research/visits/?destination=x", "/research/visits/export.xlsx?destination=x&"),
        ("staff", "/outcomes/?kind=work_minutes", "/outcomes/export.xlsx?kind=work_minutes&"),
        ("department", "/outcomes/assignments/?status=assigned", "/outcomes/assignments/export.xlsx?status=assigned&"),
        ("leader_in_charge", "/outcomes/approvals/?page=1", "/outcomes/approvals/export.xlsx?"),
        ("supervisor", "/outcomes/supervision/?status=open", "/outcomes/supervision/export.xlsx?status=open&"),
        ("vice_chair", "/notifications/?unread=1", "/notifications/export.xlsx?unread=1&"),
    ],
)
def test_list_page_offers_the_export_with_its_querystring(client_for, users, role, page, export):
    html = client_for(users[role]).get(page).content.decode()
    assert f'href="{export}"' in html.replace("&amp;", "&")
    assert "导出（.xlsx）" in html
