"""The research pages: staff form a group and record activities; a vice-chair reviews, returns and approves."""
import pytest
from django.urls import reverse

from research import services
from research.models import Activity, Report, ResearchGroup

pytestmark = pytest.mark.django_db


def review_post(report, score="4", decision="rate", comments=""):
    data = {"decision": decision, "comments": comments}
    for s in report.suggestions.all():
        for axis in ("scientific", "forward_looking", "feasible"):
            data[f"s{s.pk}_{axis}"] = score
    return data


def test_staff_form_a_group_in_the_browser(client_for, users, make_topic, members):
    topic = make_topic()
    client = client_for(users["staff"])
    page = client.get(reverse("research:group-create"))
    assert page.status_code == 200 and topic.title in page.content.decode()
    response = client.post(reverse("research:group-create"), {
        "topic": topic.pk, "leader": users["vice_chair"].pk, "formed_on": "2026-03-20",
        "members": [m.pk for m in members[:2]], "notes": "",
    })
    group = ResearchGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.memberships.count() == 2
    page = client.get(group.get_absolute_url()).content.decode()
    assert "赵文博" in page and "成员与出勤" in page


def test_group_form_is_refused_to_a_vice_chair_and_keeps_input_on_error(client_for, users, make_topic):
    topic = make_topic()
    assert client_for(users["vice_chair"]).get(reverse("research:group-create")).status_code == 403
    client = client_for(users["staff"])
    response = client.post(reverse("research:group-create"), {"topic": topic.pk, "leader": users["staff"].pk, "notes": "保留我"})
    assert response.status_code == 400  # the staff user is not a vice-chair: the form says so
    assert "保留我" in response.content.decode()
    assert not ResearchGroup.objects.exists()


def test_staff_record_an_external_visit_in_the_browser(client_for, users, group, members):
    client = client_for(users["staff"])
    url = reverse("research:activity-create", args=[group.pk])
    assert client.get(url + "?kind=external_visit").status_code == 200
    response = client.post(url, {
        "kind": "external_visit", "title": "赴单县考察羊产业", "held_on": "2026-05-12", "ends_on": "2026-05-13",
        "place": "", "content": "考察单县羊产业园。", "destination": "单县", "hosts": "单县政协",
        "present_members": [str(members[0].pk), str(members[2].pk)],
        "findings": "羊产业全链条发展：养殖、屠宰、加工一体\n<b>冷链物流共享</b>",
    })
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [f.title for f in activity.findings.all()] == ["羊产业全链条发展", "<b>冷链物流共享</b>"]
    assert activity.attendance.filter(present=True).count() == 2
    page = client.get(group.get_absolute_url()).content.decode()
    assert "单县" in page and "&lt;b&gt;冷链物流共享&lt;/b&gt;" in page
    assert "<b>冷链" not in page


def test_activity_page_keeps_input_on_bad_input(client_for, users, group):
    response = client_for(users["staff"]).post(
        reverse("research:activity-create", args=[group.pk]),
        {"kind": "external_visit", "title": "外出考察", "held_on": "2026-05-12", "destination": ""},
    )
    assert response.status_code == 400
    assert "外出考察" in response.content.decode()
    assert not Activity.objects.exists()


def test_other_vice_chair_cannot_open_the_activity_form(client_for, users, group):
    assert client_for(users["vice_chair2"]).get(reverse("research:activity-create", args=[group.pk])).status_code == 403


def test_vice_chair_reviews_returns_and_approves_in_the_browser(client_for, users, submitted_report):
    client = client_for(users["vice_chair"])
    home = client.get(reverse("research:my-groups")).content.decode()
    assert reverse("research:report-review", args=[submitted_report.pk]) in home
    queue = client.get(reverse("research:review-queue")).content.decode()
    assert submitted_report.group.topic.title in queue

    review_url = reverse("research:report-review", args=[submitted_report.pk])
    assert client.get(review_url).status_code == 200
    # Approving with an unrated suggestion is refused, and the ratings typed are kept on the page.
    data = review_post(submitted_report, "3", "approve")
    first = submitted_report.suggestions.first()
    data.update({f"s{first.pk}_feasible": ""})
    response = client.post(review_url, data)
    assert response.status_code == 400
    submitted_report.refresh_from_db()
    assert submitted_report.status == "submitted"
    assert not submitted_report.suggestions.filter(score_scientific__isnull=False).exists()
    # Return with comments.
    response = client.post(review_url, review_post(submitted_report, "3", "return", "请补充寿光经验的本地化措施。"))
    assert response.status_code == 302
    submitted_report.refresh_from_db()
    assert submitted_report.status == "returned"
    following = Report.objects.get(previous=submitted_report)
    detail = client.get(submitted_report.get_absolute_url()).content.decode()
    assert following.get_absolute_url() in detail and "请补充寿光经验" in detail
    # The staff edit and submit the next version; the diff shows the change.
    staff = client_for(users["staff"])
    edit_url = reverse("research:report-edit", args=[following.pk])
    assert staff.get(edit_url).status_code == 200
    form = {"title": following.title, "body": following.body + "\n三、借鉴<寿光>经验", "then": "submit",
            "s-TOTAL_FORMS": "2", "s-INITIAL_FORMS": "0", "s-MIN_NUM_FORMS": "0", "s-MAX_NUM_FORMS": "1000"}
    for i, s in enumerate(following.suggestions.all()):
        form.update({f"s-{i}-title": s.title, f"s-{i}-content": s.content, f"s-{i}-finding": s.finding_id or ""})
    response = staff.post(edit_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    following.refresh_from_db()
    assert following.status == "submitted"
    client = client_for(users["vice_chair"])
    diff = client.get(reverse("research:report-diff", args=[following.pk])).content.decode()
    assert "三、借鉴&lt;寿光&gt;经验" in diff and "<寿光>" not in diff
    # Approve the next version.
    response = client.post(
        reverse("research:report-review", args=[following.pk]), review_post(following, "5", "approve", "同意。")
    )
    assert response.status_code == 302
    following.refresh_from_db()
    assert following.status == "approved"
    assert ResearchGroup.objects.get().status == "approved"


def test_return_without_comments_is_shown_on_the_page(client_for, users, submitted_report):
    client = client_for(users["vice_chair"])
    response = client.post(reverse("research:report-review", args=[submitted_report.pk]), review_post(submitted_report, "4", "return"))
    assert response.status_code == 400
    submitted_report.refresh_from_db()
    assert submitted_report.status == "submitted"


@pytest.mark.parametrize("role", ["vice_chair2", "staff", "supervisor"])
def test_only_the_leader_opens_the_review_page(client_for, users, submitted_report, role):
    url = reverse("research:report-review", args=[submitted_report.pk])
    client = client_for(users[role])
    assert client.get(url).status_code == 403
    assert client.post(url, review_post(submitted_report, "5", "approve")).status_code == 403
    submitted_report.refresh_from_db()
    assert submitted_report.status == "submitted"


def test_department_sees_nothing_of_the_stage(client_for, users, submitted_report):
    client = client_for(users["department"])
    for name in ("research:group-list", "research:my-groups", "research:review-queue", "research:visit-list"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(submitted_report.group.get_absolute_url()).status_code == 403


def test_pages_render_for_readers(client_for, users, submitted_report, visit):
    client = client_for(users["principal_leader"])
    assert client.get(reverse("research:group-list")).status_code == 200
    assert client.get(reverse("research:my-groups")).status_code == 302  # not a vice-chair: the list
    assert client.get(submitted_report.get_absolute_url()).status_code == 200
    visits = client.get(reverse("research:visit-list")).content.decode()
    assert "寿光市" in visits and "寿光蔬菜大棚智能化管理" in visits
    assert client.get(reverse("research:group-detail", args=[999999])).status_code == 404


def test_group_page_shows_overdue_milestones_and_attendance(client_for, users, group, visit):
    services.milestone_create(actor=users["staff"], group_id=group.pk, kind="study_done", title="集中学习完成", due_on="2020-01-01")
    page = client_for(users["vice_chair"]).get(group.get_absolute_url()).content.decode()
    assert "集中学习完成" in page and "table-danger" in page
    assert "100%" in page and "0%" in page  # two members present, one absent
    home = client_for(users["vice_chair"]).get(reverse("research:my-groups")).content.decode()
    assert "集中学习完成" in home and "list-group-item-danger" in home


def test_staff_steps_on_the_group_page(client_for, users, make_group, members):
    from directory.models import Member

    group = make_group()
    client = client_for(users["staff"])
    assert client.post(reverse("research:group-advance", args=[group.pk]), {"to_state": "studying"}).status_code == 302
    newcomer = Member.objects.create(name="冯志刚", employer="县农村商业银行")
    assert client.post(reverse("research:member-add", args=[group.pk]), {"member": newcomer.pk}).status_code == 302
    response = client.post(reverse("research:milestone-create", args=[group.pk]), {"kind": "study_done", "due_on": "2026-05-01"})
    assert response.status_code == 302
    milestone = group.milestones.get()
    assert client.post(reverse("research:milestone-complete", args=[milestone.pk])).status_code == 302
    group.refresh_from_db()
    milestone.refresh_from_db()
    assert group.status == "studying" and group.memberships.count() == 4 and milestone.done_on
    # A refused move shows a message and changes nothing.
    response = client.post(reverse("research:group-advance", args=[group.pk]), {"to_state": "closed"}, follow=True)
    assert response.status_code == 200
    group.refresh_from_db()
    assert group.status == "studying"
    # Another vice-chair gets 403 on the page steps.
    other = client_for(users["vice_chair2"])
    assert other.post(reverse("research:group-advance", args=[group.pk]), {"to_state": "researching"}).status_code == 403


def test_staff_draft_a_report_in_the_browser(client_for, users, group, visit):
    client = client_for(users["staff"])
    url = reverse("research:report-create", args=[group.pk])
    assert client.get(url).status_code == 200
    finding = visit.findings.get()
    response = client.post(url, {
        "title": "调研报告", "body": "正文", "then": "save",
        "s-TOTAL_FORMS": "2", "s-INITIAL_FORMS": "0", "s-MIN_NUM_FORMS": "0", "s-MAX_NUM_FORMS": "1000",
        "s-0-title": "推广智能大棚", "s-0-content": "借鉴寿光做法。", "s-0-finding": finding.pk,
        "s-1-title": "", "s-1-content": "",
    })
    assert response.status_code == 302
    report = Report.objects.get()
    assert list(report.suggestions.values_list("title", "finding_id")) == [("推广智能大棚", finding.pk)]
    assert client.post(reverse("research:report-submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_home_leaves_closed_groups_to_my_groups(client_for, users, make_group):
    from research.models import ResearchGroup

    open_group = make_group(status="researching")
    closed = make_group()
    ResearchGroup.objects.filter(pk=closed.pk).update(status="closed")
    client = client_for(users["vice_chair"])
    home = client.get(reverse("home")).content.decode()
    assert open_group.topic.title in home and closed.topic.title not in home
    assert "另有 1 个已结束的调研组" in home
    mine = client.get(reverse("research:my-groups")).content.decode()
    assert open_group.topic.title in mine and closed.topic.title in mine


def test_edit_then_submit_refused_keeps_the_draft_as_it_was(client_for, users, group, make_report):
    draft = make_report(group, n=1)
    draft.suggestions.all().delete()  # nothing itemised: the submission will be refused
    form = {"title": "改过的标题", "body": draft.body, "then": "submit",
            "s-TOTAL_FORMS": "0", "s-INITIAL_FORMS": "0", "s-MIN_NUM_FORMS": "0", "s-MAX_NUM_FORMS": "1000"}
    response = client_for(users["staff"]).post(reverse("research:report-edit", args=[draft.pk]), form)
    assert response.status_code == 400 and "改过的标题" in response.content.decode()  # what was typed is kept
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.title != "改过的标题"


def test_diff_against_a_non_id_is_404(client_for, users, submitted_report):
    url = reverse("research:report-diff", args=[submitted_report.pk]) + "?from=abc"
    assert client_for(users["vice_chair"]).get(url).status_code == 404
