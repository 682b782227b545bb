"""The benchmark data's proposals (generate_bench_data): about a hundred a year in consistent states, the member
login's among them, and enough published ones for the member's list to fill a page."""
import pytest
from django.core.management import call_command
from django.db.models import Count, F

from directory.models import User
from proposals.models import CoSigner, Proposal
from proposals.selectors import listed_proposals

pytestmark = pytest.mark.django_db


def test_a_year_of_proposals_in_consistent_states():
    call_command("generate_bench_data", years=1, seed=3, password="bench-pass-2026", verbosity=0)
    proposals = Proposal.objects.all()
    assert 80 <= proposals.count() <= 110
    assert set(proposals.values_list("status", flat=True)) <= {"submitted", "accepted", "rejected", "merged"}
    accepted = proposals.filter(status="accepted")
    numbers = sorted(accepted.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert not proposals.exclude(status="accepted").filter(number__isnull=False).exists()
    assert not accepted.filter(category="").exists()
    assert not proposals.filter(status="rejected", rejection_reason__isnull=True).exists()
    merged = proposals.filter(status="merged")
    assert not merged.exclude(merged_into__status="accepted").exists()
    assert not merged.exclude(merged_into__year=F("year")).exists()
    assert not proposals.exclude(status="submitted").filter(reviewed_at__isnull=True).exists()
    assert not proposals.filter(submitted_at__isnull=True).exists()
    joint = proposals.filter(kind="joint").annotate(n=Count("cosigners"))
    assert joint.exists() and not joint.filter(n__lt=2).exists()
    assert not proposals.filter(kind="collective", collective_body="").exists()
    # Each merged proposal's proposer is on its target: its proposer, or a co-proposer brought by the merge.
    assert merged.exists()
    for p in merged.select_related("merged_into"):
        assert p.merged_into.proposer_id == p.proposer_id or CoSigner.objects.filter(
            proposal=p.merged_into, member_id=p.proposer_id, status="confirmed").exists()
    member = User.objects.get(username="member")
    assert proposals.filter(proposer__user=member).count() >= 5
    assert listed_proposals(member).count() > 50
