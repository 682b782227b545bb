"""The benchmark data generator: a believable year per --years, the same data for the same seed, refused in production."""
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone

from directory.models import Department, User
from directory.roles import has_role
from notifications.models import Notification
from outcomes.models import OPEN_ASSIGNMENT_STATES, Assignment, Outcome, Reply, Suggestion
from research.models import Activity, ResearchGroup
from topics.models import Plan, Topic

pytestmark = pytest.mark.django_db


def _generate(seed=7):
    call_command("generate_bench_data", years=1, seed=seed, password="bench-pass-2026", verbosity=0)


def _fingerprint():
    return {
        "topics": list(Topic.objects.order_by("plan__year", "title", "status").values_list("title", "status", "domain")),
        "assignments": list(
            Assignment.objects.order_by("outcome__title", "department__name", "role")
            .values_list("outcome__title", "department__name", "role", "status", "due_on")
        ),
        "replies": list(Reply.objects.order_by("assignment__outcome__title").values_list("status", "evaluation")),
        "notifications": list(Notification.objects.order_by("created_at", "title").values_list("recipient__username", "title")[:500]),
    }


class _Rollback(Exception):
    pass


def _fingerprint_of_a_run(seed):
    try:
        with transaction.atomic():
            _generate(seed)
            result = _fingerprint()
            raise _Rollback
    except _Rollback:
        return result


def test_one_year_has_roughly_a_tenth_of_a_county_decade():
    _generate()
    assert Plan.objects.count() == 1
    assert 25 <= Topic.objects.count() <= 35
    assert 8 <= ResearchGroup.objects.count() <= 12 and Activity.objects.count() >= 30
    assert 250 <= Suggestion.objects.count() <= 350
    assert 500 <= Assignment.objects.count() <= 700
    assert 5000 <= Notification.objects.count() <= 7000
    assert 180 <= Department.objects.count() <= 220
    for role in ("staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor"):
        user = User.objects.get(username=role)
        assert has_role(user, role) and user.check_password("bench-pass-2026")


def test_states_are_consistent():
    _generate()
    assert not Reply.objects.filter(status="approved", approved_at__isnull=True).exists()
    assert not Reply.objects.filter(status="approved", approved_by__isnull=True).exists()
    assert not Reply.objects.exclude(evaluation="").filter(evaluated_at__isnull=True).exists()
    assert Reply.objects.filter(status="approved").exclude(evaluation="").exists()
    assert not Assignment.objects.filter(status="closed", closed_on__isnull=True).exists()
    assert not Outcome.objects.filter(status="forwarded", forwarded_on__isnull=True).exists()
    assert Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATES, due_on__lt=timezone.localdate()).exists()
    # every forwarded outcome has exactly one lead department
    leads = Outcome.objects.filter(status__in=("forwarded", "closed")).annotate(
        leads=Count("assignments", filter=Q(assignments__role="lead"))
    )
    assert leads.exists() and set(leads.values_list("leads", flat=True)) == {1}
    # the `department` login's department handles a larger share than an average department
    mine = Assignment.objects.filter(department=User.objects.get(username="department").department).count()
    assert mine >= 2 * Assignment.objects.count() / Department.objects.count()


def test_same_seed_gives_the_same_data_and_another_seed_different_data():
    first = _fingerprint_of_a_run(7)
    second = _fingerprint_of_a_run(7)
    other = _fingerprint_of_a_run(8)
    assert first == second
    assert first != other


def test_refuses_a_database_that_already_has_plans():
    _generate()
    with pytest.raises(CommandError):
        _generate()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refused_under_production_settings():
    with pytest.raises(CommandError):
        _generate()
    assert not Plan.objects.exists() and not User.objects.exists()
