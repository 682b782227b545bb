"""The year's 提案工作情况报告 as an official .docx: the figures' readers download it, its text carries the year's
numbers (received, accepted and rate, categories, key proposals and leaders, forwarded, per department, A/B/C,
on-time rate, satisfaction); others are refused; a bad year answers 400."""
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from docx import Document

from chengwu_cppcc.documents import DOCX_CONTENT_TYPE

from .test_handling_figures import EVALUATION, _accepted, _approved, _forward

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(response) -> str:
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def year(users, member_users, departments, api_client_for):
    from proposals import services

    a = _accepted(users, member_users, "关于发展县域冷链物流的建议")
    b = _accepted(users, member_users, "关于改善农村道路的建议")
    services.proposal_mark_key(actor=users["staff"], proposal_id=a.pk, leader=users["leader_in_charge"].pk)
    for proposal in (a, b):
        _forward(users, departments, proposal)
    _approved(users, a, "A")
    proposer = api_client_for(member_users["member"])
    assert proposer.post(f"/api/proposals/{a.pk}/evaluate/", EVALUATION, format="json").status_code == 200
    cache.clear()
    return {"a": a, "b": b}


def test_the_report_downloads_with_the_years_numbers(year, users, departments, client_for):
    client = client_for(users["staff"])
    this_year = timezone.localdate().year
    response = client.get(reverse("proposals:figures-report"), {"year": this_year})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert ".docx" in response["Content-Disposition"]
    text = _text(response)
    assert f"{this_year}年度提案工作情况报告" in text and "政协成武县委员会" in text
    assert "共收到委员提案2件，经审查立案2件，立案率100.0%" in text
    assert "2件" in text and "重点提案1件" in text
    assert "关于发展县域冷链物流的建议" in text and users["leader_in_charge"].display_name in text
    assert "交有关承办单位办理2件" in text and "已答复1件" in text and "按期答复率50.0%" in text
    assert "（A类）1件，占100.0%" in text
    assert departments[0].name in text
    assert "满意1件，占100.0%" in text
    # This year by default; an empty year still makes a document.
    assert client.get(reverse("proposals:figures-report")).status_code == 200
    empty = _text(client.get(reverse("proposals:figures-report"), {"year": this_year - 1}))
    assert "尚未收到提案" in empty and "尚未交办" in empty


def test_who_downloads_the_report(users, member_users, client_for):
    url = reverse("proposals:figures-report")
    for role in ("staff", "vice_chair", "leader_in_charge", "principal_leader", "supervisor"):
        assert client_for(users[role]).get(url).status_code == 200, role
    assert client_for(users["department"]).get(url).status_code == 403
    assert client_for(member_users["member"]).get(url).status_code == 403


def test_a_wrong_year_answers_400(users, client_for):
    client = client_for(users["staff"])
    for value in ("abc", "1900", "20266"):
        assert client.get(reverse("proposals:figures-report"), {"year": value}).status_code == 400
