"""Topic-selection pages: Chinese first, only allowed steps shown, bad input keeps what was typed."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from topics.models import Topic

from .conftest import make_adopted, make_candidate

pytestmark = pytest.mark.django_db


def test_plan_board_shows_columns_and_quota_counts_in_chinese(client_for, users, plan, committee, candidate):
    make_adopted(plan, users["staff"], committee=committee)
    html = client_for(users["vice_chair"]).get("/topics/plan/2026/").content.decode()
    assert "年度协商课题" in html and "备选" in html and "1 / 3" in html
    assert candidate.title in html
    assert "通过计划" not in html  # adopting the plan is staff's step


def test_plan_board_empty_state_offers_staff_to_create_the_plan(client_for, users):
    html = client_for(users["staff"]).get("/topics/plan/2031/").content.decode()
    assert "2031" in html and 'action="/topics/plan/new/"' in html


def test_department_gets_403_on_topic_pages_and_404_on_a_topic(client_for, users, candidate):
    client = client_for(users["department"])
    assert client.get("/topics/").status_code == 403
    assert client.get("/topics/plan/").status_code == 403
    assert client.get(f"/topics/{candidate.pk}/").status_code == 403


def test_topic_detail_shows_only_the_steps_the_user_may_take(client_for, users, candidate):
    staff_html = client_for(users["staff"]).get(f"/topics/{candidate.pk}/").content.decode()
    assert f"/topics/{candidate.pk}/shortlist/" in staff_html and f"/topics/{candidate.pk}/reject/" in staff_html
    assert f"/topics/{candidate.pk}/adopt/" not in staff_html
    chair_html = client_for(users["vice_chair"]).get(f"/topics/{candidate.pk}/").content.decode()
    assert f"/topics/{candidate.pk}/feedback/" in chair_html and f"/topics/{candidate.pk}/shortlist/" not in chair_html
    other_html = client_for(users["vice_chair2"]).get(f"/topics/{candidate.pk}/").content.decode()
    assert f"/topics/{candidate.pk}/feedback/" not in other_html


def test_step_through_the_page_and_history_timeline(client_for, users, candidate):
    client = client_for(users["staff"])
    response = client.post(f"/topics/{candidate.pk}/shortlist/", {"shortlist-meeting_date": "2026-03-05", "shortlist-note": "主席会议"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "shortlisted"
    html = client.get(f"/topics/{candidate.pk}/").content.decode()
    assert "主席会议筛选入围" in html and "已入围" in html


def test_page_step_bad_input_keeps_typed_text_and_changes_nothing(client_for, users, candidate):
    client = client_for(users["staff"])
    response = client.post(f"/topics/{candidate.pk}/shortlist/", {"shortlist-meeting_date": "2026-13-45", "shortlist-note": "我写的备注"})
    assert response.status_code == 400
    assert "我写的备注" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_page_step_wrong_state_shows_message_and_changes_nothing(client_for, users, candidate):
    client = client_for(users["staff"])
    response = client.post(f"/topics/{candidate.pk}/adopt/", {"adopt-meeting_date": "2026-03-20"}, follow=True)
    assert response.status_code == 400  # the step's refusal is shown; staff may take it in principle (not 403)
    # An empty form for a step the state does not allow is still the staff's input error, not a 403.
    assert client.post(f"/topics/{candidate.pk}/adopt/", {}).status_code == 400
    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_merge_keeps_to_one_track(api_client_for, users, plan, committee):
    from topics.selectors import available_steps

    staff = users["staff"]
    annual = make_candidate(plan, staff, committee=committee)
    party = make_candidate(plan, staff, title="统筹推进复工复产", source="party_committee", origin="party_government")
    assert "merge" not in available_steps(staff, party) and "merge" in available_steps(staff, annual)
    response = api_client_for(staff).post(f"/api/topics/{party.pk}/merge/", {"other": annual.pk}, format="json")
    assert response.status_code == 400 and "other" in response.json()
    assert Topic.objects.get(pk=annual.pk).status == "candidate"


def test_page_step_wrong_role_is_403(client_for, users, candidate):
    response = client_for(users["supervisor"]).post(f"/topics/{candidate.pk}/reject/", {"reject-reason": "x"})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_new_topic_form_keeps_input_and_shows_similar_topics(client_for, users, plan, candidate):
    client = client_for(users["staff"])
    response = client.post("/topics/new/?year=2026", {
        "source": "special_committee", "title": "关于解决县城停车难问题的建议", "origin": "member_proposal",
        "domain": "urban", "consultation_type": "counterpart", "rationale": "我的立题依据",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "我的立题依据" in html  # refused: no committee given
    assert candidate.title in html  # the alike earlier candidate is shown
    assert Topic.objects.count() == 1
    partial = client.get("/topics/new/similar/", {"title": "县城停车难"}).content.decode()
    assert candidate.title in partial


def test_new_topic_form_creates_the_candidate(client_for, users, plan, committee):
    response = client_for(users["staff"]).post("/topics/new/?year=2026", {
        "source": "special_committee", "title": "关于发展农村电商的建议", "origin": "member_proposal",
        "domain": "agriculture", "consultation_type": "counterpart", "rationale": "依据", "committee": committee.pk,
    })
    assert response.status_code == 302
    assert Topic.objects.get().title == "关于发展农村电商的建议"


def test_plan_adopt_through_the_page(client_for, users, plan, committee):
    for i in range(3):
        make_adopted(plan, users["staff"], committee=committee, title=f"课题{i}")
    client_for(users["staff"]).post("/topics/plan/2026/adopt/", {"adopted_on": "2026-03-20"})
    plan.refresh_from_db()
    assert plan.status == "adopted"


def test_plan_docx_export_is_an_official_document(client_for, users, plan, committee):
    make_adopted(plan, users["staff"], committee=committee)
    response = client_for(users["staff"]).get("/topics/plan/2026/export.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    title = document.paragraphs[0]
    assert title.text == "政协成武县委员会2026年度协商计划\n（草案）"  # the plan is not adopted yet: a draft
    assert title.runs[0].font.size.pt == 22
    assert 'w:eastAsia="方正小标宋简体"' in title.runs[0]._element.xml
    body_xml = document.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in body_xml and "2026年" in body_xml
    assert any("关于老旧小区改造后长效管理的建议" in cell.text for row in document.tables[0].rows for cell in row.cells)


def test_topic_list_xlsx_export_uses_the_filters(client_for, users, plan, committee, candidate):
    make_candidate(plan, users["staff"], committee=committee, title="关于发展农村电商的建议", domain="agriculture")
    response = client_for(users["staff"]).get("/topics/export.xlsx", {"domain": "agriculture"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "关于发展农村电商的建议"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_pages_query_count_is_the_same_at_1_and_50_rows(client_for, users, plan, committee, member_group):
    from topics import services

    client = client_for(users["staff"])

    def add(i):
        topic = make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"], title=f"课题{i}")
        services.topic_record_opinion(actor=users["staff"], topic_id=topic.pk, member_group_id=member_group.pk, stance="support")

    add(0)
    urls = ["/topics/", "/topics/plan/2026/", "/", "/topics/?q=课题&domain=urban"]
    one = [_queries(client, url) for url in urls]
    for i in range(1, 50):
        add(i)
    fifty = [_queries(client, url) for url in urls]
    assert one == fifty


def test_new_topic_for_a_year_that_is_not_a_number_is_404(client_for, users, plan):
    client = client_for(users["staff"])
    assert client.get("/topics/new/?year=abc").status_code == 404
    assert client.get(f"/topics/new/?year={plan.year}").status_code == 200
