"""The proposals' demo (proposals/demo.py): this year's proposals in each state, idempotent."""
import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.models import User
from proposals.models import Proposal
from workbench.todos import todos_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_proposal_in_each_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    year = timezone.localdate().year
    proposals = Proposal.objects.filter(year=year)
    assert set(proposals.values_list("status", flat=True)) == {
        "draft", "cosigning", "submitted", "accepted", "rejected", "merged"}
    assert proposals.filter(is_key=True, key_leader__isnull=False).exists()
    assert proposals.filter(kind="collective").exclude(collective_body="").exists()
    assert proposals.get(status="merged").merged_into.cosigners.filter(is_co_proposer=True).exists()
    member2 = User.objects.get(username="member2")
    assert any(i.step == "cosign" for i in todos_for(member2, object_type="proposal"))
    assert any(i.step == "accept" for i in todos_for(User.objects.get(username="staff"), object_type="proposal"))
    count = proposals.count()
    call_command("seed_demo", verbosity=0)
    assert Proposal.objects.filter(year=year).count() == count
