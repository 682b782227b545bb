"""The annual consultation plan (年度协商计划) as an official .docx document."""
from django.utils import timezone, translation

from chengwu_cppcc.documents import OfficialDocument, chinese_ordinal

from .models import Plan, TopicStatus, Track

ISSUER = "政协成武县委员会"


def plan_document(plan: Plan) -> OfficialDocument:
    topics = list(
        plan.topics.filter(status=TopicStatus.ADOPTED).select_related("committee", "vice_chair").order_by("track", "id")
    )
    doc = OfficialDocument()
    doc.title(f"政协成武县委员会{plan.year}年度协商计划")
    doc.addressee("各专门委员会、各委员活动组，机关各科室")
    status = "已经政协常委会会议审议通过" if plan.status == "adopted" else "（草案）"
    doc.paragraph(
        f"为科学制定年度协商计划，提高协商精度和实效，根据县委、县政府工作重点和各专门委员会拟定的备选课题，"
        f"经委员活动组座谈、主席会议研究筛选，{status}。现将{plan.year}年度协商计划印发如下。"
    )
    sections = [
        ("党政出题协商课题（专题协商）", [t for t in topics if t.track == Track.PARTY_GOVERNMENT]),
        ("年度协商课题", [t for t in topics if t.track == Track.ANNUAL]),
    ]
    for number, (heading, items) in enumerate(sections, start=1):
        doc.heading1(f"{chinese_ordinal(number)}、{heading}")
        if not items:
            doc.paragraph("暂无。")
            continue
        for index, topic in enumerate(items, start=1):
            doc.heading2(f"（{chinese_ordinal(index)}）{topic.title}")
            lead = topic.vice_chair.display_name if topic.vice_chair else "待定"
            committee = topic.committee.name if topic.committee else "县委、县政府"
            doc.paragraph(
                f"协商形式：{topic.get_consultation_type_display()}；牵头单位：{committee}；分管副主席：{lead}。"
            )
            doc.paragraph(topic.rationale)
    doc.heading1(f"{chinese_ordinal(len(sections) + 1)}、工作要求")
    doc.paragraph(
        "各调研组要实行一课题一个调研组和年度调研工作责任制，提前备足功课、全程参与，"
        "确保调研成果质量，推动协商成果转化落实。"
    )
    doc.table(
        ["序号", "课题", "来源", "领域", "协商形式"],
        [
            [i, t.title, t.get_source_display(), t.get_domain_display(), t.get_consultation_type_display()]
            for i, t in enumerate(topics, start=1)
        ],
    )
    doc.signature(ISSUER, plan.adopted_on or timezone.localdate())
    return doc


def plan_docx_response(plan: Plan):
    # An official document is Chinese whatever the reader's interface language.
    with translation.override("zh-hans"):
        document = plan_document(plan)
    return document.response(f"{plan.year}年度协商计划.docx")
