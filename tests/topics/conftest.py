"""Topic-selection fixtures built through the services."""
import datetime

import pytest

from topics import services

MEETING = datetime.date(2026, 3, 5)


def make_candidate(plan, actor, *, title="关于县城停车难问题的建议", committee=None, source="special_committee", **extra):
    data = {
        "title": title,
        "origin": "member_proposal",
        "origin_reference": "第22号提案",
        "domain": "urban",
        "consultation_type": "counterpart",
        "rationale": "群众反映强烈，切口小、可操作。",
        "committee": committee,
    }
    data.update(extra)
    return services.topic_create(actor=actor, plan_id=plan.pk, source=source, **data)


def make_adopted(plan, actor, *, committee, title="关于老旧小区改造后长效管理的建议", **extra):
    topic = make_candidate(plan, actor, title=title, committee=committee, **extra)
    if topic.track == "annual":
        services.topic_shortlist(actor=actor, topic_id=topic.pk, meeting_date=MEETING)
    return services.topic_adopt(actor=actor, topic_id=topic.pk, meeting_date=MEETING)


@pytest.fixture
def plan(users):
    return services.plan_create(actor=users["staff"], year=2026, annual_quota=3, party_quota=1)


@pytest.fixture
def candidate(plan, users, committee):
    return make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
