"""A member (委员) on a phone (390 px): give an opinion, confirm an activity, sign in with the code, submit a
社情民意, and see the 履职档案 change."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, page.url


def _points(page) -> int:
    page.goto("/members/record/")
    return int(page.locator("#record-points").inner_text())


def test_member_takes_part_on_a_phone(login_as, shot):
    from directory.models import User
    from members import services
    from members.models import PointsRule

    page = login_as("member", viewport=PHONE)
    expect(page.locator("#member-panel")).to_be_visible()
    before = _points(page)
    _no_sideways_scroll(page)
    shot(page, "member", "record before")

    page.goto("/members/")
    expect(page.locator("main h1")).to_contain_text("钱丽娟")
    expect(page.locator("#member-todos li").first).to_be_visible()
    _no_sideways_scroll(page)
    shot(page, "member", "desk")

    # Give an opinion on a candidate asked of the member's group.
    page.goto("/members/opinions/")
    page.locator("main table tbody a", has_text="冷链物流").click()
    page.get_by_label("支持").check()
    page.get_by_label("意见").fill("建议先行规划产地冷库，小切口推进。")
    page.get_by_role("button", name="保存意见").click()
    expect(page.locator(".alert-success")).to_contain_text("意见已保存")
    expect(page.locator("#my-opinion")).to_contain_text("支持")
    _no_sideways_scroll(page)
    shot(page, "member", "opinion given")

    # Confirm the research activity of the member's group.
    page.goto("/members/activities/")
    page.locator("main table tbody a", has_text="深入一线走访座谈").click()
    page.get_by_role("button", name="确认参加").click()
    expect(page.locator("#participation-status")).to_have_text("已确认参加")
    shot(page, "member", "activity confirmed")

    # Sign in with the code shown at the venue of a meeting going on now.
    staff = User.objects.get(username="staff")
    member = User.objects.get(username="member").member_profile
    now = timezone.now()
    meeting = services.meeting_create(
        actor=staff, kind="plenary", title="县政协全体委员学习会", starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2), member_ids=[member.pk])
    page.goto("/members/sign-in/")
    page.get_by_label("签到码").fill("WRONG1")
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator(".alert-danger")).to_contain_text("签到码无效")
    page.get_by_label("签到码").fill(meeting.signin_code.lower())
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("签到成功")
    expect(page.locator("#attended")).to_contain_text("签到码签到")
    _no_sideways_scroll(page)
    shot(page, "member", "signed in")

    # Write and submit a 社情民意.
    page.goto("/members/public-opinions/new/")
    page.get_by_label("标题").fill("关于农村客运班线停运影响群众出行的情况反映")
    page.get_by_label("类别").select_option("livelihood")
    page.get_by_label("内容").fill("部分乡镇客运班线停运，群众出行不便，建议发展镇村公交。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#report-status")).to_have_text("草稿")
    page.get_by_role("button", name="报送县政协机关").click()
    expect(page.locator("#report-status")).to_have_text("已报送")
    _no_sideways_scroll(page)
    shot(page, "member", "public opinion submitted")

    # The record follows: an opinion, a meeting attended and a report submitted, by the points table.
    rules = {r.kind: r.points for r in PointsRule.objects.all()}
    after = _points(page)
    assert after == before + rules["opinion_given"] + rules["meeting_attended"] + rules["po_submitted"]
    expect(page.locator("#record-entries")).to_contain_text("县政协全体委员学习会")
    _no_sideways_scroll(page)
    shot(page, "member", "record after")
