"""A joint proposal's whole handling through the pages: the member drafts it naming a co-signer and invites,
member2 co-signs, the member submits, staff accept and forward it to the department, the department logs the
consultation before replying and writes the reply (class B, a PDF), sends it for approval, the leader in charge
approves, and the proposer evaluates it on a phone (390 px) and sees the evaluation on the proposal page."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "关于推进县城老旧管网更新改造的建议"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _step(page, name):
    """The button of a proposal step posted to /proposals/<pk>/<name>/ (a button-only step or a panel)."""
    page.locator(f"form[action$='/{name}/'] button[type=submit]").click()


def _no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url}: {width}px wide"


def test_a_joint_proposal_is_handled_and_evaluated_through_the_pages(login_as, shot, tmp_path):
    from directory.models import Member, User
    from outcomes.models import Reply
    from proposals.models import Proposal

    department = User.objects.get(username="department").department
    member2 = Member.objects.get(user__username="member2")

    # 1. The member drafts a joint proposal naming member2 and invites the co-signers.
    member = login_as("member")
    member.goto("/proposals/new/")
    member.fill("#id_title", TITLE)
    member.select_option("#id_kind", "joint")
    member.fill("#id_analysis", "县城部分供排水管网建成已逾三十年，跑冒滴漏频发。")
    member.fill("#id_suggestions", "一是摸清底数；二是分年度实施改造；三是多渠道筹措资金。")
    member.select_option("#id_suggested_departments", label=department.name)
    member.select_option("#id_cosigners", str(member2.pk))
    member.click("main form.card button[type=submit]:not([name=look])")
    expect(member.locator("#proposal-status")).to_be_visible()
    proposal = Proposal.objects.get(title=TITLE)
    assert member.url.endswith(f"/proposals/{proposal.pk}/")
    shot(member, "member", "joint draft")
    _step(member, "invite")
    expect(member.locator("#cosigners")).to_contain_text(member2.name)
    shot(member, "member", "co-signers invited")

    # 2. member2 co-signs.
    cosigner = login_as("member2")
    cosigner.goto(f"/proposals/{proposal.pk}/")
    _step(cosigner, "cosign")
    expect(cosigner.locator(".alert-success")).to_be_visible()
    shot(cosigner, "member2", "co-signed")

    # 3. The member submits; staff accept it and forward it to the department (lead).
    member.goto(f"/proposals/{proposal.pk}/")
    _step(member, "submit")
    expect(member.locator("#proposal-status")).to_contain_text(re.compile("已提交|Submitted"))
    shot(member, "member", "submitted")
    staff = login_as("staff")
    staff.goto(f"/proposals/{proposal.pk}/")
    staff.select_option("#id_accept-category", index=1)
    _step(staff, "accept")
    expect(staff.locator("#id_forward-lead_department")).to_be_visible()
    expect(staff.locator("#id_forward-lead_department option:checked")).to_have_text(department.name)
    staff.fill("#id_forward-instruction", "请于三个月内答复委员。")
    staff.locator("#id_forward-instruction").scroll_into_view_if_needed()
    shot(staff, "staff", "forward panel")
    _step(staff, "forward")
    expect(staff.locator("#handling")).to_contain_text(department.name)
    shot(staff, "staff", "forwarded")

    # 4. The department finds the matter, logs the consultation before replying and writes the reply.
    officer = login_as("department")
    officer.goto("/outcomes/assignments/")
    officer.locator("main table tbody a", has_text=TITLE).click()
    expect(officer.locator("#belongs-to")).to_contain_text(TITLE)
    officer.select_option("#id_kind", "before_reply")
    officer.fill("#id_held_on", timezone.localdate().isoformat())
    officer.fill("#id_method", "当面沟通")
    officer.fill("#id_summary", "与提案者当面沟通办理意见。")
    officer.locator("form:has(input[name=action][value=contact]) button[type=submit]").click()
    expect(officer.locator("table").first).to_contain_text("与提案者当面沟通办理意见")
    shot(officer, "department", "contact logged")
    officer.locator("a[href$='/reply/']").click()
    officer.fill("#id_document_number", "成住建函〔2026〕12号")
    officer.fill("#id_text", "已将管网更新改造列入明年计划，分步实施。")
    officer.select_option("#id_result_class", "B")
    expect(officer.locator("#id_not_to_publish")).to_be_visible()
    # "Why not" is asked only once the box is ticked, and is then required.
    expect(officer.locator("#id_no_publish_reason")).to_be_hidden()
    officer.check("#id_not_to_publish")
    expect(officer.locator("#id_no_publish_reason")).to_be_visible()
    assert officer.locator("#id_no_publish_reason").evaluate("e => e.required")
    officer.uncheck("#id_not_to_publish")
    expect(officer.locator("#id_no_publish_reason")).to_be_hidden()
    expect(officer.locator("main form")).to_contain_text("报送审定前须上传")
    pdf = tmp_path / "答复.pdf"
    pdf.write_bytes(PDF)
    officer.set_input_files("#id_file", str(pdf))
    shot(officer, "department", "reply form")
    officer.locator("main form button[type=submit]").click()
    expect(officer.locator("#result-class")).to_contain_text("B")
    officer.locator("form:has(input[name=action][value=submit]) button").click()
    expect(officer.locator(".alert-success")).to_be_visible()
    reply_url = officer.url
    shot(officer, "department", "reply sent for approval")

    # 5. The leader in charge approves.
    leader = login_as("leader_in_charge")
    leader.goto(reply_url)
    leader.locator("form:has(input[name=action][value=approve]) textarea").fill("同意。")
    leader.locator("form:has(input[name=action][value=approve]) button").click()
    expect(leader.locator(".alert-success")).to_be_visible()
    shot(leader, "leader", "reply approved")

    # 6. The proposer evaluates on a phone.
    phone = login_as("member", viewport=PHONE)
    phone.goto(f"/proposals/{proposal.pk}/")
    _no_sideways_scroll(phone)
    shot(phone, "member", "phone proposal with reply")
    phone.locator("#handling a[href$='#evaluate']").click()
    form = phone.locator("#evaluate form")
    expect(form).to_be_visible()
    _no_sideways_scroll(phone)
    for name in ("evaluation", "contacted", "attitude", "agreed", "comments"):
        field = form.locator(f"[name={name}]")
        expect(field).to_be_visible()
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (name, box)
    form.locator("[name=evaluation]").select_option("basically_satisfied")
    form.locator("[name=contacted]").select_option("yes")
    form.locator("[name=attitude]").select_option("satisfied")
    form.locator("[name=agreed]").select_option("yes")
    form.locator("[name=comments]").fill("已列入计划，期待落实。")
    form.locator("[name=evaluation]").scroll_into_view_if_needed()
    shot(phone, "member", "phone evaluation form")
    form.locator("button[type=submit]").click()
    expect(phone.locator("#evaluation")).to_be_visible()
    phone.goto(f"/proposals/{proposal.pk}/")
    expect(phone.locator("#handling .reply")).to_contain_text(re.compile("基本满意|[Bb]asically satisfied"))
    _no_sideways_scroll(phone)
    shot(phone, "member", "phone evaluation shown")

    reply = Reply.objects.get(pk=int(reply_url.rstrip("/").split("/")[-1]))
    assert (reply.result_class, reply.evaluation) == ("B", "basically_satisfied")
    assert (reply.evaluation_contacted, reply.evaluation_attitude, reply.evaluation_agreed) == (
        True, "satisfied", True)
    assert not reply.evaluation_on_paper and reply.file
