"""Official documents as GB/T 9704 prints them: the XML read directly, and each kind rendered by LibreOffice.

The LibreOffice part converts every kind in one soffice call (a module fixture) and skips only when soffice or
pdftotext is absent; CI installs both (.ci/run). Set DOCS_RENDER_DIR to keep the .docx/.pdf for a look.
"""
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from django.utils import timezone
from docx import Document

from chengwu_cppcc.documents import CHAR_SPACE, LINE_PITCH_TWIPS
from directory.models import Member, SpecialCommittee
from outcomes.documents import forwarding_letter_docx, minutes_docx, public_body
from outcomes.models import IssuedNumber, MeetingRecord, NumberKind
from outcomes.numbers import number_correct
from outcomes.services import outcomes as outcome_services
from stats.documents import work_report_document
from topics import services as topic_services
from topics.documents import plan_document

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
YEAR = timezone.localdate().year
# A long body: page 2 of the minutes is a full page of body text.
PARAGRAPH = "县政协围绕城区停车难问题深入开展调研协商，认真听取各方面意见建议，形成了比较一致的认识。" * 3
BODY = "\n".join(
    ["一、基本情况", *[PARAGRAPH] * 8, "二、存在的问题", "（一）统筹推进机制还不健全。", PARAGRAPH,
     "（第二稿已根据分管副主席意见细化责任单位和资金来源。）", "三、意见建议", "调研组提出以下建议。"]
)


def _xml(document, part="word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(document.to_bytes())) as archive:
        return archive.read(part).decode()


@pytest.fixture
def world(users, departments):
    staff = users["staff"]
    plan = topic_services.plan_create(actor=staff, year=YEAR, party_quota=50, annual_quota=2)
    committee = SpecialCommittee.objects.create(name="城建委")
    topics = []
    for index, track in enumerate(["annual", "party_government", "annual", "party_government"]):
        topic = topic_services.topic_create(
            actor=staff, plan_id=plan.pk, source="government" if track == "party_government" else "special_committee",
            committee=committee.pk if track == "annual" else None,
            title=f"关于课题{index + 1}的协商", origin="government_report", domain="urban", consultation_type="special",
            rationale="课题理由。", vice_chair=users["vice_chair"].pk,
        )
        if track == "annual":
            topic_services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=f"{YEAR}-01-05")
        topics.append(topic_services.topic_adopt(actor=staff, topic_id=topic.pk, meeting_date=f"{YEAR}-01-10"))
    draft = topic_services.plan_create(actor=staff, year=YEAR + 1, party_quota=50, annual_quota=50)
    for index in range(5):
        topic_services.topic_create(
            actor=staff, plan_id=draft.pk, source="special_committee", committee=committee.pk,
            title=f"关于备选课题{index + 1}的协商", origin="member_proposal", domain="urban", consultation_type="counterpart", rationale="理由。",
        )
    outcome = outcome_services.outcome_create(
        actor=staff, topic_id=topics[0].pk, kind="special_minutes", title="关于城区停车难问题的专题协商纪要",
        body=BODY, suggestions=[{"title": "建立统筹推进机制", "content": "内容一。"},
                                {"title": "加大要素保障", "content": "内容二。"}],
    )
    today = timezone.localdate()
    outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk, submitted_on=today)
    outcome_services.outcome_forward(
        actor=staff, outcome_id=outcome.pk, lead_department_id=departments[1].pk,
        co_department_ids=[departments[0].pk], forwarded_on=today, instruction="请认真研究办理，按期答复。",
    )
    meeting = MeetingRecord.objects.create(outcome=outcome, held_on=today, place="县政协三楼会议室",
                                           presiding=Member.objects.create(name="王主席"),
                                           guests="县住房和城乡建设局 张明", absent="李委员")
    meeting.attendees.add(Member.objects.create(name="赵委员"), Member.objects.create(name="钱委员"))
    plan = topic_services.plan_adopt(actor=staff, plan_id=plan.pk, adopted_on=today)
    outcome.refresh_from_db()
    return {"plan": plan, "draft": draft, "outcome": outcome, "departments": departments}


def test_page_grid_fonts_language_and_footers(world):
    doc = plan_document(world["plan"])
    xml = _xml(doc)
    assert f'w:linePitch="{LINE_PITCH_TWIPS}"' in xml and 'w:type="lines"' in xml
    assert f'w:charSpace="{CHAR_SPACE}"' in xml and LINE_PITCH_TWIPS == 579
    assert (16 + CHAR_SPACE / 4096) * 28 <= 156 / 25.4 * 72  # 28 characters fit in 156 mm
    settings = _xml(doc, "word/settings.xml")
    assert "<w:evenAndOddHeaders/>" in settings and 'w:eastAsia="zh-CN"' in settings
    styles = _xml(doc, "word/styles.xml")
    assert 'w:val="zh-CN"' in styles and "ja-JP" not in styles and 'w:eastAsia="en-US"' not in styles
    assert '<w:jc w:val="both"/>' in styles  # justified body
    assert '<w:spacing w:val="-5"/>' in styles and 28 * (16 - 5 / 20) <= 156 / 25.4 * 72  # 28 characters a line
    fonts = _xml(doc, "word/fontTable.xml")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts and '<w:altName w:val="楷体"/>' in fonts
    section = Document(io.BytesIO(doc.to_bytes())).sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "—  —" and "PAGE" in odd._p.xml and odd.alignment == 2 and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == 0 and even.paragraph_format.left_indent.pt == 14
    assert 'w:ascii="宋体"' in odd._p.xml and 'w:val="28"' in odd._p.xml  # 4号 = 14 pt


def test_headings_are_word_headings_and_core_properties_name_the_committee(world):
    word = Document(io.BytesIO(plan_document(world["plan"]).to_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["一、党政出题协商课题（专题协商）", "（一）关于课题2的协商"]
    props = word.core_properties
    assert props.author == "政协成武县委员会" and props.title == f"政协成武县委员会{YEAR}年度协商计划"
    assert props.subject == "年度协商计划" and props.language == "zh-CN"
    assert props.created.date() == world["plan"].adopted_on


def test_the_adopted_plan_table_follows_the_text_with_caption_widths_and_repeated_header(world):
    word = Document(io.BytesIO(plan_document(world["plan"]).to_bytes()))
    table = word.tables[0]
    assert [r.cells[1].text for r in table.rows[1:]] == [
        "关于课题2的协商", "关于课题4的协商", "关于课题1的协商", "关于课题3的协商"
    ]
    assert "<w:tblHeader" in table.rows[0]._tr.xml
    widths = [c.width for c in table.columns]
    assert widths[1] > 4 * widths[0]
    assert f"{YEAR}年度协商课题一览表" in [p.text for p in word.paragraphs]
    assert word.paragraphs[-1].text.endswith("印发") or any("印发" in p.text for p in word.paragraphs)


def test_a_draft_plan_says_so_in_title_on_every_page_and_is_not_signed(world):
    doc = plan_document(world["draft"])
    word = Document(io.BytesIO(doc.to_bytes()))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == f"政协成武县委员会{YEAR + 1}年度协商计划\n（草案）"
    assert "，（草案）。" not in "".join(texts) and "暂无" not in "".join(texts)
    assert "（五）关于备选课题5的协商" in texts
    section = word.sections[0]
    assert "草案" in section.header.paragraphs[0].text and "草案" in section.even_page_header.paragraphs[0].text
    assert not any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t) for t in texts)
    assert "政协成武县委员会" not in texts  # no signature


def test_the_letter_has_its_masthead_number_and_no_page_number_on_page_one(world):
    outcome = world["outcome"]
    doc = forwarding_letter_docx(outcome)
    word = Document(io.BytesIO(doc.to_bytes()))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    mark = section.first_page_header.paragraphs[0]
    assert mark.text == "政协成武县委员会" and 'w:color w:val="E60012"' in mark._p.xml
    assert 'w:ascii="方正小标宋简体"' in mark._p.xml and round(section.header_distance.mm) == 30
    assert 'w:val="thickThinSmallGap"' in section.first_page_header.paragraphs[1]._p.xml
    first_footer = section.first_page_footer.paragraphs[0]
    assert "PAGE" not in first_footer._p.xml and 'w:val="thinThickSmallGap"' in first_footer._p.xml
    texts = [p.text for p in word.paragraphs]
    number = IssuedNumber.objects.get(outcome=outcome, kind=NumberKind.LETTER)
    assert texts[0] == f"成政协函〔{outcome.forwarded_on.year}〕{number.serial}号" == number.label
    assert word.paragraphs[0].alignment == 2
    lead, co = world["departments"][1].name, world["departments"][0].name
    assert f"{lead}、{co}：" in texts
    numbered = [t for t in texts if t.startswith(("1．", "2．"))]
    assert numbered[0].startswith(f"1．{lead}（主办）") and numbered[1].startswith(f"2．{co}（协办）")
    body = "".join(texts)
    assert body.count("请认真研究办理") == 1
    assert "（专题协商纪要）" not in body and "》（" not in body
    assert "附件：关于城区停车难问题的专题协商纪要" in texts and "附件" in texts
    # The number is kept: a second letter, the outcome export and the page show the same one.
    assert Document(io.BytesIO(forwarding_letter_docx(outcome).to_bytes())).paragraphs[0].text == number.label
    assert IssuedNumber.objects.filter(outcome=outcome, kind=NumberKind.LETTER).count() == 1


def test_the_office_corrects_a_number_and_it_stays_unique(world, users):
    from chengwu_cppcc.errors import InvalidInput, NotAllowed

    outcome = world["outcome"]
    forwarding_letter_docx(outcome)
    number = IssuedNumber.objects.get(outcome=outcome, kind=NumberKind.LETTER)
    with pytest.raises(NotAllowed):
        number_correct(actor=users["department"], number_id=number.pk, serial=7)
    assert number_correct(actor=users["staff"], number_id=number.pk, serial=7).label.endswith("〕7号")
    IssuedNumber.objects.create(kind=NumberKind.LETTER, year=number.year, serial=8, outcome=world["outcome"].topic
                                .outcomes.create(topic=outcome.topic, kind="recommendation", title="另一件",
                                                 created_by=users["staff"]), assigned_on=timezone.localdate())
    with pytest.raises(InvalidInput):
        number_correct(actor=users["staff"], number_id=number.pk, serial=8)
    number.refresh_from_db()
    assert number.serial == 7
    assert Document(io.BytesIO(forwarding_letter_docx(outcome).to_bytes())).paragraphs[0].text.endswith("〕7号")


def test_minutes_have_their_mark_issue_rule_meeting_and_attendance(world):
    doc = minutes_docx(world["outcome"])
    word = Document(io.BytesIO(doc.to_bytes()))
    texts = [p.text for p in word.paragraphs]
    mark = next(p for p in word.paragraphs if p.text.endswith("纪要") and p.text.startswith("政协成武县委员会"))
    assert mark.text == "政协成武县委员会专题协商纪要" and 'w:color w:val="E60012"' in mark._p.xml
    assert "第1期" in texts
    rule = next(p for p in word.paragraphs if "w:pBdr" in p._p.xml)
    assert rule.text.startswith("政协成武县委员会\t") and 'w:color="E60012"' in rule._p.xml
    assert any(t.startswith(timezone.localdate().strftime("%Y年").lstrip("0")) and "县政协三楼会议室" in t
               and "王主席主持" in t for t in texts)
    present = next(p for p in word.paragraphs if p.text.startswith("出席："))
    assert present.text == "出席：赵委员，钱委员，县住房和城乡建设局 张明" and 'w:ascii="黑体"' in present.runs[0]._r.xml
    assert "请假：李委员" in texts
    # Report headings are Word headings, suggestions one level down, the revision note left out.
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["一、基本情况", "二、存在的问题"]
    assert headings[-2:] == ["（一）建立统筹推进机制", "（二）加大要素保障"]
    assert not any("第二稿" in t for t in texts)
    assert public_body("（一）标题\n（修改说明）") == "（一）标题"


def test_work_report_says_none_and_names_no_best_at_zero(world, departments):
    word = Document(io.BytesIO(work_report_document(YEAR).to_bytes()))
    text = "".join(p.text for p in word.paragraphs)
    assert "占—" not in text and "率无" not in text and "居前的承办单位：无。" in text
    assert word.core_properties.title == f"政协成武县委员会{YEAR}年度协商工作报告"
    widths = [c.width for c in word.tables[-2].columns]  # the last table is the 版记
    assert widths[1] == max(widths)


# LibreOffice -----------------------------------------------------------------------------------

HAVE_RENDERER = shutil.which("soffice") and shutil.which("pdftotext")
render = pytest.mark.skipif(not HAVE_RENDERER, reason="LibreOffice (soffice) or poppler's pdftotext is not installed")


def _renders_cjk() -> bool:
    """Without the font mapping (chengwu_cppcc/fonts/, installed by .ci/run) 仿宋_GB2312 falls back to a Latin
    font and the line count means nothing: fail loudly where soffice is there but the fonts are not."""
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "-f", "%{family}", "仿宋_GB2312"], capture_output=True, text=True).stdout
    return "CJK" in found or "AR PL" in found


@pytest.fixture
def rendered(world, tmp_path):
    """Every kind as .docx converted to PDF in one soffice call: {kind: [page text, …]}."""
    out = os.environ.get("DOCS_RENDER_DIR") or str(tmp_path)
    os.makedirs(out, exist_ok=True)
    documents = {
        "letter": forwarding_letter_docx(world["outcome"]),
        "minutes": minutes_docx(world["outcome"]),
        "plan-draft": plan_document(world["draft"]),
        "plan-adopted": plan_document(world["plan"]),
        "work-report": work_report_document(YEAR),
    }
    paths = []
    for name, document in documents.items():
        path = os.path.join(out, f"{name}.docx")
        with open(path, "wb") as handle:
            handle.write(document.to_bytes())
        paths.append(path)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", out,
         *paths],
        check=True, capture_output=True, timeout=240,
    )
    pages = {}
    for name in documents:
        text = subprocess.run(
            ["pdftotext", "-layout", os.path.join(out, f"{name}.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[name] = text.split("\f")[:-1]
    return pages


def _body_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)]


@render
def test_every_kind_renders_with_the_page_grid(rendered):
    assert _renders_cjk(), "install chengwu_cppcc/fonts/65-chengwu-official-fonts.conf into /etc/fonts/conf.d (README)"
    assert all(rendered[kind] for kind in rendered), {k: len(v) for k, v in rendered.items()}
    minutes = rendered["minutes"]
    assert len(minutes) >= 3
    full = _body_lines(minutes[1])
    assert len(full) == 22, "\n".join(full)
    longest = max(len(re.sub(r"\s", "", line)) for line in full)
    assert longest == 28, "\n".join(full)
    # page numbers: none on the letter's first page, then — 2 — on the next.
    assert not re.search(r"—\s*1\s*—", rendered["letter"][0]) and re.search(r"—\s*2\s*—", rendered["letter"][1])
    assert re.search(r"—\s*1\s*—", rendered["minutes"][0])
    assert all("草案" in page for page in rendered["plan-draft"])
    assert len(rendered["plan-draft"]) <= 3 and len(rendered["work-report"]) <= 4
