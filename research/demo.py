"""Demo research work: one group per adopted topic, preparation, external visits over three years, reports."""
import datetime

from django.utils import timezone

from directory.models import Member, SpecialCommittee, User
from topics import services as topic_services
from topics.models import Plan, Topic, TopicStatus

from . import services
from .models import ResearchGroup

D = datetime.date

# Earlier years, so external visits span three years (the source counts 10+ in 3 years).
# (year, title, domain, committee, vice-chair, members, visits)
EARLIER = [
    (2024, "关于推进设施蔬菜产业提质增效的建议", "agriculture", "农业和农村委员会", "vice_chair_zhou",
     ["孙国栋", "何志远", "谢春生", "许海燕"],
     [("赴寿光市考察设施蔬菜产业", D(2024, 5, 14), D(2024, 5, 15), "寿光市", "寿光市政协、寿光蔬菜产业集团",
       [("寿光蔬菜大棚智能化管理", "物联网实时监测温湿度、光照和土壤墒情，农户用手机远程放风、浇水、补光。"),
        ("“合作社+基地+农户”标准化种植", "统一品种、统一农资、统一标准、统一品牌、统一销售。")]),
      ("赴郓城县考察蔬菜冷链物流", D(2024, 6, 20), None, "郓城县", "郓城县政协",
       [("产地预冷与冷链共享仓", "在主产镇建设共享预冷库，降低损耗，延长销售半径。")])]),
    (2024, "关于发展农村电商助推农产品上行的建议", "agriculture", "经济委员会", "vice_chair_ma",
     ["何志远", "韩保国", "金玉凤"],
     [("赴曹县考察农村电商", D(2024, 9, 10), D(2024, 9, 11), "曹县", "曹县政协、曹县电子商务服务中心",
       [("“淘宝村”孵化模式", "政府搭台、龙头带动，返乡青年集中孵化，形成表演服、木制品等特色产业带。"),
        ("电商直播基地共享", "镇级直播间免费开放，配套仓储物流和运营培训。")]),
      ("赴寿光市考察农产品线上交易", D(2024, 11, 6), None, "寿光市", "寿光市商务局",
       [("农产品电子交易结算中心", "线上报价、统一结算，价格指数每日发布。")])]),
    (2025, "关于推动文旅融合发展的建议", "services", "文化文史和学习委员会", "vice_chair",
     ["吴晓燕", "孔祥瑞", "朱丽萍", "柏秀云"],
     [("赴曲阜市考察文旅融合", D(2025, 4, 16), D(2025, 4, 17), "曲阜市", "曲阜市政协、尼山圣境管理公司",
       [("研学旅行基地建设", "以儒家文化为主题开发研学课程，与中小学研学实践教育对接。"),
        ("“文化+演艺”夜游经济", "打造沉浸式演艺和夜间街区，延长游客停留时间。")]),
      ("赴郓城县考察水浒文化旅游", D(2025, 6, 12), None, "郓城县", "郓城县文化和旅游局",
       [("地方戏曲进景区常态化演出", "非遗剧团驻场演出，财政补贴与门票分成结合。")])]),
    (2025, "关于做大做强肉羊产业的建议", "agriculture", "农业和农村委员会", "vice_chair_zhou",
     ["蒋立军", "孙国栋", "冯志刚"],
     [("赴单县考察肉羊产业", D(2025, 5, 21), D(2025, 5, 22), "单县", "单县政协、单县畜牧发展中心",
       [("羊产业全链条发展", "良种繁育、标准化养殖、屠宰加工和冷链配送一体推进，叫响“单县羊肉汤”品牌。"),
        ("“活体抵押”养殖贷款", "以活体羊作抵押，银行、保险、担保联动，破解养殖户融资难。")]),
      ("赴曹县考察畜禽粪污资源化利用", D(2025, 8, 27), None, "曹县", "曹县农业农村局",
       [("粪污集中收集处理中心", "第三方运营，粪污制成有机肥还田，实现种养循环。")])]),
]

# Current-year external visits by topic keyword: (keyword, title, date, end, destination, hosts, findings)
VISITS_2026 = [
    ("食品产业链", "赴曹县考察食品产业园区", D(2026, 5, 12), D(2026, 5, 13), "曹县", "曹县政协、曹县经济开发区",
     [("食品产业“链长制”", "县级领导任链长，按链招商，补齐包装、检测、冷链配套。"),
      ("中小食品企业共享检测中心", "园区集中建设检测中心，企业按次付费。")]),
    ("老旧小区", "赴寿光市考察老旧小区长效管理", D(2026, 4, 22), None, "寿光市", "寿光市住房和城乡建设局",
     [("“红色物业”进小区", "社区党组织牵头，引入专业物业，居民议事会监督收费和服务。")]),
    ("大蒜", "赴郓城县考察农产品精深加工", D(2026, 6, 3), D(2026, 6, 4), "郓城县", "郓城县政协",
     [("黑蒜与蒜素精深加工", "引进发酵和提取工艺，产品附加值提高3—5倍。")]),
    ("文旅融合", "赴曲阜市考察文化品牌打造", D(2026, 5, 27), None, "曲阜市", "曲阜市文化和旅游局",
     [("城市文化IP统一授权", "统一设计文化标识，授权企业开发文创产品。")]),
    ("医共体", "赴单县考察县域医共体建设", D(2026, 7, 8), None, "单县", "单县卫生健康局",
     [("医共体“人财物”统一管理", "牵头医院统一调配人员和设备，乡镇卫生院专家坐诊常态化。")]),
]

# Members picked for a domain, by expertise (R4: members with relevant expertise).
MEMBERS_BY_DOMAIN = {
    "industry": ["赵文博", "郑海涛", "周建平", "华振宇", "戚慧敏"],
    "agriculture": ["孙国栋", "蒋立军", "何志远", "谢春生", "许海燕"],
    "services": ["韩保国", "吴晓燕", "金玉凤", "孔祥瑞"],
    "urban": ["褚明亮", "尤建军", "窦海波", "曹建华", "魏国强"],
    "livelihood": ["钱丽娟", "王秀英", "李春华", "章雅琴", "张文静"],
    "other": ["施卫东", "杨晓东", "陶红霞"],
}

REPORT_BODY = """一、基本情况
{title}是县委、县政府关注、群众关心的重点工作。调研组通过专家讲座、集体学习、深入一线和外出考察，全面掌握了政策要求、现实情况和工作进展。

二、存在的问题
（一）统筹推进机制还不健全，部门之间协同不够。
（二）要素保障不足，资金、土地、人才等瓶颈制约明显。
（三）群众参与度不高，长效机制有待建立。

三、意见建议
调研组借鉴外地先进经验，坚持“拿来主义”，提出以下建议。"""

SUGGESTIONS = [
    ("建立县级统筹推进机制", "成立由县政府分管领导牵头的工作专班，明确责任单位和时间节点，每季度调度一次。"),
    ("加大要素保障力度", "统筹整合涉农、产业扶持等资金，优先保障用地指标，落实人才引进政策。"),
    ("完善长效管理机制", "建立群众参与的监督评价制度，将工作成效纳入部门年度考核。"),
]


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _members(domain, names=None):
    names = names or MEMBERS_BY_DOMAIN.get(domain, MEMBERS_BY_DOMAIN["other"])
    return list(Member.objects.filter(name__in=names).values_list("pk", flat=True))


def _earlier_topics(staff, people):
    """2024 and 2025 plans with the topics whose research is on record, adopted through the topic services."""
    committees = {c.name: c for c in SpecialCommittee.objects.all()}
    topics = []
    for year in (2024, 2025):
        rows = [row for row in EARLIER if row[0] == year]
        plan = Plan.objects.filter(year=year).first()
        if plan is None:
            plan = topic_services.plan_create(
                actor=staff, year=year, title=f"政协成武县委员会{year}年度协商计划",
                annual_quota=len(rows), party_quota=0,
                notes="演示数据：只录入了与调研工作有关的年度协商课题。",
            )
        for _year, title, domain, committee, chair, names, visits in rows:
            topic = Topic.objects.filter(plan=plan, title=title).first()
            if topic is None:
                topic = topic_services.topic_create(
                    actor=staff, plan_id=plan.pk, source="special_committee", title=title, origin="member_proposal",
                    origin_reference=f"县政协十届{year - 2021}次会议提案", domain=domain, consultation_type="counterpart",
                    committee=committees[committee].pk, vice_chair=people[chair].pk,
                    rationale="委员提案和社情民意信息集中反映，群众关注度高，具备协商条件。",
                )
            if topic.status == TopicStatus.CANDIDATE:
                topic_services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=D(year, 3, 5))
                topic = topic_services.topic_adopt(actor=staff, topic_id=topic.pk, meeting_date=D(year, 3, 20))
            topics.append((topic, names, visits))
        if plan.status == "draft" and plan.topics.filter(status=TopicStatus.ADOPTED).count() == plan.annual_quota:
            topic_services.plan_adopt(actor=staff, plan_id=plan.pk, adopted_on=D(year, 3, 20))
    return topics


def _prepare(group, staff, year, member_ids):
    """Lecture, collective study and a frontline visit: members prepare before the research (R5)."""
    title = group.topic.title
    everyone, most = member_ids, member_ids[: max(1, len(member_ids) - 1)]
    services.activity_record(
        actor=staff, group_id=group.pk, kind="expert_lecture", title="政策解读专家讲座", held_on=D(year, 4, 8),
        place="县政协三楼会议室", content=f"邀请省市有关专家围绕“{title}”解读政策、分析形势。", present_member_ids=everyone,
    )
    services.activity_record(
        actor=staff, group_id=group.pk, kind="collective_study", title="调研组集体学习", held_on=D(year, 4, 18),
        place="县政协学习室", content="集体学习相关法律法规、上级文件和县里工作方案。", present_member_ids=most,
    )
    services.activity_record(
        actor=staff, group_id=group.pk, kind="frontline_visit", title="深入一线走访调研", held_on=D(year, 5, 6),
        place="成武镇、大田集镇、天宫庙镇", content="实地察看项目现场，召开部门和群众座谈会。", present_member_ids=everyone,
    )


def _visit(group, staff, member_ids, title, held_on, ends_on, destination, hosts, findings):
    return services.activity_record(
        actor=staff, group_id=group.pk, kind="external_visit", title=title, held_on=held_on, ends_on=ends_on,
        destination=destination, hosts=hosts, content=f"学习{destination}的创新做法和成功经验。",
        present_member_ids=member_ids, findings=[{"title": t, "description": d} for t, d in findings],
    )


def _report(group, actor, findings):
    suggestions = [
        {"title": t, "content": c, "finding": findings[i].pk if i < len(findings) else None}
        for i, (t, c) in enumerate(SUGGESTIONS)
    ]
    return services.report_create_draft(
        actor=actor, group_id=group.pk, title=f"关于{group.topic.title.removeprefix('关于').removesuffix('的建议')}的调研报告",
        body=REPORT_BODY.format(title=group.topic.title), suggestions=suggestions,
    )


def _rate(report, leader, scores=(4, 5, 4)):
    for suggestion in report.suggestions.all():
        services.report_rate_suggestion(
            actor=leader, suggestion_id=suggestion.pk, scientific=scores[0], forward_looking=scores[1], feasible=scores[2]
        )


def _plan_milestones(group, staff, year, done_until=None):
    for kind, title, due in (
        ("study_done", "集中学习完成", D(year, 4, 30)),
        ("field_research_done", "实地调研和外出考察完成", D(year, 7, 31)),
        ("report_draft", "调研报告初稿", D(year, 9, 30)),
        ("report_approved", "调研报告审定", D(year, 11, 20)),
    ):
        milestone = services.milestone_create(actor=staff, group_id=group.pk, kind=kind, title=title, due_on=due)
        if done_until and due <= min(done_until, timezone.localdate()):
            services.milestone_complete(actor=staff, milestone_id=milestone.pk, done_on=due)


def seed(*, password: str, stdout=None) -> None:
    staff = User.objects.filter(username="staff").first()
    people = {u.username: u for u in User.objects.filter(username__startswith="vice_chair")}
    current = Topic.objects.filter(plan__year=2026, status=TopicStatus.ADOPTED).select_related("vice_chair").order_by("id")
    if staff is None or not current.exists() or len(people) < 3:
        _log(stdout, "research.demo: no adopted 2026 topics yet; skipped.")
        return
    if ResearchGroup.objects.filter(topic__plan__year=2026).exists():
        return  # already seeded

    # Earlier years: closed groups with external visits and approved reports.
    for topic, names, visits in _earlier_topics(staff, people):
        if ResearchGroup.objects.filter(topic=topic).exists():
            continue
        year = topic.plan.year
        member_ids = _members(topic.domain, names)
        group = services.group_form(
            actor=staff, topic_id=topic.pk, leader_id=topic.vice_chair_id, member_ids=member_ids,
            formed_on=D(year, 3, 28),
        )
        services.group_advance(actor=staff, group_id=group.pk, to_state="studying")
        _plan_milestones(group, staff, year, done_until=D(year, 11, 30))
        _prepare(group, staff, year, member_ids)
        services.group_advance(actor=staff, group_id=group.pk, to_state="researching")
        findings = []
        for title, held_on, ends_on, destination, hosts, found in visits:
            findings += list(_visit(group, staff, member_ids, title, held_on, ends_on, destination, hosts, found).findings.all())
        report = _report(group, staff, findings)
        services.report_submit(actor=staff, report_id=report.pk)
        _rate(report, group.leader)
        services.report_approve(actor=group.leader, report_id=report.pk, comments="同意，按程序报送。")
        services.group_advance(actor=staff, group_id=group.pk, to_state="closed")

    # 2026: one group per adopted topic, led by its vice-chair in charge.
    approved_done = submitted_done = False
    for index, topic in enumerate(current):
        leader = topic.vice_chair or people["vice_chair"]
        member_ids = _members(topic.domain)
        group = services.group_form(
            actor=staff, topic_id=topic.pk, leader_id=leader.pk, member_ids=member_ids, formed_on=D(2026, 3, 28),
            notes="按照年度调研工作责任制，提前组班、全程参与，避免临时组班。",
        )
        services.group_advance(actor=staff, group_id=group.pk, to_state="studying")
        # Some groups are behind plan, so overdue milestones show on the pages.
        _plan_milestones(group, staff, 2026, done_until=D(2026, 7, 31) if index % 3 else D(2026, 4, 30))
        _prepare(group, staff, 2026, member_ids)
        services.group_advance(actor=staff, group_id=group.pk, to_state="researching")
        findings = []
        for keyword, title, held_on, ends_on, destination, hosts, found in VISITS_2026:
            if keyword in topic.title:
                findings += list(
                    _visit(group, staff, member_ids, title, held_on, ends_on, destination, hosts, found).findings.all()
                )
        if leader.username != "vice_chair" or not findings:
            continue
        # The demo vice-chair has one approved report and one waiting for review (returned once first).
        if not approved_done:
            report = _report(group, staff, findings)
            services.report_submit(actor=staff, report_id=report.pk)
            _rate(report, leader, (4, 3, 3))
            services.report_return(
                actor=leader, report_id=report.pk,
                comments="第二条建议可操作性不强，请结合寿光经验细化资金来源和责任单位。",
            )
            following = report.next_version
            services.report_update(
                actor=staff, report_id=following.pk,
                body=following.body + "\n（第二稿已根据分管副主席意见细化责任单位和资金来源。）",
            )
            services.report_submit(actor=staff, report_id=following.pk)
            _rate(following, leader)
            services.report_approve(actor=leader, report_id=following.pk, comments="同意报送县委、县政府。")
            approved_done = True
        elif not submitted_done:
            report = _report(group, staff, findings)
            services.report_submit(actor=staff, report_id=report.pk)
            submitted_done = True
    _log(stdout, f"research.demo: {ResearchGroup.objects.count()} research groups.")
