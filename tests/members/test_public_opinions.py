"""社情民意信息: draft, submit, return / reject / adopt, leader's instruction, origin of a candidate (R2); API."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from members import services
from members.models import LeaderInstruction, PublicOpinion

pytestmark = pytest.mark.django_db
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def report(member_users, members):
    return services.public_opinion_create(actor=member_users["member"], title="关于夜间急诊的情况反映",
                                          content="乡镇卫生院夜间值班力量不足。", category="livelihood")


@pytest.fixture
def submitted(report, member_users):
    return services.public_opinion_submit(actor=member_users["member"], opinion_id=report.pk)


def test_member_drafts_with_a_checked_attachment(member_users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.public_opinion_create(
        actor=member_users["member"], title="标题", content="内容", category="economy",
        attachment=SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf"))
    assert report.attachment_name == "材料.pdf" and report.attachment_type == "application/pdf"
    with pytest.raises(InvalidInput) as error:
        services.public_opinion_create(actor=member_users["member"], title="另一个", content="内容", category="economy",
                                       attachment=SimpleUploadedFile("x.pdf", b"MZ not a pdf"))
    assert "attachment" in error.value.field_errors
    assert PublicOpinion.objects.count() == 1


def test_bad_input_names_every_field_and_creates_nothing(member_users):
    with pytest.raises(InvalidInput) as error:
        services.public_opinion_create(actor=member_users["member"], title=" ", content="", category="x")
    assert set(error.value.field_errors) == {"title", "content", "category"}
    assert not PublicOpinion.objects.exists()


def test_the_same_draft_sent_twice_is_one(member_users):
    first = services.public_opinion_create(actor=member_users["member"], title="同一件", content="c", category="other")
    again = services.public_opinion_create(actor=member_users["member"], title="同一件", content="c", category="other")
    assert first.pk == again.pk and PublicOpinion.objects.count() == 1


def test_only_members_draft(users):
    with pytest.raises(NotAllowed):
        services.public_opinion_create(actor=users["staff"], title="t", content="c", category="other")


def test_return_then_resubmit_then_adopt_with_level_and_date(submitted, users, member_users):
    services.public_opinion_return(actor=users["staff"], opinion_id=submitted.pk, comment="请补充数据")
    services.public_opinion_update(actor=member_users["member"], opinion_id=submitted.pk, title=submitted.title,
                                   content="补充：3个乡镇。", category="livelihood")
    services.public_opinion_submit(actor=member_users["member"], opinion_id=submitted.pk)
    day = timezone.localdate() - datetime.timedelta(days=1)
    services.public_opinion_adopt(actor=users["staff"], opinion_id=submitted.pk, level="province", date=day)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.adopted_level, submitted.adopted_on) == ("adopted", "province", day)


def test_review_steps_are_staff_only_and_state_checked(report, submitted, users, member_users):
    with pytest.raises(NotAllowed):
        services.public_opinion_adopt(actor=member_users["member"], opinion_id=report.pk, level="county",
                                      date=timezone.localdate())
    with pytest.raises(InvalidInput):
        services.public_opinion_reject(actor=users["staff"], opinion_id=report.pk, reason="")
    with pytest.raises(InvalidInput):
        services.public_opinion_adopt(actor=users["staff"], opinion_id=report.pk, level="galaxy",
                                      date=timezone.localdate())
    services.public_opinion_reject(actor=users["staff"], opinion_id=report.pk, reason="已有同类信息")
    with pytest.raises(InvalidState):
        services.public_opinion_adopt(actor=users["staff"], opinion_id=report.pk, level="county",
                                      date=timezone.localdate())
    report.refresh_from_db()
    assert (report.status, report.adopted_level) == ("rejected", "")


def test_another_members_draft_is_404(report, member_users):
    for call in (
        lambda: services.public_opinion_submit(actor=member_users["member2"], opinion_id=report.pk),
        lambda: services.public_opinion_update(actor=member_users["member2"], opinion_id=report.pk, title="x",
                                               content="y", category="other"),
    ):
        with pytest.raises(NotFound):
            call()
    report.refresh_from_db()
    assert report.status == "draft" and report.title == "关于夜间急诊的情况反映"


def test_instruction_and_candidate_topic_linked_both_ways(submitted, users, committee):
    from topics import services as topic_services

    services.public_opinion_adopt(actor=users["staff"], opinion_id=submitted.pk, level="county",
                                  date=timezone.localdate())
    services.public_opinion_instruct(actor=users["staff"], opinion_id=submitted.pk, leader="县长", text="请研究",
                                     date=timezone.localdate())
    assert LeaderInstruction.objects.filter(opinion=submitted).count() == 1
    plan = topic_services.plan_create(actor=users["staff"], year=2027)
    topic = services.public_opinion_make_topic(actor=users["staff"], opinion_id=submitted.pk, plan_id=plan.pk,
                                               committee_id=committee.pk, domain="livelihood",
                                               consultation_type="counterpart")
    submitted.refresh_from_db()
    assert submitted.topic_id == topic.pk and list(topic.public_opinions.all()) == [submitted]
    assert topic.origin == "public_opinion" and submitted.title in topic.origin_reference
    with pytest.raises(InvalidState):
        services.public_opinion_make_topic(actor=users["staff"], opinion_id=submitted.pk, plan_id=plan.pk,
                                           committee_id=committee.pk, domain="livelihood",
                                           consultation_type="counterpart")


# API -----------------------------------------------------------------------------------------------------------


def test_api_members_list_only_their_own_staff_all(report, member_users, users, api_client_for, members):
    services.public_opinion_create(actor=member_users["member2"], title="他人的", content="c", category="other")
    mine = api_client_for(member_users["member"]).get("/api/public-opinions/").json()
    assert [r["id"] for r in mine["results"]] == [report.pk]
    assert api_client_for(users["staff"]).get("/api/public-opinions/").json()["count"] == 2
    assert api_client_for(users["department"]).get("/api/public-opinions/").status_code == 403
    assert api_client_for(member_users["member2"]).get(f"/api/public-opinions/{report.pk}/").status_code == 404


def test_api_steps(report, member_users, users, api_client_for):
    member, staff = api_client_for(member_users["member"]), api_client_for(users["staff"])
    assert staff.post(f"/api/public-opinions/{report.pk}/submit/").status_code == 403
    response = member.post(f"/api/public-opinions/{report.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert member.post(f"/api/public-opinions/{report.pk}/submit/").status_code == 409  # already submitted
    assert staff.post(f"/api/public-opinions/{report.pk}/return/", {"comment": ""}, format="json").status_code == 400
    response = staff.post(f"/api/public-opinions/{report.pk}/return/", {"comment": "请补充"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert staff.post(f"/api/public-opinions/{report.pk}/adopt/", {"level": "city", "date": "2026-11-01"},
                      format="json").status_code == 409
    member.post(f"/api/public-opinions/{report.pk}/submit/")
    response = staff.post(f"/api/public-opinions/{report.pk}/adopt/", {"level": "city", "date": "2026-11-01"},
                          format="json")
    assert response.json()["adopted_level"] == "city"
    response = staff.post(f"/api/public-opinions/{report.pk}/instruct/",
                          {"leader": "县长", "date": "2026-11-02", "text": "请办理"}, format="json")
    assert response.status_code == 201 and response.json()["instructions"][0]["leader"] == "县长"
    assert "reject" not in response.json()["available_steps"]


def test_api_create_and_reject(member_users, users, api_client_for):
    member = api_client_for(member_users["member"])
    response = member.post("/api/public-opinions/", {"title": "t", "content": "c", "category": "other"},
                           format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api_client_for(users["staff"]).post("/api/public-opinions/", {"title": "t", "content": "c",
                                               "category": "other"}, format="json").status_code == 403
    member.post(f"/api/public-opinions/{pk}/submit/")
    response = api_client_for(users["staff"]).post(f"/api/public-opinions/{pk}/reject/", {"reason": "重复"},
                                                   format="json")
    assert response.json()["status"] == "rejected"


def test_an_attachment_is_served_under_its_detected_type_not_the_uploaders_name(member_users, settings, tmp_path,
                                                                               client_for):
    settings.MEDIA_ROOT = tmp_path
    report = services.public_opinion_create(
        actor=member_users["member"], title="标题", content="内容", category="economy",
        attachment=SimpleUploadedFile("材料.html", PDF, content_type="text/html"))
    response = client_for(member_users["member"]).get(f"/members/public-opinions/{report.pk}/attachment/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and ".pdf" in disposition and ".html" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
