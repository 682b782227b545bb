"""Word documents follow GB/T 9704: A4, margins, 仿宋 16 pt body with East Asian fonts, 小标宋 22 pt title."""
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from outcomes.documents import chinese_date


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(response.content))


@pytest.mark.django_db
def test_forwarding_letter_layout(users, make_assignment, client_for):
    assignment = make_assignment(co=True)
    doc = _open(client_for(users["staff"]).get(reverse("outcomes:forwarding-letter", args=[assignment.outcome_id])))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.top_margin - Mm(37)) < Mm(1) and abs(section.left_margin - Mm(28)) < Mm(1)
    # 信函格式: the 发文字号 first (the red issuer mark is in the first page's header), then the title.
    assert doc.paragraphs[0].text.startswith("成政协函〔")
    title = doc.paragraphs[2].runs[0]
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body_runs = [r for p in doc.paragraphs[4:8] for r in p.runs]
    assert all(r.font.size == Pt(16) for r in body_runs)
    assert all(r._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" for r in body_runs)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert assignment.department.name in text and chinese_date(assignment.due_on) in text
    assert chinese_date(assignment.forwarded_on) in text


@pytest.mark.django_db
def test_minutes_document_lists_suggestions(users, make_outcome, client_for):
    outcome = make_outcome()
    doc = _open(client_for(users["staff"]).get(reverse("outcomes:minutes-docx", args=[outcome.pk])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "一、建议1" in text and "二、建议2" in text


def test_date_in_arabic_numerals():
    import datetime

    assert chinese_date(datetime.date(2026, 11, 26)) == "2026年11月26日"
