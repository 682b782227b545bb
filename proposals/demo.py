"""Demo of 委员提案: this year's a draft, a proposal waiting for review, a joint one waiting for `member2` to co-sign,
accepted ones (one of them key, one collective; forwarded ones awaiting a reply, the leader's approval and the
member's evaluation), one not accepted and one merged; last year's handled end to end (forwarded, replied A/B/C,
approved, evaluated, most closed), its dates moved into last year afterwards."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.models import Member, User

from . import services
from .models import Proposal, RejectionReason


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _new(user, title, analysis, suggestions, **extra):
    return services.proposal_create(actor=user, title=title, analysis=analysis, suggestions=suggestions, **extra)


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

# Last year's proposals: (proposer, title, category, result class, co-handler?, evaluation, closed?).
# "paper": staff record the proposer's paper evaluation.
LAST_YEAR = [
    ("member", "关于加快老旧小区改造的建议", "ecology", "A", True, "satisfied", True),
    ("member2", "关于发展县域特色农产品加工的建议", "economy", "A", False, "satisfied", True),
    ("member", "关于加强农村道路养护的建议", "ecology", "B", True, "basically_satisfied", True),
    ("member2", "关于推进中小学课后服务的建议", "culture", "A", False, "satisfied", True),
    ("member", "关于完善城乡居民医保服务的建议", "society", "B", False, "basically_satisfied", True),
    ("member2", "关于加强文物古迹保护利用的建议", "culture", "A", True, "paper", True),
    ("member", "关于规范城区夜间经济发展的建议", "economy", "B", False, "satisfied", True),
    ("member2", "关于建设县域电商服务中心的建议", "economy", "A", False, "basically_satisfied", True),
    ("member", "关于提升农村公共厕所管护水平的建议", "ecology", "C", False, "paper", True),
    ("member2", "关于加强城区绿化带管护的建议", "ecology", "B", True, "satisfied", True),
    ("member", "关于扩大普惠托育服务供给的建议", "society", "A", False, "satisfied", False),
    ("member2", "关于推动县域职业教育产教融合的建议", "society", "B", False, "basically_satisfied", False),
]
UNSATISFIED_TITLE = "关于治理城区主干道交通拥堵的建议"
KEY_TITLE = "关于推进县城污水管网改造的建议"


def _pdf():
    return SimpleUploadedFile("答复.pdf", PDF, content_type="application/pdf")


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _handle(proposal, *, staff, officer, officer2, leader, result_class, co, forward=True):
    """Forward (lead: officer's department; co: officer2's) and reply with the result class up to the leader's
    approval; returns the lead assignment and the approved reply (or None when not forwarded)."""
    from outcomes.models import Assignment, ContactKind
    from outcomes.services import assignments as assignment_services
    from outcomes.services import replies as reply_services

    services.proposal_forward(actor=staff, proposal_id=proposal.pk, lead_department_id=officer.department_id,
                              co_department_ids=[officer2.department_id] if co else [],
                              instruction="请认真研究办理，按期答复委员。")
    lead = Assignment.objects.get(matter_id=Proposal.objects.get(pk=proposal.pk).matter_id, role="lead")
    return lead, _reply(lead, officer=officer, officer2=officer2, leader=leader, result_class=result_class, co=co,
                        services_=(assignment_services, reply_services, ContactKind))


def _reply(lead, *, officer, officer2, leader, result_class, co, services_, approve=True, submit=True):
    assignment_services, reply_services, contact_kind = services_
    assignment_services.assignment_log_contact(
        actor=officer, assignment_id=lead.pk, kind=contact_kind.BEFORE_REPLY, held_on=timezone.localdate(),
        summary="答复前与提案者当面沟通办理意见。", method="座谈")
    texts = {"A": "所提问题已经解决，相关措施已落实。", "B": "所提问题已列入计划，将分步实施。",
             "C": "受政策和财力所限，目前暂不具备解决条件，留作参考。"}
    reply = reply_services.reply_create(actor=officer, assignment_id=lead.pk, text=texts[result_class],
                                        file=_pdf(), result_class=result_class)
    if co:
        reply_services.reply_countersign(actor=officer2, reply_id=reply.pk, note="同意主办单位答复意见。")
    if submit:
        reply = reply_services.reply_submit(actor=officer, reply_id=reply.pk)
    if approve:
        reply = reply_services.reply_approve(actor=leader, reply_id=reply.pk, comments="同意。")
    return reply


def _seed_last_year(*, staff, users, leader, officer, officer2, stdout):
    from django.contrib.contenttypes.models import ContentType

    from history.models import HistoryEntry
    from outcomes.models import Assignment, Contact, ContactKind, Reply, SupervisionCase, SupervisionEvent
    from outcomes.services import assignments as assignment_services
    from outcomes.services import replies as reply_services
    from outcomes.services import supervision as supervision_services

    last = timezone.localdate().year - 1
    if Proposal.objects.filter(year=last).exists():
        return  # already seeded
    trio = (assignment_services, reply_services, ContactKind)
    made = []

    def new(user, title, category, **extra):
        proposal = _new(user, title, f"{title.removeprefix('关于').removesuffix('的建议')}方面群众反映较多，仍有短板。",
                        "一是加强统筹规划；二是加大资金投入；三是建立长效机制。", session="plenary", **extra)
        Proposal.objects.filter(pk=proposal.pk).update(year=last)  # numbered among last year's
        services.proposal_submit(actor=user, proposal_id=proposal.pk)
        made.append(proposal.pk)
        if category is None:
            return proposal
        return services.proposal_accept(actor=staff, proposal_id=proposal.pk, category=category,
                                        suggested_handling="建议由相关部门办理。")

    def evaluate(proposal, user, evaluation, comments="答复具体，措施有力。"):
        if evaluation == "paper":  # the office records the proposer's paper evaluation
            services.proposal_evaluate(actor=staff, proposal_id=proposal.pk, evaluation="satisfied",
                                       comments="据纸质测评表录入。", contacted=True, attitude="satisfied", agreed=True)
        else:
            services.proposal_evaluate(actor=user, proposal_id=proposal.pk, evaluation=evaluation, comments=comments,
                                       contacted=True, attitude="satisfied", agreed=True)

    for username, title, category, result_class, co, evaluation, closed in LAST_YEAR:
        proposal = new(users[username], title, category)
        lead, _reply_ = _handle(proposal, staff=staff, officer=officer, officer2=officer2, leader=leader,
                                result_class=result_class, co=co)
        evaluate(proposal, users[username], evaluation)
        if closed:
            assignment_services.assignment_close(actor=staff, assignment_id=lead.pk, note="已办结。")

    key = new(users["member2"], KEY_TITLE, "ecology")
    services.proposal_mark_key(actor=staff, proposal_id=key.pk, leader=leader.pk, comment="县政府领导领衔督办")
    lead, _r = _handle(key, staff=staff, officer=officer, officer2=officer2, leader=leader, result_class="A", co=True)
    evaluate(key, users["member2"], "satisfied")
    assignment_services.assignment_close(actor=staff, assignment_id=lead.pk, note="重点提案办结。")
    # 领衔督办: forwarding the key proposal opened its supervision case; followed, then closed.
    case = SupervisionCase.objects.get(matter_id=Proposal.objects.get(pk=key.pk).matter_id)
    supervision_services.case_add_event(actor=staff, case_id=case.pk, kind="site_check",
                                        happened_on=timezone.localdate(), title="领衔督办领导带队现场察看办理进展")
    supervision_services.case_close(actor=staff, case_id=case.pk, result="重点提案所提建议已落实，督办结束。")
    merged = new(users["member"], "关于加快县城雨污分流改造的建议", None)
    services.proposal_merge(actor=staff, proposal_id=merged.pk, into=key.pk, comment="内容相近，并案办理。")

    again = new(users["member"], UNSATISFIED_TITLE, "ecology")
    lead, _r = _handle(again, staff=staff, officer=officer, officer2=officer2, leader=leader, result_class="C",
                       co=False)
    evaluate(again, users["member"], "unsatisfied", comments="未见具体措施和时间表。")
    _reply(Assignment.objects.get(pk=lead.pk), officer=officer, officer2=officer2, leader=leader, result_class="B",
           co=False, services_=trio)
    evaluate(again, users["member"], "satisfied", comments="再次办理后措施具体。")
    assignment_services.assignment_close(actor=staff, assignment_id=lead.pk, note="再次办理后办结。")

    rejected = new(users["member2"], "关于调整本单位职工福利待遇的建议", None)
    reason = RejectionReason.objects.filter(is_active=True).order_by("order", "id").first()
    if reason is None:
        reason = RejectionReason.objects.create(name="属于个人诉求或具体案件", order=3)
    services.proposal_reject(actor=staff, proposal_id=rejected.pk, reason=reason.pk,
                             comment="属于单位内部事务，不予立案。")

    # Into last year: submitted in March, accepted a week later, forwarded in April, replied within 3 months,
    # evaluated two weeks after, closed in the autumn (the rows' dates moved after the services' checks).
    submitted, reviewed, forwarded = datetime.date(last, 3, 2), datetime.date(last, 3, 9), datetime.date(last, 4, 10)
    for i, pk in enumerate(made):
        shift = datetime.timedelta(days=i)
        Proposal.objects.filter(pk=pk).update(
            submitted_at=_at(submitted + shift), reviewed_at=_at(reviewed + shift), created_at=_at(submitted + shift, 9))
        Proposal.objects.filter(pk=pk, matter__isnull=False).update(forwarded_on=forwarded + shift)
        proposal = Proposal.objects.get(pk=pk)
        if proposal.matter_id is None:
            continue
        Assignment.objects.filter(matter_id=proposal.matter_id).update(
            forwarded_on=forwarded + shift, due_on=datetime.date(last, 7, 10) + shift)
        Assignment.objects.filter(matter_id=proposal.matter_id, closed_on__isnull=False).update(
            closed_on=datetime.date(last, 10, 20) + shift)
        Contact.objects.filter(assignment__matter_id=proposal.matter_id).update(held_on=datetime.date(last, 6, 1) + shift)
        SupervisionCase.objects.filter(matter_id=proposal.matter_id).update(
            opened_on=forwarded + shift, closed_on=datetime.date(last, 11, 20) + shift)
        SupervisionEvent.objects.filter(case__matter_id=proposal.matter_id).update(
            happened_on=datetime.date(last, 9, 15) + shift)
        for case in SupervisionCase.objects.filter(matter_id=proposal.matter_id):
            steps = HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)
            steps.filter(action="case_opened").update(created_at=_at(case.opened_on))
            steps.exclude(action="case_opened").update(created_at=_at(case.closed_on or case.opened_on))
            for event in case.events.all():  # the step's note names the event's date
                steps.filter(action="event_recorded").update(note=f"{event.happened_on} {event.title}")
        for reply in Reply.objects.filter(assignment__matter_id=proposal.matter_id).order_by("version"):
            step = datetime.timedelta(days=60 * (reply.version - 1)) + shift
            Reply.objects.filter(pk=reply.pk).update(
                created_at=_at(datetime.date(last, 6, 5) + step), submitted_at=_at(datetime.date(last, 6, 8) + step),
                approved_at=_at(datetime.date(last, 6, 12) + step),
                evaluation_due_on=datetime.date(last, 7, 3) + step,
                evaluated_at=_at(datetime.date(last, 6, 26) + step) if reply.evaluated_at else None)
    HistoryEntry.objects.filter(object_id__in=made, action__startswith="proposal_").update(
        created_at=_at(datetime.date(last, 3, 9)))
    _log(stdout, f"  proposals: {last}'s handled end to end (A/B/C, evaluated, closed; merged, rejected, key, "
                 "handled again)\n")


def _seed_this_year_handling(*, staff, me, leader, officer, officer2):
    """This year's forwarded proposals: awaiting a reply, a reply awaiting the leader, one awaiting `member`'s
    evaluation."""
    from outcomes.models import ContactKind
    from outcomes.services import assignments as assignment_services
    from outcomes.services import replies as reply_services

    trio = (assignment_services, reply_services, ContactKind)
    rows = [
        ("关于推进县城公共充电设施建设的建议", "ecology", None),
        ("关于加强农村留守老人关爱服务的建议", "society", "submitted"),
        ("关于提升县级医院急诊救治能力的建议", "society", "approved"),
    ]
    for title, category, stage in rows:
        proposal = _new(me, title, "相关设施和服务仍不能满足群众需求。", "一是加快规划建设；二是完善运维机制。",
                        session="plenary")
        services.proposal_submit(actor=me, proposal_id=proposal.pk)
        services.proposal_accept(actor=staff, proposal_id=proposal.pk, category=category)
        services.proposal_forward(actor=staff, proposal_id=proposal.pk, lead_department_id=officer.department_id,
                                  co_department_ids=[officer2.department_id] if stage == "submitted" else [],
                                  instruction="请于三个月内答复委员。")
        if stage is None:
            continue
        from outcomes.models import Assignment

        lead = Assignment.objects.get(matter_id=Proposal.objects.get(pk=proposal.pk).matter_id, role="lead")
        _reply(lead, officer=officer, officer2=officer2, leader=leader, result_class="B",
               co=stage == "submitted", services_=trio, approve=stage == "approved")


def seed(*, password: str, stdout=None) -> None:
    year = timezone.localdate().year
    users = {u.username: u for u in User.objects.filter(
        username__in=["staff", "member", "member2", "department", "department2", "leader_in_charge"])}
    handling = len(users) == 6 and users["department"].department_id and users["department2"].department_id
    if handling:
        _seed_last_year(staff=users["staff"], users=users, leader=users["leader_in_charge"],
                        officer=users["department"], officer2=users["department2"], stdout=stdout)
    if Proposal.objects.filter(year=year).exists():
        return  # already seeded
    staff = User.objects.get(username="staff")
    me, other = User.objects.get(username="member"), User.objects.get(username="member2")
    member2 = other.member_profile
    offline = Member.objects.filter(user__isnull=True, is_active=True).order_by("id").first()
    leader = User.objects.filter(username="leader_in_charge").first()

    _new(me, "关于农村学校午餐集中配送的建议（草稿）", "部分农村学校午餐品种单一、供应不稳定。",
         "一是试点集中配送；二是落实食品安全监管。", session="between")

    waiting = _new(me, "关于加强县域冷链物流体系建设的建议",
                   "我县农产品产量大，但产地冷库不足，产后损耗率高，冷链运输企业规模小。",
                   "一是规划建设产地冷库和集配中心；二是培育本地冷链物流企业；三是争取上级冷链专项资金。",
                   session="plenary")
    services.proposal_submit(actor=me, proposal_id=waiting.pk)

    joint = _new(me, "关于推进农村生活污水治理的建议",
                 "部分村庄生活污水直排，治理设施建而未用、运维经费不足。",
                 "一是分类推进集中与分散处理；二是建立运维长效机制；三是纳入乡镇考核。", kind="joint",
                 cosigner_ids=[m.pk for m in (member2, offline) if m is not None])
    services.proposal_invite(actor=me, proposal_id=joint.pk)  # member2 has not answered yet

    key = _new(other, "关于优化开发区营商环境的建议",
               "开发区企业反映审批环节多、要素保障不足，部分政策落实不到位。",
               "一是推行“一窗受理”；二是建立企业诉求快速响应机制；三是加强用地用工保障。",
               kind="collective", collective_body="县政协经济委员会", session="plenary")
    services.proposal_submit(actor=other, proposal_id=key.pk)
    services.proposal_accept(actor=staff, proposal_id=key.pk, category="economy",
                             suggested_handling="建议由县发展和改革局主办，县行政审批服务局协办。")
    if leader is not None:
        services.proposal_mark_key(actor=staff, proposal_id=key.pk, leader=leader.pk, comment="县政府领导领衔督办")

    accepted = _new(me, "关于加强青少年心理健康教育的建议",
                    "中小学生心理问题呈上升趋势，专职心理教师配备不足。",
                    "一是配齐专兼职心理教师；二是建立家校医联动机制。", session="plenary")
    services.proposal_submit(actor=me, proposal_id=accepted.pk)
    services.proposal_accept(actor=staff, proposal_id=accepted.pk, category="society",
                             suggested_handling="建议由县教育和体育局办理。")

    merged = _new(me, "关于改善开发区企业办事环境的建议", "企业办事仍需多头跑。", "建议整合审批窗口。")
    services.proposal_submit(actor=me, proposal_id=merged.pk)
    services.proposal_merge(actor=staff, proposal_id=merged.pk, into=key.pk, comment="与经济委员会集体提案内容相近，并案办理。")

    rejected = _new(other, "关于解决本人所在小区物业纠纷的建议", "本人所在小区物业服务不到位。", "请有关部门协调解决。")
    services.proposal_submit(actor=other, proposal_id=rejected.pk)
    reason = RejectionReason.objects.filter(is_active=True).order_by("order", "id").first()
    if reason is None:  # a flushed database (the browser tests) lacks the migration's list
        reason = RejectionReason.objects.create(name="属于个人诉求或具体案件", order=3)
    services.proposal_reject(actor=staff, proposal_id=rejected.pk, reason=reason.pk,
                             comment="属于个人具体诉求，建议通过信访渠道反映。", convert_to="letter")

    if handling:
        _seed_this_year_handling(staff=staff, me=me, leader=users["leader_in_charge"], officer=users["department"],
                                 officer2=users["department2"])

    waiting2 = _new(other, "关于完善县城停车设施的建议", "县城老城区停车位缺口大。", "建议利用边角地建设公共停车场。")
    services.proposal_submit(actor=other, proposal_id=waiting2.pk)
    _log(stdout, "  proposals: drafts, co-signing, submitted, accepted (key, collective), not accepted, merged\n")
