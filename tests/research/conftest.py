"""Research fixtures: adopted topics (built through topics.services), members, and groups built through research.services."""
import datetime

import pytest

from directory.models import Member
from research import services
from topics import services as topic_services

MEETING = datetime.date(2026, 3, 10)


@pytest.fixture
def plan(users):
    return topic_services.plan_create(actor=users["staff"], year=2026, annual_quota=60)


@pytest.fixture
def make_topic(users, plan, committee):
    """An adopted annual topic (candidate → shortlisted → adopted), or one stopped earlier."""
    counter = {"n": 0}

    def build(title=None, *, vice_chair=None, adopt=True, target_plan=None):
        counter["n"] += 1
        topic = topic_services.topic_create(
            actor=users["staff"], plan_id=(target_plan or plan).pk, source="special_committee",
            title=title or f"调研课题{counter['n']}：推进县域特色产业集群发展",
            origin="member_proposal", domain="industry", consultation_type="special", committee=committee.pk,
            vice_chair=(vice_chair or users["vice_chair"]).pk, rationale="委员提案集中反映。",
        )
        if adopt:
            topic_services.topic_shortlist(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
            topic = topic_services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
        return topic

    return build


@pytest.fixture
def members(committee):
    rows = [
        Member.objects.create(name=name, expertise=exp, employer=emp)
        for name, exp, emp in [
            ("赵文博", "产业经济", "成武经济开发区管委会"),
            ("孙国栋", "设施农业", "县农业技术推广中心"),
            ("何志远", "农产品电商", "成武县电商产业园"),
        ]
    ]
    rows[0].committees.add(committee)
    return rows


@pytest.fixture
def make_group(users, make_topic, members):
    def build(*, leader=None, topic=None, status=None):
        leader = leader or users["vice_chair"]
        topic = topic or make_topic(vice_chair=leader)
        group = services.group_form(
            actor=users["staff"], topic_id=topic.pk, leader_id=leader.pk, member_ids=[m.pk for m in members],
            formed_on=datetime.date(2026, 3, 20),
        )
        path = ["studying", "researching", "reporting"]
        if status:
            for target in path[: path.index(status) + 1]:
                group = services.group_advance(actor=users["staff"], group_id=group.pk, to_state=target)
        return group

    return build


@pytest.fixture
def group(make_group):
    return make_group(status="researching")


@pytest.fixture
def visit(users, group, members):
    return services.activity_record(
        actor=users["staff"], group_id=group.pk, kind="external_visit", title="赴寿光市考察设施农业",
        held_on=datetime.date(2026, 4, 15), ends_on=datetime.date(2026, 4, 16), destination="寿光市",
        hosts="寿光市政协", present_member_ids=[members[0].pk, members[1].pk],
        findings=[{"title": "寿光蔬菜大棚智能化管理", "description": "物联网监测温湿度，手机远程控制。"}],
    )


@pytest.fixture
def make_report(users):
    def build(group, *, finding=None, n=2, actor=None):
        return services.report_create_draft(
            actor=actor or users["staff"], group_id=group.pk, title="关于推进设施农业提质增效的调研报告",
            body="一、基本情况\n全县设施农业面积逐年增加。\n二、存在问题\n智能化水平不高。",
            suggestions=[
                {"title": f"建议{i + 1}", "content": f"具体措施{i + 1}", "finding": finding.pk if finding and i == 0 else None}
                for i in range(n)
            ],
        )

    return build


@pytest.fixture
def submitted_report(users, group, visit, make_report):
    report = make_report(group, finding=visit.findings.first())
    return services.report_submit(actor=users["staff"], report_id=report.pk)


def rate_all(report, user, score=4):
    for suggestion in report.suggestions.all():
        services.report_rate_suggestion(
            actor=user, suggestion_id=suggestion.pk, scientific=score, forward_looking=score, feasible=score
        )
