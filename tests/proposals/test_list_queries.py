"""The proposal list page reads its page's keys first, then only those rows: the same rows in the same order as
the list's selector, on every page, and for a filter."""
import pytest
from django.urls import reverse

from proposals import services
from proposals.selectors import listed_proposals

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["staff", "member"])
def test_the_list_shows_the_selectors_rows_in_its_order_page_by_page(who, users, member_users, client_for):
    for i in range(35):
        proposal = submitted(member_users["member2"] if i % 2 else member_users["member"], title=f"关于第{i}项工作的建议")
        if i % 2 or i % 3 == 0:  # numbered ones after the unnumbered; member2's published to every member
            services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")
    draft(member_users["member"], title="关于一项草稿的建议")
    user = users["staff"] if who == "staff" else member_users["member"]
    client = client_for(user)
    expected = list(listed_proposals(user))
    assert len(expected) > 30
    shown = []
    for page in (1, 2):
        response = client.get(reverse("proposals:list"), {"page": page})
        assert response.status_code == 200
        shown += list(response.context["page_obj"])
    assert [p.pk for p in shown] == [p.pk for p in expected]
    assert all(p.proposer.name for p in shown)
    response = client.get(reverse("proposals:list"), {"status": "accepted"})
    assert [p.pk for p in response.context["page_obj"]] == [
        p.pk for p in listed_proposals(user).filter(status="accepted")]


def test_the_page_searches_the_proposer_by_name_instead_of_listing_every_member(users, member_users, members,
                                                                               client_for):
    mine = submitted(member_users["member"], title="关于完善县城停车设施的建议")
    submitted(member_users["member2"], title="关于加快乡村道路养护的建议")
    client = client_for(users["staff"])
    page = client.get(reverse("proposals:list"), {"q": members["member"].name}).content.decode()
    assert mine.title in page and "关于加快乡村道路养护的建议" not in page
    assert '<select name="proposer"' not in page  # no select of every member
    linked = client.get(reverse("proposals:list"), {"proposer": members["member2"].pk}).content.decode()
    assert "关于加快乡村道路养护的建议" in linked and mine.title not in linked  # a ?proposer= link still filters
    assert f'name="proposer" value="{members["member2"].pk}"' in linked
