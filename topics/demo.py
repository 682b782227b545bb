"""Demo topic selection: the adopted 2026 plan of Chengwu County and the 2027 plan being drafted."""
import datetime

from django.utils import timezone

from directory.models import MemberGroup, SpecialCommittee, User
from history.models import HistoryEntry

from . import services
from .models import Plan

# (title, domain, committee, origin, reference, consultation type, vice-chair, outcome)
# outcome: adopted / shortlisted (then not included) / candidate (then not included) / merge:<index>
CANDIDATES_2026 = [
    ("关于加快成武经济开发区食品产业链延链补链的建议", "industry", "经济委员会", "member_proposal", "县政协十届四次会议第15号提案", "counterpart", "vice_chair", "adopted"),
    ("关于推动中小企业数字化转型的建议", "industry", "经济委员会", "member_symposium", "联系委员座谈会（2026年1月）", "sector", "vice_chair_zhou", "adopted"),
    ("关于盘活开发区闲置低效工业用地的建议", "industry", "人口资源环境委员会", "government_report", "2026年县政府工作报告", "counterpart", "vice_chair", "shortlisted"),
    ("关于提升企业用工保障水平的建议", "industry", "社会法制和民族宗教委员会", "public_opinion", "社情民意信息第2026-03期", "counterpart", "vice_chair_zhou", "candidate"),
    ("关于发展大蒜精深加工、提升农产品附加值的建议", "agriculture", "农业和农村委员会", "member_proposal", "县政协十届四次会议第32号提案", "counterpart", "vice_chair_zhou", "adopted"),
    ("关于加强高标准农田建后管护的建议", "agriculture", "农业和农村委员会", "plenary", "县委十四届全委扩大会议", "proposal", "vice_chair_zhou", "adopted"),
    ("关于培育新型农业经营主体的建议", "agriculture", "农业和农村委员会", "member_symposium", "大田集镇委员活动组座谈", "sector", "vice_chair_ma", "candidate"),
    ("关于发展农村电商助力农产品上行的建议", "agriculture", "经济委员会", "public_opinion", "社情民意信息第2026-07期", "counterpart", "vice_chair_ma", "candidate"),
    ("关于推动文旅融合、打造伯乐文化品牌的建议", "services", "文化文史和学习委员会", "member_proposal", "县政协十届四次会议第41号提案", "sector", "vice_chair_ma", "adopted"),
    ("关于解决县城停车难、停车乱问题的建议", "urban", "社会法制和民族宗教委员会", "public_opinion", "社情民意信息第2026-05期", "counterpart", "vice_chair", "merge:14"),
    ("关于养老服务机构医养结合的建议", "livelihood", "教科卫体委员会", "member_symposium", "成武镇委员活动组座谈", "proposal", "vice_chair_ma", "candidate"),
    ("关于深化“一次办好”改革、优化营商环境的建议", "services", "经济委员会", "government_report", "2026年县政府工作报告", "counterpart", "vice_chair", "shortlisted"),
    ("关于北部新城道路、广场命名的建议", "urban", "文化文史和学习委员会", "public_opinion", "社情民意信息第2025-18期", "counterpart", "vice_chair", "adopted"),
    ("关于老旧小区改造后长效管理的建议", "urban", "人口资源环境委员会", "member_proposal", "县政协十届四次会议第8号提案", "counterpart", "vice_chair", "adopted"),
    ("关于县城停车难问题的建议", "urban", "提案委员会", "member_proposal", "县政协十届四次会议第22号提案", "counterpart", "vice_chair", "candidate"),
    ("关于城区黑臭水体长效治理的建议", "urban", "人口资源环境委员会", "member_symposium", "汶上集镇委员活动组座谈", "counterpart", "vice_chair_ma", "candidate"),
    ("关于提升农村义务教育学校办学质量的建议", "livelihood", "教科卫体委员会", "member_proposal", "县政协十届四次会议第51号提案", "proposal", "vice_chair_ma", "adopted"),
    ("关于完善县域医共体建设的建议", "livelihood", "教科卫体委员会", "plenary", "县委十四届全委扩大会议", "special", "vice_chair_ma", "adopted"),
    ("关于加强农村留守老人关爱服务的建议", "livelihood", "社会法制和民族宗教委员会", "public_opinion", "社情民意信息第2026-09期", "sector", "vice_chair_zhou", "candidate"),
    ("关于推进城乡供水一体化的建议", "livelihood", "人口资源环境委员会", "government_report", "2026年县政府工作报告", "counterpart", "vice_chair_ma", "adopted"),
]
PARTY_2026 = [
    ("统筹推进疫情常态化防控和复工复产工作", "party_committee", "livelihood", "县委、县政府提请县政协常委会会议专题协商", "vice_chair"),
    ("加快培育新质生产力、推动县域经济高质量发展", "government", "industry", "县政府提请县政协常委会会议专题协商", "vice_chair_zhou"),
]
RATIONALE = (
    "围绕全县中心工作，坚持小切口命题、关键处入手。该课题来源于{origin}，"
    "涉及群众切身利益和部门工作推进中的难点，经专委会调研论证，具备协商条件，建议列入年度协商计划。"
)
CANDIDATES_2027 = [
    ("关于进一步规范县城停车秩序的建议", "urban", "社会法制和民族宗教委员会", "public_opinion", "社情民意信息第2026-21期", "counterpart", "vice_chair", "shortlisted"),
    ("关于发展预制菜产业的建议", "industry", "经济委员会", "member_proposal", "委员提案线索（2026年10月）", "sector", "vice_chair_zhou", "candidate"),
    ("关于加强县域冷链物流体系建设的建议", "services", "经济委员会", "member_symposium", "伯乐集镇委员活动组座谈", "counterpart", "vice_chair", "candidate"),
    ("关于推进农村生活污水治理的建议", "agriculture", "人口资源环境委员会", "public_opinion", "社情民意信息第2026-24期", "counterpart", "vice_chair_ma", "candidate"),
    ("关于加强青少年心理健康教育的建议", "livelihood", "教科卫体委员会", "member_proposal", "委员提案线索（2026年11月）", "proposal", "vice_chair_ma", "candidate"),
]
STANCES = ["support", "support", "neutral", "support", "oppose"]


def _backdate(topic_id: int, action: str, day: datetime.date) -> None:
    """Demo history carries the meeting dates, not the day the demo was loaded."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    HistoryEntry.objects.filter(topic_id=topic_id, action=action).update(created_at=moment)


def _candidates(plan, rows, staff, people, committees, groups, *, symposium, chair_meeting, standing_meeting):
    created = []
    for index, (title, domain, committee, origin, reference, ctype, chair, _outcome) in enumerate(rows):
        topic = services.topic_create(
            actor=staff, plan_id=plan.pk, source="special_committee", title=title, origin=origin,
            origin_reference=reference, domain=domain, consultation_type=ctype, committee=committees[committee],
            vice_chair=people[chair], rationale=RATIONALE.format(origin=reference),
        )
        _backdate(topic.pk, "created", symposium - datetime.timedelta(days=20))
        for offset in range(2 + index % 2):
            group = groups[(index + offset) % len(groups)]
            services.topic_record_opinion(
                actor=people[chair], topic_id=topic.pk, member_group_id=group.pk,
                stance=STANCES[(index + offset) % len(STANCES)],
                comment=f"{group.name}委员认为该课题切口小、针对性强，建议聚焦可操作的具体举措。",
                held_on=symposium,
            )
        _backdate(topic.pk, "opinion_recorded", symposium)
        created.append(topic)
    for topic, row in zip(created, rows, strict=True):
        outcome = row[-1]
        if outcome.startswith("merge:"):
            kept = created[int(outcome.split(":")[1])]
            services.topic_merge(actor=staff, topic_id=kept.pk, other_id=topic.pk, note="两件候选课题内容重复，合并协商。")
            _backdate(topic.pk, "merged", chair_meeting)
            _backdate(kept.pk, "absorbed", chair_meeting)
        elif outcome in ("adopted", "shortlisted") and chair_meeting:
            services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=chair_meeting, note="主席会议研究筛选")
            _backdate(topic.pk, "shortlisted", chair_meeting)
    for topic, row in zip(created, rows, strict=True):
        if row[-1] == "adopted" and standing_meeting:
            services.topic_adopt(actor=staff, topic_id=topic.pk, meeting_date=standing_meeting)
            _backdate(topic.pk, "adopted", standing_meeting)
    return created


def seed(*, password: str, stdout=None) -> None:
    staff = User.objects.get(username="staff")
    people = {u.username: u for u in User.objects.filter(username__startswith="vice_chair")}
    committees = {c.name: c for c in SpecialCommittee.objects.all()}
    groups = list(MemberGroup.objects.order_by("id"))

    if not Plan.objects.filter(year=2026).exists():
        plan = services.plan_create(actor=staff, year=2026, title="政协成武县委员会2026年度协商计划")
        _candidates(
            plan, CANDIDATES_2026, staff, people, committees, groups,
            symposium=datetime.date(2026, 2, 26), chair_meeting=datetime.date(2026, 3, 5),
            standing_meeting=datetime.date(2026, 3, 20),
        )
        services.plan_adopt(actor=staff, plan_id=plan.pk, adopted_on=datetime.date(2026, 3, 20))
        for title, source, domain, reference, chair in PARTY_2026:
            topic = services.topic_create(
                actor=staff, plan_id=plan.pk, source=source, title=title, origin="party_government",
                origin_reference=reference, domain=domain, consultation_type="special", vice_chair=people[chair],
                rationale=f"{reference}。政协通过现场调查、网上视频等方式掌握实际情况，及时向县委县政府提交意见建议。",
            )
            services.topic_adopt(actor=staff, topic_id=topic.pk, meeting_date=datetime.date(2026, 5, 8))
            _backdate(topic.pk, "created", datetime.date(2026, 5, 6))
            _backdate(topic.pk, "adopted", datetime.date(2026, 5, 8))

    if not Plan.objects.filter(year=2027).exists():
        plan = services.plan_create(actor=staff, year=2027, title="政协成武县委员会2027年度协商计划（草案）")
        _candidates(
            plan, CANDIDATES_2027, staff, people, committees, groups,
            symposium=datetime.date(2026, 11, 18), chair_meeting=datetime.date(2026, 11, 24), standing_meeting=None,
        )
