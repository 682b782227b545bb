"""The statistics API, the overview page, its .xlsx export and the year's work report."""
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

READERS = ["staff", "vice_chair", "leader_in_charge", "principal_leader", "supervisor"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_readers_get_the_figures(users, api_client_for, year_of_work, role):
    response = api_client_for(users[role]).get(reverse("stats"), {"year": year_of_work["year"]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "year", "department", "topics", "research", "outcomes", "suggestions", "assignments", "satisfaction",
        "implementation", "supervision", "ranking", "by_year",
    }
    assert body["assignments"]["on_time"] == 1 and body["suggestions"]["total"] == 9
    assert {"key", "label", "count"} <= set(body["topics"]["by_domain"][0])


@pytest.mark.django_db
def test_year_defaults_to_the_current_year_and_department_filters(users, departments, api_client_for):
    client = api_client_for(users["staff"])
    assert client.get("/api/stats/").json()["year"] == timezone.localdate().year
    body = client.get("/api/stats/", {"department": departments[0].pk}).json()
    assert body["department"]["id"] == departments[0].pk


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1800"}, {"year": "20261"}, {"department": "999999"},
                                   {"department": "x"}])
def test_bad_parameters_are_refused(users, api_client_for, query):
    response = api_client_for(users["staff"]).get("/api/stats/", query)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_department_officers_may_not_read_statistics(users, api_client_for, client_for):
    assert api_client_for(users["department"]).get("/api/stats/").status_code == 403
    assert client_for(users["department"]).get(reverse("stats:overview")).status_code == 403
    assert client_for(users["department"]).get(reverse("stats:export-xlsx")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("stats:overview")).status_code == 302
    assert client.get(reverse("stats:search")).status_code == 302


@pytest.mark.django_db
def test_overview_page_renders_in_chinese_with_charts_and_tables(users, client_for, year_of_work):
    page = client_for(users["staff"]).get(reverse("stats:overview"), {"year": year_of_work["year"]},
                                          HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{year_of_work['year']}年统计" in html
    assert "按时答复率" in html and "纳入决策程序" in html
    assert 'id="stats-data"' in html and 'data-chart="timeliness"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "stats/charts.js" in html
    assert "县住房和城乡建设局" in html  # the ranking table
    # No inline script: every <script> either loads a file or is JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "cdn" not in html.lower()
    assert reverse("stats:work-report") in html  # staff see the work report link


@pytest.mark.django_db
def test_overview_page_filters_by_department_and_refuses_a_bad_year(users, departments, client_for, year_of_work):
    client = client_for(users["supervisor"])
    page = client.get(reverse("stats:overview"), {"year": year_of_work["year"], "department": departments[1].pk})
    assert page.status_code == 200
    assert f"· {departments[1].name}" in page.content.decode()
    assert reverse("stats:work-report") not in page.content.decode()
    assert client.get(reverse("stats:overview"), {"year": "next"}).status_code == 400


@pytest.mark.django_db
def test_xlsx_export_opens_with_the_figures(users, client_for, year_of_work):
    response = client_for(users["staff"]).get(reverse("stats:export-xlsx"), {"year": year_of_work["year"]})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("分类", "指标", "数值")
    values = {(section, label): value for section, label, value in rows[1:]}
    assert values[("建议", "纳入决策程序")] == 3
    assert values[("交办与答复", "按时答复")] == 1
    by_label = {label: value for _section, label, value in rows[1:]}
    assert by_label["已办结事项"] == 1 and by_label["正在督办事项"] == 1
    # The ranking is a sheet of its own, its rate a percent cell.
    ranking = {row[1].value: row for row in workbook.worksheets[1].iter_rows(min_row=2)}
    rate = ranking["县住房和城乡建设局"][7]
    assert rate.value == pytest.approx(0.333) and rate.number_format == "0.0%"


@pytest.mark.django_db
def test_work_report_docx_has_title_figures_and_topic_table(users, client_for, year_of_work):
    year = year_of_work["year"]
    response = client_for(users["staff"]).get(reverse("stats:work-report"), {"year": year})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"政协成武县委员会{year}年度协商工作报告" in document.paragraphs[0].text
    assert "全年确定协商课题5个" in text
    assert "提出建议9条，其中3条纳入决策程序" in text
    assert "按时答复1件、逾期答复1件" in text
    topic_table = document.tables[-2]  # the last is the 版记 (抄送, 印发)
    assert topic_table.rows[0].cells[1].text == "课题"
    assert len(topic_table.rows) == 1 + 5
    assert year_of_work["a"].outcome.topic.title in [row.cells[1].text for row in topic_table.rows]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vice_chair", "supervisor", "department"])
def test_only_staff_download_the_work_report(users, client_for, role):
    assert client_for(users[role]).get(reverse("stats:work-report")).status_code == 403


@pytest.mark.django_db
def test_work_report_numbers_its_sections_without_gaps_when_nothing_was_assigned(users):
    from stats.documents import work_report_document

    document = Document(io.BytesIO(work_report_document(2031).response("r.docx").content))
    headings = [p.text.split("、")[0] for p in document.paragraphs if "、" in p.text and len(p.text) < 20]
    assert headings == ["一", "二", "三", "四", "五"]
