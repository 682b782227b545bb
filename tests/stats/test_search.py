"""Global search: each section through its scoped selector, filters, limits and the empty state."""
import pytest
from django.urls import reverse

from stats.search import SECTION_LIMIT, search_everything
from topics import services as topic_services


def sections(user, q, **kwargs):
    return {s["kind"]: s for s in search_everything(user, q, **kwargs)}


@pytest.mark.django_db
def test_department_finds_its_own_reply_and_department2_does_not(users, submitted_reply):
    reply = submitted_reply()
    mine = sections(users["department"], "答复正文")
    assert [r.pk for r in mine["replies"]["items"]] == [reply.pk]
    other = sections(users["department2"], "答复正文")
    assert other["replies"]["count"] == 0 and other["replies"]["items"] == []
    # A department officer never sees the topic-selection stage.
    assert sections(users["department"], "议题")["topics"]["count"] == 0
    page = pytest.importorskip("django.test").Client()
    page.force_login(users["department2"])
    html = page.get(reverse("stats:search"), {"q": "答复正文"}).content.decode()
    assert "未找到" in html and reply.assignment.outcome.title not in html


@pytest.mark.django_db
def test_search_covers_topics_suggestions_outcomes_and_replies(users, year_of_work, client_for):
    found = sections(users["staff"], "纪要")
    assert found["outcomes"]["count"] == 5  # staff also find the draft
    found = sections(users["staff"], "内容1")
    assert found["suggestions"]["count"] >= 4
    found = sections(users["staff"], "议题1")
    assert found["topics"]["count"] >= 1
    # Replies awaiting approval are not the committee's to see; approved ones are.
    assert sections(users["staff"], "的答复")["replies"]["count"] == 2
    html = client_for(users["staff"]).get(reverse("stats:search"), {"q": "议题1"}).content.decode()
    assert "议题1" in html and "课题" in html


@pytest.mark.django_db
def test_kind_and_year_filters(users, year_of_work, client_for):
    only = search_everything(users["staff"], "议题", kind="topics")
    assert [s["kind"] for s in only] == ["topics"]
    assert all(s["count"] == 0 for s in search_everything(users["staff"], "议题", year=2001))
    page = client_for(users["staff"]).get(reverse("stats:search"), {"q": "议题", "kind": "outcomes", "year": "2026"})
    assert page.status_code == 200


@pytest.mark.django_db
def test_at_most_twenty_per_section_with_the_full_count(users, plan, client_for):
    for i in range(SECTION_LIMIT + 2):
        topic_services.topic_create(
            actor=users["staff"], plan_id=plan.pk, source="government", title=f"乡村振兴课题{i}",
            origin="party_government", domain="agriculture", consultation_type="special", rationale="理由",
        )
    found = sections(users["staff"], "乡村振兴")["topics"]
    assert found["count"] == SECTION_LIMIT + 2 and len(found["items"]) == SECTION_LIMIT
    html = client_for(users["staff"]).get(reverse("stats:search"), {"q": "乡村振兴"}).content.decode()
    assert "22" in html and "仅显示前 20 条" in html


@pytest.mark.django_db
def test_empty_query_shows_a_prompt(users, client_for):
    page = client_for(users["department"]).get(reverse("stats:search"))
    assert page.status_code == 200
    assert "输入" in page.content.decode()
