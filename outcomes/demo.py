"""Demo outcome conversion: outcomes in every state, overdue work, replies awaiting each leader, a two-year case."""
import datetime

from django.utils import timezone

from directory.models import Department, User
from research.models import Report, ReportStatus
from topics.models import Topic, TopicStatus

from .models import ContactKind, Outcome
from .services import assignments as assignment_services
from .services import outcomes as outcome_services
from .services import replies as reply_services
from .services import supervision as supervision_services

D = datetime.date
ROAD_TITLE = "关于北部新城道路、广场命名工作的政协工作纪要"


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _pdf(title: str):
    """A small but real PDF standing for the department's stamped reply."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def _subject(topic) -> str:
    """“关于推进城乡供水一体化的建议” → “推进城乡供水一体化”, for document titles."""
    return topic.title.removeprefix("关于").removesuffix("的建议")


def _outcome(staff, topic, kind, title, suggestions, submitted_on=None):
    outcome = outcome_services.outcome_create(
        actor=staff, topic_id=topic.pk, kind=kind, title=title,
        body=f"县政协围绕“{topic.title}”开展协商，形成以下意见建议，报请县委、县政府研究。",
        suggestions=[{"title": t, "content": c} for t, c in suggestions],
    )
    if submitted_on:
        outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk, submitted_on=submitted_on)
    return outcome


def _forward(staff, outcome, lead, co=(), day=None):
    outcome_services.outcome_forward(
        actor=staff, outcome_id=outcome.pk, lead_department_id=lead.pk, co_department_ids=[d.pk for d in co],
        forwarded_on=day, instruction="请认真研究办理，按期答复。",
    )
    return outcome.assignments.get(role="lead")


def _contacts(officer, assignment, kinds, day):
    notes = {
        ContactKind.BEFORE_HANDLING: "与政协责任委室座谈，明确办理重点和时间安排。",
        ContactKind.DURING_HANDLING: "电话通报办理进展，邀请委员现场查看。",
        ContactKind.BEFORE_REPLY: "答复前与政协责任委室和提出建议的委员当面协商，对答复意见达成一致。",
    }
    for kind in kinds:
        assignment_services.assignment_log_contact(
            actor=officer, assignment_id=assignment.pk, kind=kind, held_on=day, summary=notes[kind],
            method="座谈", participants="政协责任委室、承办单位",
        )


def _reply(officer, assignment, stances=None, countersigners=()):
    suggestions = list(assignment.outcome.suggestions.all())
    chosen = stances or ["adopted"] * len(suggestions)
    reply = reply_services.reply_create(
        actor=officer, assignment_id=assignment.pk, document_number=f"成{assignment.department.name[1:3]}函〔2026〕{assignment.pk}号",
        text=f"关于《{assignment.outcome.title}》办理情况的答复：经认真研究，现将有关情况答复如下。",
        file=_pdf("答复"), stances=[
            {"suggestion": s.pk, "stance": st, "reason": "受财力所限，暂缓实施，将纳入下年度计划统筹考虑。" if st == "not_adopted" else "已纳入部门年度工作计划。"}
            for s, st in zip(suggestions, chosen, strict=True)
        ],
    )
    for signer in countersigners:
        reply_services.reply_countersign(actor=signer, reply_id=reply.pk, note="同意主办单位答复意见。")
    return reply_services.reply_submit(actor=officer, reply_id=reply.pk)


def seed(*, password: str, stdout=None) -> None:
    users = {u.username: u for u in User.objects.filter(
        username__in=["staff", "department", "department2", "leader_in_charge", "principal_leader", "supervisor"]
    )}
    topics = {t.title: t for t in Topic.objects.filter(plan__year=2026, status=TopicStatus.ADOPTED)}
    if len(users) < 6 or not topics:
        _log(stdout, "outcomes.demo: demo logins or adopted 2026 topics missing; skipped.")
        return
    if Outcome.objects.filter(title=ROAD_TITLE).exists():
        return  # already seeded
    staff, dept, dept2 = users["staff"], users["department"], users["department2"]
    housing, planning = dept.department, dept2.department
    if housing is None or planning is None:
        _log(stdout, "outcomes.demo: department logins have no department; skipped.")
        return
    transport = Department.objects.filter(name="县交通运输局").first()

    def topic_like(keyword, fallback_type):
        for title, topic in topics.items():
            if keyword in title:
                return topic
        return next((t for t in topics.values() if t.consultation_type == fallback_type), next(iter(topics.values())))

    # 1. The road-naming matter (R10): forwarded, replied, accepted, followed across two years, then closed.
    road = topic_like("道路、广场命名", "counterpart")
    outcome = _outcome(staff, road, "work_minutes", ROAD_TITLE, [
        ("编制北部新城地名规划", "由县自然资源和规划局会同民政部门编制北部新城地名专项规划，体现成武历史文化。"),
        ("规范道路、广场命名程序", "广泛征求委员和群众意见，按程序报批后统一公布，同步设置标志标牌。"),
    ], submitted_on=D(2026, 4, 10))
    lead = _forward(staff, outcome, planning, co=[housing], day=D(2026, 4, 15))
    co = outcome.assignments.get(role="co")
    _contacts(dept2, lead, list(ContactKind), D(2026, 4, 20))
    assignment_services.assignment_submit_input(actor=dept, assignment_id=co.pk, text="建议同步规划道路标志标牌设置。")
    reply = _reply(dept2, lead, countersigners=[dept])
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk, comments="同意。")
    reply_services.reply_evaluate(actor=staff, reply_id=reply.pk, evaluation="satisfied", comments="答复具体，措施有力。")
    case = supervision_services.case_open(
        actor=staff, outcome_id=outcome.pk, title="北部新城道路、广场命名", committee_office="政协文化文史和学习委员会",
        supervision_owner_id=users["supervisor"].pk, opened_on=D(2025, 6, 10),
    )
    for kind, day, title in [
        ("site_check", D(2025, 7, 8), "政协责任委室与县政府督查室现场查看北部新城道路、广场现状"),
        ("meeting", D(2025, 11, 20), "召开地名命名协调会，征求委员和群众意见"),
        ("office_meeting", D(2026, 3, 12), "县长办公会议专题研究，责成县自然资源和规划局制定工作方案"),
        ("work_plan", D(2026, 4, 28), "《北部新城道路、广场命名工作方案》印发"),
        ("progress", D(2026, 9, 15), "命名方案经县政府批准并向社会公布，标志标牌设置完成"),
    ]:
        supervision_services.case_add_event(actor=users["supervisor"], case_id=case.pk, kind=kind, happened_on=day, title=title)
    for suggestion in outcome.suggestions.all():
        outcome_services.suggestion_update(actor=staff, suggestion_id=suggestion.pk, progress=100, progress_note="已完成。")
    assignment_services.assignment_close(actor=staff, assignment_id=lead.pk, note="两条建议均已落实。")
    supervision_services.case_close(
        actor=users["supervisor"], case_id=case.pk, result="道路、广场命名方案已公布实施，督办办结。", closed_on=D(2026, 9, 20)
    )

    # 2. Overdue and very overdue for the `department` login: forwarded long ago, only the first contact logged.
    digital = topic_like("数字化转型", "sector")
    outcome = _outcome(staff, digital, "meeting_minutes", f"关于{_subject(digital)}的协商会议纪要", [
        ("建设中小企业数字化公共服务平台", "整合政务数据和服务资源，为中小企业提供上云用数赋智服务。"),
        ("设立数字化转型专项资金", "对示范企业给予奖补，带动行业整体转型。"),
    ], submitted_on=_days_ago(50))
    overdue = _forward(staff, outcome, housing, co=[planning], day=_days_ago(45))
    _contacts(dept, overdue, [ContactKind.BEFORE_HANDLING], _days_ago(40))
    assignment_services.assignment_request_extension(
        actor=dept, assignment_id=overdue.pk, reason="涉及多个部门，需进一步调研论证。", extra_working_days=10
    )
    supervision_services.case_open(
        actor=users["supervisor"], outcome_id=outcome.pk, title="中小企业数字化转型建议逾期未答复",
        committee_office="政协经济委员会", committee_owner_id=staff.pk, opened_on=_days_ago(5),
    )

    # 3. A reply waiting for the leader in charge (counterpart consultation, R12).
    water = topic_like("供水一体化", "counterpart")
    outcome = _outcome(staff, water, "work_minutes", f"关于{_subject(water)}的政协工作纪要", [
        ("加快城乡供水管网互联互通", "推进县城水厂向乡镇延伸，实现同源、同网、同质、同价。"),
        ("建立农村供水长效管护机制", "明确管护主体和经费来源，保障农村饮水安全。"),
    ], submitted_on=_days_ago(30))
    waiting = _forward(staff, outcome, housing, day=_days_ago(25))
    _contacts(dept, waiting, list(ContactKind), _days_ago(3))
    _reply(dept, waiting, stances=["adopted", "partially_adopted"])

    # 4. A reply waiting for the principal leader (special consultation, R12), countersigned by the co-handler.
    special = next((t for t in topics.values() if t.consultation_type == "special"), None)
    if special is not None:
        outcome = _outcome(staff, special, "special_minutes", f"关于{_subject(special)}的专题协商纪要", [
            ("完善常态化工作机制", "健全部门联动和信息共享机制，做到早发现、早处置。"),
            ("强化要素保障", "统筹资金、用地和人才，支持重点项目尽快落地。"),
            ("加强督导考核", "将落实情况纳入年度考核，定期通报。"),
        ], submitted_on=_days_ago(35))
        lead = _forward(staff, outcome, planning, co=[housing], day=_days_ago(30))
        _contacts(dept2, lead, list(ContactKind), _days_ago(4))
        _reply(dept2, lead, stances=["adopted", "already_done", "not_adopted"], countersigners=[dept])

    # 5. A report-based outcome still a draft, and one submitted and waiting to be forwarded.
    report = Report.objects.filter(status=ReportStatus.APPROVED, group__topic__plan__year=2026).first()
    if report is not None:
        outcome_services.outcome_create_from_report(actor=staff, report_id=report.pk, kind="recommendation")
    parking = topic_like("停车", "counterpart")
    submitted = _outcome(staff, parking, "recommendation", f"关于{_subject(parking)}的建议案", [
        ("科学规划建设公共停车场", "利用边角地、闲置地建设立体停车设施。"),
    ], submitted_on=_days_ago(2))
    if transport is not None:
        _log(stdout, f"outcomes.demo: {submitted.title} is waiting to be forwarded (e.g. to {transport.name}).")
    _log(stdout, "outcomes.demo: outcome documents, assignments, replies and supervision cases created.")


