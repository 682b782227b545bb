"""Members' pages: what a member sees (only their own), what the office sees, refusals, and query counts."""
import pytest
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Participation, PublicOpinion
from topics.models import TopicOpinion

from .conftest import participation

pytestmark = pytest.mark.django_db


def test_member_home_lists_the_to_dos(asked, meeting, member_users, client_for):
    response = client_for(member_users["member"]).get(reverse("members:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert asked[next(iter(asked))].topic.title in body and meeting.title in body


def test_committee_pages_refuse_a_member(member_users, client_for, candidate):
    client = client_for(member_users["member"])
    for url in (reverse("topics:topic-list"), reverse("topics:plan-board"), reverse("research:group-list"),
                reverse("outcomes:assignment-list"), reverse("stats:overview")):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("topics:topic-detail", args=[candidate.pk])).status_code in (403, 404)
    assert client.get("/api/topics/").status_code == 403
    assert client.get(f"/api/topics/{candidate.pk}/").status_code == 404
    # The assignment list has no coarse role check (scope only): a member's list is empty.
    response = client.get("/api/assignments/")
    assert response.status_code == 403 or response.json()["count"] == 0


def test_member_gives_an_opinion_on_the_page(asked, members, member_users, client_for, candidate):
    request = asked[members["member"].group_id]
    client = client_for(member_users["member"])
    url = reverse("members:opinion-detail", args=[request.pk])
    assert client.post(url, {"stance": "maybe"}).status_code == 400
    assert not TopicOpinion.objects.exists()
    assert client.post(url, {"stance": "support", "comment": "同意"}).status_code == 302
    assert TopicOpinion.objects.get(member=members["member"]).comment == "同意"
    other = asked[members["member2"].group_id]
    assert client.get(reverse("members:opinion-detail", args=[other.pk])).status_code == 404


def test_vice_chair_asks_groups_and_sees_the_summary(candidate, users, groups, client_for):
    client = client_for(users["vice_chair"])
    url = reverse("members:opinion-ask", args=[candidate.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"groups": [groups[0].pk]}).status_code == 302
    assert candidate.opinion_requests.count() == 1
    assert client_for(users["vice_chair2"]).get(url).status_code == 403
    detail = client_for(users["staff"]).get(reverse("topics:topic-detail", args=[candidate.pk]))
    assert "opinion-summary" in detail.content.decode() or detail.status_code == 200


def test_confirm_and_leave_on_the_page(meeting, members, member_users, client_for, users):
    p = participation(meeting, members["member"])
    client = client_for(member_users["member"])
    assert client.post(reverse("members:activity-step", args=[p.pk, "request_leave"]),
                       {"request_leave-reason": ""}).status_code == 400
    assert client.post(reverse("members:activity-step", args=[p.pk, "confirm"])).status_code == 302
    p.refresh_from_db()
    assert p.status == "confirmed"
    theirs = participation(meeting, members["member2"])
    assert client.get(reverse("members:activity-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("members:activity-step", args=[p.pk, "grant_leave"])).status_code == 403


def test_sign_in_page_refuses_a_bad_code_clearly(running_meeting, member_users, client_for, members):
    client = client_for(member_users["member"])
    response = client.post(reverse("members:sign-in"), {"code": "QQQQQQ"})
    assert response.status_code == 400 and "QQQQQQ" in response.content.decode()  # what was typed is kept
    response = client.post(reverse("members:sign-in"), {"code": running_meeting.signin_code})
    assert response.status_code == 302
    assert participation(running_meeting, members["member"]).attended
    assert client.post(reverse("members:sign-in"), {"code": running_meeting.signin_code}).status_code == 400


def test_meeting_page_shows_the_code_and_its_qr(running_meeting, users, client_for, member_users):
    client = client_for(users["staff"])
    page = client.get(reverse("members:meeting-detail", args=[running_meeting.pk]))
    assert running_meeting.signin_code in page.content.decode()
    qr = client.get(reverse("members:meeting-qr", args=[running_meeting.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert client_for(member_users["member"]).get(reverse("members:meeting-qr", args=[running_meeting.pk])).status_code == 403


def test_public_opinion_pages(member_users, users, client_for, members):
    client = client_for(member_users["member"])
    assert client.post(reverse("members:public-opinion-create"), {"title": "", "content": "内容"}).status_code == 400
    response = client.post(reverse("members:public-opinion-create"),
                           {"title": "关于路灯的反映", "content": "路灯不亮。", "category": "governance"})
    report = PublicOpinion.objects.get()
    assert response.status_code == 302
    assert client.post(reverse("members:public-opinion-step", args=[report.pk, "submit"])).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client_for(member_users["member2"]).get(report.get_absolute_url()).status_code == 404
    staff = client_for(users["staff"])
    assert staff.post(reverse("members:public-opinion-step", args=[report.pk, "adopt"]),
                      {"adopt-level": "county", "adopt-date": timezone.localdate().isoformat()}).status_code == 302
    report.refresh_from_db()
    assert report.status == "adopted"
    assert client_for(users["department"]).get(reverse("members:public-opinion-list")).status_code == 403


def test_record_pages_export_and_document(member_users, users, client_for, members):
    assert client_for(member_users["member"]).get(reverse("members:record")).status_code == 200
    staff = client_for(users["staff"])
    assert staff.get(reverse("members:record-ranking")).status_code == 200
    export = staff.get(reverse("members:record-export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = staff.get(reverse("members:record-document", args=[members["member"].pk]))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    assert client_for(member_users["member"]).get(reverse("members:record-ranking")).status_code == 403
    assert client_for(member_users["member"]).get(reverse("members:record-member", args=[members["member2"].pk])).status_code == 403


def test_rules_page_edits_the_points(users, client_for):
    from members.models import PointsRule

    client = client_for(users["staff"])
    page = client.get(reverse("members:rules"))
    formset = page.context["formset"]
    data = {"rules-TOTAL_FORMS": len(formset.forms), "rules-INITIAL_FORMS": len(formset.forms),
            "policy-pass_line": 50, "policy-signin_opens_minutes": 20}
    for i, form in enumerate(formset.forms):
        data[f"rules-{i}-id"] = form.instance.pk
        data[f"rules-{i}-points"] = 7 if form.instance.kind == "speech" else form.instance.points
        data[f"rules-{i}-yearly_cap"] = form.instance.yearly_cap or ""
    assert client.post(reverse("members:rules"), data).status_code == 302
    assert PointsRule.objects.get(kind="speech").points == 7


# Query counts: the same at 1 and at 50 rows ---------------------------------------------------------------------


def _many_meetings(users, members, n):
    from .conftest import at

    for i in range(n):
        services.meeting_create(actor=users["staff"], kind="plenary", title=f"会议{i}", starts_at=at(60 + i),
                                ends_at=at(120 + i), member_ids=[members["member"].pk, members["member2"].pk])


def _many_reports(member_users, n):
    for i in range(n):
        services.public_opinion_create(actor=member_users["member"], title=f"信息{i}", content="c", category="other")


def _count(client, url, django_assert_max_num_queries=None):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the cold request's count (the home's to-do list is cached until something changes)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["members:activity-list", "members:public-opinion-list", "members:record",
                                  "members:home", "members:opinion-list"])
def test_member_pages_keep_their_query_count(page, users, members, member_users, client_for, candidate, groups):
    client = client_for(member_users["member"])
    _many_meetings(users, members, 1)
    _many_reports(member_users, 1)
    services.opinion_request_create(actor=users["staff"], topic_id=candidate.pk, group_ids=[groups[0].pk])
    _count(client, reverse(page))  # warm caches (content types, policy rows)
    one = _count(client, reverse(page))
    _many_meetings(users, members, 49)
    for i in range(49):
        services.public_opinion_create(actor=member_users["member"], title=f"更多{i}", content="c", category="other")
    from tests.topics.conftest import make_candidate

    for i in range(49):
        topic = make_candidate(candidate.plan, users["staff"], title=f"候选{i}", committee=candidate.committee)
        services.opinion_request_create(actor=users["staff"], topic_id=topic.pk, group_ids=[groups[0].pk])
    fifty = _count(client, reverse(page))
    assert one == fifty, (page, one, fifty)


@pytest.mark.parametrize("page", ["members:meeting-list", "members:record-ranking", "members:public-opinion-list"])
def test_staff_pages_keep_their_query_count(page, users, members, member_users, client_for):
    from directory.models import Member

    client = client_for(users["staff"])
    _many_meetings(users, members, 1)
    _many_reports(member_users, 1)
    _count(client, reverse(page))
    one = _count(client, reverse(page))
    _many_meetings(users, members, 49)
    _many_reports(member_users, 49)
    Member.objects.bulk_create(Member(name=f"委员{i}", employer=f"单位{i}") for i in range(50))
    fifty = _count(client, reverse(page))
    assert one == fifty, (page, one, fifty)


def test_api_record_keeps_its_query_count(users, members, member_users, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.models import Member

    client = api_client_for(users["staff"])
    _many_meetings(users, members, 1)
    client.get("/api/member-records/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/member-records/")
    _many_meetings(users, members, 49)
    Member.objects.bulk_create(Member(name=f"委员{i}", employer=f"单位{i}") for i in range(50))
    with CaptureQueriesContext(connection) as fifty:
        client.get("/api/member-records/")
    assert len(one.captured_queries) == len(fifty.captured_queries)
    assert Participation.objects.count() == 100


@pytest.mark.parametrize("who", ["member", "staff"])
def test_api_public_opinion_list_keeps_its_query_count(who, users, member_users, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for(member_users["member"] if who == "member" else users["staff"])
    _many_reports(member_users, 1)
    client.get("/api/public-opinions/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/public-opinions/").status_code == 200
    for i in range(49):
        report = services.public_opinion_create(actor=member_users["member"], title=f"更多{i}", content="c",
                                                category="other")
        services.public_opinion_submit(actor=member_users["member"], opinion_id=report.pk)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/api/public-opinions/").json()["count"] == 50
    assert len(one.captured_queries) == len(fifty.captured_queries)
