"""Fixtures for reminders: a research group with a milestone, built on the topic services."""
import datetime

import pytest

from research.models import Milestone, ResearchGroup
from tests.topics.conftest import make_adopted
from topics import services as topic_services


@pytest.fixture
def group(users, committee):
    plan = topic_services.plan_create(actor=users["staff"], year=2026)
    topic = make_adopted(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    return ResearchGroup.objects.create(
        topic=topic, leader=users["vice_chair"], formed_on=datetime.date(2026, 1, 5), created_by=users["staff"]
    )


@pytest.fixture
def make_milestone(group, users):
    def build(due_on, title="完成实地调研"):
        return Milestone.objects.create(
            group=group, kind="field_research_done", title=title, due_on=due_on, owner=users["staff"]
        )

    return build
