"""The demo data set: believable, idempotent, refused under production settings."""
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from directory.models import Department, Member, User
from directory.roles import has_role
from history.models import HistoryEntry
from topics.models import Plan, Topic, TopicOpinion

pytestmark = pytest.mark.django_db


def _counts():
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in
            {"directory", "topics", "research", "outcomes", "history", "workdays"}}


def test_seed_demo_creates_the_chengwu_plan_and_one_login_per_role():
    call_command("seed_demo", password="demo-pass-2026", verbosity=0)
    assert Member.objects.count() >= 40 and Department.objects.count() >= 15
    for role in ("staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor"):
        user = User.objects.get(username=role)
        assert has_role(user, role) and user.check_password("demo-pass-2026")
    assert User.objects.get(username="department2").department != User.objects.get(username="department").department
    plan = Plan.objects.get(year=2026)
    topics = Topic.objects.filter(plan=plan)
    assert topics.filter(track="party_government", status="adopted").count() == 2
    assert topics.filter(title="统筹推进疫情常态化防控和复工复产工作").exists()
    assert topics.filter(track="annual").count() == 20
    assert topics.filter(track="annual", status="adopted").count() == 10
    assert topics.filter(shortlisted_on__isnull=False).count() >= 10
    assert set(topics.values_list("domain", flat=True)) >= {"industry", "agriculture", "services", "urban", "livelihood"}
    assert TopicOpinion.objects.filter(topic__plan=plan).count() >= 40
    assert plan.status == "adopted"
    assert Plan.objects.get(year=2027).status == "draft"


def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    before = _counts()
    history = HistoryEntry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before and HistoryEntry.objects.count() == history


@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_production_settings():
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
