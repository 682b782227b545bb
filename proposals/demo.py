"""Demo of 委员提案 this year: a draft, a proposal waiting for review, a joint one waiting for `member2` to co-sign,
accepted ones (one of them key, one collective), one not accepted and one merged."""
from django.utils import timezone

from directory.models import Member, User

from . import services
from .models import Proposal, RejectionReason


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _new(user, title, analysis, suggestions, **extra):
    return services.proposal_create(actor=user, title=title, analysis=analysis, suggestions=suggestions, **extra)


def seed(*, password: str, stdout=None) -> None:
    year = timezone.localdate().year
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

    waiting2 = _new(other, "关于完善县城停车设施的建议", "县城老城区停车位缺口大。", "建议利用边角地建设公共停车场。")
    services.proposal_submit(actor=other, proposal_id=waiting2.pk)
    _log(stdout, "  proposals: drafts, co-signing, submitted, accepted (key, collective), not accepted, merged\n")
