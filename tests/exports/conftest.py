"""Fixtures shared by the export tests: topics, groups and forwarded outcomes built through the services."""
import datetime

import pytest
from django.utils import timezone

from directory.models import Member
from outcomes.services import outcomes as outcome_services
from research import services as research_services
from topics import services as topic_services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_topic(users):
    plan = topic_services.plan_create(actor=users["staff"], year=2026, party_quota=50, annual_quota=50)
    counter = iter(range(1, 1000))

    def build(consultation_type="counterpart", vice_chair=None):
        topic = topic_services.topic_create(
            actor=users["staff"], plan_id=plan.pk, source="government", title=f"课题{next(counter)}",
            origin="party_government", domain="urban", consultation_type=consultation_type, rationale="理由",
            vice_chair=(vice_chair or users["vice_chair"]).pk,
        )
        return topic_services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date="2026-01-10")

    return build


@pytest.fixture
def make_group(users, make_topic):
    member = Member.objects.create(name="赵文博")

    def build(leader, *, visit_to=None):
        group = research_services.group_form(
            actor=users["staff"], topic_id=make_topic(vice_chair=leader).pk, leader_id=leader.pk,
            member_ids=[member.pk], formed_on=datetime.date(2026, 3, 20),
        )
        if visit_to:
            research_services.activity_record(
                actor=users["staff"], group_id=group.pk, kind="external_visit", title=f"赴{visit_to}考察",
                held_on=datetime.date(2026, 4, 15), destination=visit_to, present_member_ids=[member.pk],
                findings=[{"title": f"{visit_to}经验"}],
            )
        return group

    return build


@pytest.fixture
def make_forwarded(users, make_topic):
    """An outcome forwarded to one department; returns its assignment."""

    def build(department, *, kind="work_minutes", consultation_type="counterpart"):
        outcome = outcome_services.outcome_create(
            actor=users["staff"], topic_id=make_topic(consultation_type).pk, kind=kind,
            title=f"关于{department.name}事项的纪要", suggestions=[{"title": "建议", "content": "内容"}],
        )
        today = timezone.localdate()
        outcome_services.outcome_submit(actor=users["staff"], outcome_id=outcome.pk, submitted_on=today)
        outcome_services.outcome_forward(
            actor=users["staff"], outcome_id=outcome.pk, lead_department_id=department.pk, forwarded_on=today
        )
        return outcome.assignments.get()

    return build


