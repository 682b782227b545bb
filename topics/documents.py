"""The annual consultation plan (年度协商计划) as an official .docx document."""
from django.utils import timezone, translation

from chengwu_cppcc.documents import OfficialDocument, chinese_ordinal

from .models import Plan, PlanStatus, TopicStatus, Track

ISSUER = "政协成武县委员会"


def plan_document(plan: Plan) -> OfficialDocument:
    """The plan in the plain layout; while it is not adopted it is a draft: （草案） in the title, a notice on
    every page and no signature or date."""
    topics = list(
        plan.topics.filter(status=TopicStatus.ADOPTED).select_related("committee", "vice_chair").order_by("track", "id")
    )
    draft = plan.status != PlanStatus.ADOPTED
    if draft:  # a draft lists the candidates the chairs' meeting is choosing from
        topics = list(
            plan.topics.exclude(status__in=(TopicStatus.REJECTED, TopicStatus.MERGED, TopicStatus.WITHDRAWN)).select_related("committee", "vice_chair")
            .order_by("track", "id")
        )
    title = f"政协成武县委员会{plan.year}年度协商计划"
    doc = OfficialDocument(title=title, subject="年度协商计划", issued_on=plan.adopted_on, draft=draft)
    doc.title(title)
    doc.addressee("各专门委员会、各委员活动组，机关各科室")
    if draft:
        status = "经委员活动组座谈、主席会议研究筛选，形成本计划草案，提请政协常委会会议审议"
        verb = "现将草案印发，请提出修改意见"
    else:
        status = "经委员活动组座谈、主席会议研究筛选，已经政协常委会会议审议通过"
        verb = f"现将{plan.year}年度协商计划印发如下"
    doc.paragraph(
        f"为科学制定年度协商计划，提高协商精度和实效，根据县委、县政府工作重点和各专门委员会拟定的备选课题，"
        f"{status}。{verb}。"
    )
    sections = [
        ("党政出题协商课题（专题协商）", [t for t in topics if t.track == Track.PARTY_GOVERNMENT]),
        ("年度协商课题", [t for t in topics if t.track == Track.ANNUAL]),
    ]
    ordered = [t for _heading, items in sections for t in items]  # the table follows the text's order
    for number, (heading, items) in enumerate(sections, start=1):
        doc.heading1(f"{chinese_ordinal(number)}、{heading}")
        if not items:
            doc.paragraph("无。")
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
    if ordered:
        doc.table(
            ["序号", "课题", "来源", "领域", "协商形式"],
            [
                [i, t.title, t.get_source_display(), t.get_domain_display(), t.get_consultation_type_display()]
                for i, t in enumerate(ordered, start=1)
            ],
            widths=[12, 70, 26, 22, 26],
            caption=f"{plan.year}年度协商课题一览表" + ("（草案）" if draft else ""),
        )
    day = plan.adopted_on or timezone.localdate()
    doc.signature(ISSUER, day)
    if not draft:
        doc.imprint(copies_to="县委办公室，县政府办公室", printed_on=day)
    return doc


def plan_docx_response(plan: Plan):
    # An official document is Chinese whatever the reader's interface language.
    with translation.override("zh-hans"):
        document = plan_document(plan)
    return document.response(f"{plan.year}年度协商计划.docx")
