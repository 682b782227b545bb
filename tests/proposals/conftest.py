"""Proposals' fixtures: the members' logins (tests/members/conftest.py) and helpers built on the services."""
import pytest

from proposals import services
from tests.members import conftest as member_fixtures

# The members' fixtures (two member logins in different activity groups, a third in the first group).
groups, members, member_users = member_fixtures.groups, member_fixtures.members, member_fixtures.member_users

TEXT = {"analysis": "县域冷链物流设施不足，农产品产后损耗较大。", "suggestions": "一是规划建设产地冷库；二是培育冷链物流企业。"}


def draft(user, title="关于加强县域冷链物流体系建设的建议", **extra):
    return services.proposal_create(actor=user, title=title, **{**TEXT, **extra})


def submitted(user, title="关于加强县域冷链物流体系建设的建议", **extra):
    proposal = draft(user, title, **extra)
    return services.proposal_submit(actor=user, proposal_id=proposal.pk)


@pytest.fixture
def joint(member_users, members):
    """member's joint draft, member2 and member3 named as co-signers."""
    return draft(member_users["member"], title="关于推进农村生活污水治理的建议", kind="joint",
                 cosigner_ids=[members["member2"].pk, members["member3"].pk])


@pytest.fixture
def reason(db):
    from proposals.models import RejectionReason

    return RejectionReason.objects.order_by("order").first()
