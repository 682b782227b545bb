"""Demo directory of Chengwu County: committees, groups, sectors, members, departments, logins."""
from django.utils import timezone

from directory.models import Department, Member, MemberGroup, RoleGrant, Sector, SpecialCommittee, User
from directory.roles import Role

SPECIAL_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "农业和农村委员会",
    "教科卫体委员会",
    "社会法制和民族宗教委员会",
    "文化文史和学习委员会",
    "人口资源环境委员会",
]
MEMBER_GROUPS = [
    "成武镇委员活动组",
    "大田集镇委员活动组",
    "天宫庙镇委员活动组",
    "汶上集镇委员活动组",
    "伯乐集镇委员活动组",
    "白浮图镇委员活动组",
]
SECTORS = [
    "中国共产党",
    "民革",
    "民盟",
    "民建",
    "无党派人士",
    "工商联",
    "经济界",
    "农业界",
    "教育界",
    "医药卫生界",
    "科学技术界",
    "文化艺术界",
    "社会福利和社会保障界",
]
# (name, sector, expertise, employer, committee indexes)
MEMBERS = [
    ("赵文博", "经济界", "产业经济、招商引资", "成武经济开发区管委会", [1]),
    ("钱丽娟", "医药卫生界", "公共卫生、疾病防控", "县人民医院", [3]),
    ("孙国栋", "农业界", "设施农业、种植技术", "县农业技术推广中心", [2]),
    ("李春华", "教育界", "基础教育管理", "成武县第一中学", [3]),
    ("周建平", "工商联", "民营企业经营", "鲁西南食品有限公司", [1]),
    ("吴晓燕", "文化艺术界", "地方文化、非遗保护", "县文化馆", [5]),
    ("郑海涛", "科学技术界", "机械制造、技术改造", "成武机械制造有限公司", [1]),
    ("王秀英", "社会福利和社会保障界", "养老服务、社会救助", "县社会福利中心", [4]),
    ("冯志刚", "民建", "金融服务", "县农村商业银行", [1]),
    ("陈淑芬", "民盟", "职业教育", "县职业中专", [3]),
    ("褚明亮", "无党派人士", "城市规划", "县规划设计院", [6]),
    ("卫红梅", "医药卫生界", "中医药", "县中医院", [3]),
    ("蒋立军", "农业界", "畜牧养殖", "成武县畜牧兽医站", [2]),
    ("沈玉兰", "教育界", "学前教育", "县实验幼儿园", [3]),
    ("韩保国", "经济界", "商贸物流", "成武物流园", [1]),
    ("杨晓东", "民革", "法律服务", "鲁成律师事务所", [4]),
    ("朱丽萍", "文化艺术界", "文史研究", "县档案馆", [5]),
    ("秦振华", "科学技术界", "生态环境监测", "县环境监测站", [6]),
    ("尤建军", "工商联", "建筑施工", "成武建工集团", [6]),
    ("许海燕", "中国共产党", "乡村治理", "大田集镇人民政府", [2]),
    ("何志远", "农业界", "农产品电商", "成武县电商产业园", [2]),
    ("吕桂兰", "社会福利和社会保障界", "残疾人服务", "县残联", [4]),
    ("施卫东", "经济界", "财税政策", "县财政事务中心", [1]),
    ("张文静", "教育界", "义务教育均衡", "成武县实验小学", [3]),
    ("孔祥瑞", "文化艺术界", "书法、文旅融合", "县书法家协会", [5]),
    ("曹建华", "无党派人士", "交通规划", "县公路事业发展中心", [6]),
    ("严晓梅", "医药卫生界", "妇幼保健", "县妇幼保健院", [3]),
    ("华振宇", "民盟", "科技创新", "成武县科技企业孵化器", [1]),
    ("金玉凤", "农业界", "乡村旅游", "天宫庙镇文旅服务站", [2, 5]),
    ("魏国强", "中国共产党", "社区治理", "成武镇文亭街道", [4]),
    ("陶红霞", "社会福利和社会保障界", "就业服务", "县人才服务中心", [4]),
    ("姜永刚", "科学技术界", "新能源", "成武新能源科技有限公司", [1, 6]),
    ("戚慧敏", "民建", "小微企业融资", "县融资担保公司", [1]),
    ("谢春生", "农业界", "粮食生产", "白浮图镇农业综合服务中心", [2]),
    ("邹丽华", "教育界", "特殊教育", "县特殊教育学校", [3]),
    ("喻志明", "经济界", "工业园区建设", "县工业和信息化局退休干部", [1]),
    ("柏秀云", "文化艺术界", "戏曲传承", "县两夹弦剧团", [5]),
    ("水建林", "无党派人士", "水利工程", "县水利勘测设计所", [6]),
    ("窦海波", "民革", "城市管理", "县城市管理服务中心", [6]),
    ("章雅琴", "医药卫生界", "基层医疗", "汶上集镇卫生院", [3]),
]
# (department, leader username)
DEPARTMENTS = [
    ("县发展和改革局", "leader_in_charge"),
    ("县住房和城乡建设局", "leader_in_charge"),
    ("县自然资源和规划局", "leader_in_charge"),
    ("县工业和信息化局", "leader_wang"),
    ("县农业农村局", "leader_wang"),
    ("县商务局", "leader_wang"),
    ("县教育和体育局", "leader_liu"),
    ("县卫生健康局", "leader_liu"),
    ("县民政局", "leader_liu"),
    ("县人力资源和社会保障局", "leader_liu"),
    ("县文化和旅游局", "leader_liu"),
    ("县交通运输局", "leader_in_charge"),
    ("县水务局", "leader_wang"),
    ("县综合行政执法局", "leader_in_charge"),
    ("县市场监督管理局", "leader_wang"),
    ("县财政局", "leader_wang"),
]
# (username, full name, title, roles, department)
PEOPLE = [
    ("staff", "张晓红", "县政协办公室主任", [Role.STAFF], None),
    ("vice_chair", "刘春明", "县政协副主席", [Role.VICE_CHAIR], None),
    ("vice_chair_zhou", "周慧琴", "县政协副主席", [Role.VICE_CHAIR], None),
    ("vice_chair_ma", "马立新", "县政协副主席", [Role.VICE_CHAIR], None),
    ("leader_in_charge", "孙志强", "副县长", [Role.LEADER_IN_CHARGE], None),
    ("leader_wang", "王建业", "副县长", [Role.LEADER_IN_CHARGE], None),
    ("leader_liu", "刘雅文", "副县长", [Role.LEADER_IN_CHARGE], None),
    ("principal_leader", "陈光远", "县长", [Role.PRINCIPAL_LEADER], None),
    ("supervisor", "高立群", "县政府督查室主任", [Role.SUPERVISOR], None),
    ("department", "李文涛", "县住房和城乡建设局办公室主任", [Role.DEPARTMENT], "县住房和城乡建设局"),
    ("department2", "赵敏", "县自然资源和规划局办公室主任", [Role.DEPARTMENT], "县自然资源和规划局"),
    # Members (委员) who take part online; their member records are linked in members/demo.py.
    ("member", "钱丽娟", "县政协委员", [Role.MEMBER], None),
    ("member2", "赵文博", "县政协委员", [Role.MEMBER], None),
    # 三员分立: three administrators, no committee role.
    ("sysadmin", "吴建国", "系统管理员", [Role.SYSADMIN], None),
    ("secadmin", "郑丽华", "安全管理员", [Role.SECADMIN], None),
    ("auditor", "冯志远", "审计管理员", [Role.AUDITOR], None),
]
# The logins printed by `make run`, one per role plus a second department.
DEMO_LOGINS = [
    "staff",
    "vice_chair",
    "department",
    "department2",
    "leader_in_charge",
    "principal_leader",
    "supervisor",
    "member",
    "member2",
    "sysadmin",
    "secadmin",
    "auditor",
]


def seed(*, password: str, stdout=None) -> None:
    for name in SPECIAL_COMMITTEES:
        SpecialCommittee.objects.get_or_create(name=name)
    for name in MEMBER_GROUPS:
        MemberGroup.objects.get_or_create(name=name)
    for name in SECTORS:
        Sector.objects.get_or_create(name=name)
    committees = list(SpecialCommittee.objects.order_by("id"))
    groups = list(MemberGroup.objects.order_by("id"))
    sectors = {s.name: s for s in Sector.objects.all()}
    for index, (name, sector, expertise, employer, committee_indexes) in enumerate(MEMBERS):
        member, created = Member.objects.get_or_create(
            name=name,
            employer=employer,
            defaults={"sector": sectors[sector], "expertise": expertise, "group": groups[index % len(groups)]},
        )
        if created:
            member.committees.set([committees[i] for i in committee_indexes])

    people = {}
    for username, full_name, title, roles, _department in PEOPLE:
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "title": title})
        if created:
            user.set_password(password)
            user.email = f"{username}@chengwu.example"
            user.password_changed_at = timezone.now()  # demo logins are not forced to change their password
            user.save()
        for role in roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
        people[username] = user
    for name, leader in DEPARTMENTS:
        Department.objects.get_or_create(name=name, defaults={"leader_in_charge": people[leader]})
    for username, _full_name, _title, _roles, department in PEOPLE:
        if department and people[username].department_id is None:
            people[username].department = Department.objects.get(name=department)
            people[username].save(update_fields=["department"])
