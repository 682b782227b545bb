"""Outcome-conversion fixtures: topics, outcomes and assignments built through the services."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from topics import services as topic_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="答复.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(users):
    return topic_services.plan_create(actor=users["staff"], year=2026, party_quota=50)


@pytest.fixture
def make_topic(users, plan):
    counter = iter(range(1, 10_000))

    def build(consultation_type="counterpart", title=None):
        topic = topic_services.topic_create(
            actor=users["staff"], plan_id=plan.pk, source="government",
            title=title or f"议题{next(counter)}", origin="party_government", domain="urban",
            consultation_type=consultation_type, rationale="理由",
        )
        return topic_services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date="2026-01-10")

    return build


@pytest.fixture
def make_outcome(users, make_topic):
    def build(consultation_type="counterpart", kind="work_minutes", suggestions=2, submit=True, topic=None,
              submitted_on=None):
        topic = topic or make_topic(consultation_type)
        outcome = outcome_services.outcome_create(
            actor=users["staff"], topic_id=topic.pk, kind=kind, title=f"关于{topic.title}的纪要",
            body="正文", suggestions=[{"title": f"建议{i}", "content": f"内容{i}"} for i in range(1, suggestions + 1)],
        )
        if submit:
            outcome_services.outcome_submit(
                actor=users["staff"], outcome_id=outcome.pk, submitted_on=submitted_on or timezone.localdate()
            )
        return outcome

    return build


@pytest.fixture
def make_assignment(users, departments, make_outcome):
    """A forwarded outcome; returns the lead assignment (department 0), co-handlers optional."""

    def build(consultation_type="counterpart", kind="work_minutes", co=False, forwarded_on=None, **kwargs):
        day = forwarded_on or timezone.localdate()
        outcome = make_outcome(consultation_type, kind, submitted_on=day, **kwargs)
        outcome_services.outcome_forward(
            actor=users["staff"], outcome_id=outcome.pk, lead_department_id=departments[0].pk,
            co_department_ids=[departments[1].pk] if co else [], forwarded_on=day,
        )
        return outcome.assignments.get(role="lead")

    return build


@pytest.fixture
def make_reply(users):
    """A complete draft reply on a lead assignment: before-reply contact logged, stances on every suggestion."""

    def build(assignment, file=True, contact=True):
        actor = users["department"]
        if contact:
            assignment_services.assignment_log_contact(
                actor=actor, assignment_id=assignment.pk, kind=ContactKind.BEFORE_REPLY,
                held_on=max(assignment.forwarded_on, timezone.localdate()), summary="答复前协商",
            )
        stances = [{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in assignment.outcome.suggestions.all()]
        return reply_services.reply_create(
            actor=actor, assignment_id=assignment.pk, text="答复正文", file=pdf_file() if file else None,
            stances=stances,
        )

    return build


@pytest.fixture
def submitted_reply(users, make_assignment, make_reply):
    def build(consultation_type="counterpart", **kwargs):
        reply = make_reply(make_assignment(consultation_type, **kwargs))
        return reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)

    return build


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)
