"""The whole path in a real browser, one demo role after another, through the pages only.

1. staff adopts the shortlisted 2027 candidate at the standing committee (topic page);
2. the vice-chair rates and approves the submitted research report (review queue);
3. staff turns that report into an outcome document, submits it and forwards it to 县住房和城乡建设局;
4. the department logs the three contacts (R11), writes the formal reply with a PDF and a stance per
   suggestion, and sends it for approval;
5. the leader R12 names approves it from the approval queue;
6. staff evaluates it (满意) from the evaluation queue;
7. the supervision office sees the overdue matters.
Every step is screenshotted to test-artifacts/e2e/NN-role-step.png.
"""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import Assignment
from workdays.services import due_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARKING_2027 = "关于进一步规范县城停车秩序的建议"
HOUSING_TOPIC = "关于老旧小区改造后长效管理的建议"
HOUSING_SUBJECT = "老旧小区改造后长效管理"  # in the topic, report and outcome titles alike
HOUSING = "县住房和城乡建设局"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# R12: who approves a reply, by the topic's consultation type (as the pages show it).
APPROVER_BY_TYPE = {"对口协商": "leader_in_charge", "界别协商": "leader_in_charge",
                    "专题协商": "principal_leader", "提案协商": "principal_leader"}


def form_with_action(page, action: str):
    """The page's form carrying `<input type=hidden name=action value=...>` (pages hold several forms)."""
    return page.locator(f"form:has(input[name='action'][value='{action}'])")


def heading(page):
    return page.locator("main h1").first


class Soft:
    """Checks whose failure should not stop the walk (wording bugs): collected, then reported at the end."""

    def __init__(self):
        self.failures = []

    def __call__(self, what: str, check):
        try:
            check()
        except AssertionError as error:
            self.failures.append(f"{what}: {str(error).splitlines()[0]}")

    def assert_none(self):
        assert not self.failures, "\n".join(self.failures)


def test_whole_path_from_topic_adoption_to_supervision(login_as, shot):
    today = timezone.localdate()
    soft = Soft()

    # 1. staff: the 2027 draft plan board → the shortlisted candidate → adopt at the standing committee.
    staff = login_as("staff")
    staff.goto("/topics/plan/2027/")
    expect(heading(staff)).to_contain_text("政协成武县委员会2027年度协商计划（草案）")
    expect(heading(staff).locator(".badge")).to_have_text("草案")
    shortlisted_column = staff.locator(".board-column", has=staff.locator("h3", has_text="已入围"))
    expect(shortlisted_column.locator(".board-card")).to_have_count(1)
    shot(staff, "staff", "plan-board-2027")
    shortlisted_column.get_by_role("link", name=PARKING_2027).click()
    expect(heading(staff)).to_contain_text(PARKING_2027)
    expect(heading(staff).locator(".badge")).to_have_text("已入围")
    adopt = staff.locator("form[action$='/adopt/']")
    expect(adopt).to_be_visible()
    expect(staff.get_by_role("heading", name="常委会会议：确定（决定）")).to_be_visible()
    adopt.locator("input[type=date]").fill(today.isoformat())
    shot(staff, "staff", "topic-before-adoption")
    adopt.locator("button[type=submit]").click()
    expect(staff.locator(".alert-success[role=alert]")).to_contain_text("课题已经常委会会议确定。")
    expect(heading(staff).locator(".badge")).to_have_text("已确定")
    expect(staff.locator("form[action$='/adopt/']")).to_have_count(0)
    latest = staff.locator("ol.timeline > li").last  # oldest first
    expect(latest).to_contain_text("常委会会议确定")
    expect(latest.locator(".badge")).to_have_count(0)  # the label says it: no 已确定 badge repeating it (docs/ui.md)
    expect(latest).to_contain_text("张晓红")
    shot(staff, "staff", "topic-adopted")
    staff.goto("/topics/plan/2027/")
    adopted_column = staff.locator(".board-column", has=staff.locator("h3", has_text="已确定"))
    expect(adopted_column.get_by_role("link", name=PARKING_2027)).to_be_visible()

    # 2. vice_chair: review queue → the submitted report → rate every suggestion → approve.
    chair = login_as("vice_chair")
    chair.goto("/research/reviews/")
    expect(heading(chair)).to_have_text("待审定的调研报告")
    row = chair.locator("tbody tr", has_text=HOUSING_SUBJECT)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(5)).to_have_text("3")  # three unrated suggestions
    shot(chair, "vice_chair", "review-queue")
    row.get_by_role("link", name=HOUSING_SUBJECT).click()
    expect(heading(chair)).to_contain_text(HOUSING_SUBJECT)
    # research's catalogue says 已提交; a same-msgid "Submitted" in topics' catalogue must not win.
    soft("report badge 已提交", lambda: expect(chair.locator("main .badge").first).to_have_text("已提交", timeout=1000))
    shot(chair, "vice_chair", "submitted-report")
    chair.get_by_role("link", name="审定", exact=True).click()
    expect(heading(chair)).to_contain_text("审定调研报告")
    selects = chair.locator("main form select")
    expect(selects).to_have_count(9)  # 3 suggestions × 科学性/前瞻性/可行性
    for axis, score in (("scientific", "5"), ("forward_looking", "4"), ("feasible", "4")):
        axis_selects = chair.locator(f"main form select[name$='_{axis}']")
        expect(axis_selects).to_have_count(3)
        for index in range(3):
            axis_selects.nth(index).select_option(score)
    chair.locator("textarea[name='comments']").fill("同意报送县委、县政府。")
    shot(chair, "vice_chair", "report-rated")
    chair.locator("button[name='decision'][value='approve']").click()
    expect(chair.locator(".alert-success[role=alert]")).to_contain_text("报告已审定通过。")
    expect(chair.locator("main .badge").first).to_have_class(re.compile("tone-done"))
    # research's catalogue says 已审定; topics' "Approved" (审定同意) must not win.
    soft("report badge 已审定", lambda: expect(chair.locator("main .badge").first).to_have_text("已审定", timeout=1000))
    rated = chair.locator("main ol li", has_text="科学性 5 · 前瞻性 4 · 可行性 4")
    expect(rated).to_have_count(3)
    expect(chair.locator("main")).to_contain_text("同意报送县委、县政府。")
    shot(chair, "vice_chair", "report-approved")
    chair.goto("/research/reviews/")
    expect(chair.locator("main .alert-light")).to_be_visible()  # the queue is empty now
    expect(chair.locator("main tbody tr", has_text=HOUSING_SUBJECT)).to_have_count(0)

    # 3. staff: an outcome document from the approved report → submit → forward to the housing bureau.
    staff.goto("/outcomes/new/")
    expect(heading(staff)).to_have_text("新建成果文件")
    report_select = staff.locator("select[name='report']")
    option = report_select.locator("option", has_text=HOUSING_SUBJECT)
    expect(option).to_have_count(1)
    report_select.select_option(option.get_attribute("value"))
    staff.locator("select[name='kind']").select_option("work_minutes")
    # outcomes' catalogue says 标题; directory's "title" (职务, a person's job title) must not win.
    soft("outcome form label 标题", lambda: expect(staff.locator("label[for='id_title']")).to_have_text("标题", timeout=1000))
    shot(staff, "staff", "outcome-from-report")
    staff.locator("main form button[type=submit]").click()
    expect(heading(staff)).to_contain_text(HOUSING_SUBJECT)
    expect(heading(staff).locator(".badge")).to_have_text("草稿")
    expect(staff.locator("main")).to_contain_text("政协工作纪要 · 对口协商")
    expect(staff.locator("main table").first.locator("tbody tr")).to_have_count(3)  # the report's suggestions
    outcome_url = staff.url
    submit = form_with_action(staff, "submit")
    submit.locator("input[type=date]").fill(today.isoformat())
    submit.locator("button[type=submit]").click()
    forward = form_with_action(staff, "forward")
    expect(forward).to_be_visible()  # submitted: staff may forward now
    soft("outcome badge 已报送党委政府", lambda: expect(heading(staff).locator(".badge")).to_have_text("已报送党委政府", timeout=1000))
    expect(staff.get_by_role("heading", name="批转交办")).to_be_visible()
    forward.locator("select[name='lead_department']").select_option(label=HOUSING)
    forward.locator("input[name='forwarded_on']").fill(today.isoformat())
    forward.locator("input[name='instruction']").fill("请认真研究办理，按期答复。")
    shot(staff, "staff", "outcome-forward-form")
    forward.locator("button[type=submit]").click()
    expect(heading(staff).locator(".badge")).to_have_text("已批转交办")
    assignment = Assignment.objects.get(outcome__report__group__topic__title=HOUSING_TOPIC, role="lead")
    expected = due_date(start=today, working_days=assignment.working_days)
    assert assignment.due_on == expected.due_on and assignment.department.name == HOUSING
    lead_row = staff.locator("main table tbody tr", has_text=HOUSING)
    expect(lead_row).to_contain_text("主办")
    expect(lead_row).to_contain_text("已交办")
    expect(lead_row).to_contain_text(expected.due_on.isoformat())
    shot(staff, "staff", "outcome-forwarded")
    lead_row.get_by_role("link", name=HOUSING).click()
    due = staff.locator("dd", has_text=expected.due_on.isoformat())
    expect(due).to_contain_text(f"{assignment.working_days}个工作日")
    expect(staff.locator("main")).to_contain_text(today.isoformat())  # forwarded on
    shot(staff, "staff", "assignment-due-date")

    # 4. department: its assignment → three contacts → formal reply with a PDF → send for approval.
    dept = login_as("department")
    dept.goto("/outcomes/assignments/")
    expect(heading(dept)).to_have_text(f"{HOUSING} · 交办事项")
    mine = dept.locator("main tbody tr", has_text=HOUSING_SUBJECT)
    expect(mine).to_contain_text("已交办")
    expect(mine).to_contain_text(expected.due_on.isoformat())
    shot(dept, "department", "assignment-list")
    mine.get_by_role("link").first.click()
    for kind, summary in (
        ("before_handling", "与政协责任委室座谈，明确办理重点和时间安排。"),
        ("during_handling", "电话通报办理进展，邀请委员现场查看。"),
        ("before_reply", "答复前与政协责任委室和提出建议的委员当面协商，对答复意见达成一致。"),
    ):
        contact = form_with_action(dept, "contact")
        contact.locator("select[name='kind']").select_option(kind)
        contact.locator("input[name='held_on']").fill(today.isoformat())
        contact.locator("input[name='method']").fill("座谈")
        contact.locator("input[name='participants']").fill("政协责任委室、县住房和城乡建设局")
        contact.locator("textarea[name='summary']").fill(summary)
        contact.locator("button[type=submit]").click()
        expect(dept.locator("main table tbody tr", has_text=summary)).to_have_count(1)
    contacts = dept.locator("main table").first
    for label in ("办理前沟通", "办理中联系", "答复前协商"):
        expect(contacts).to_contain_text(label)
    expect(dept.locator("main p").filter(has_text=HOUSING).first.locator(".badge")).to_have_text("办理中")
    shot(dept, "department", "three-contacts")
    dept.get_by_role("link", name="撰写正式答复").click()
    expect(heading(dept)).to_have_text("正式答复")
    dept.locator("input[name='document_number']").fill("成住建函〔2026〕18号")
    dept.locator("textarea[name='text']").fill("关于老旧小区改造后长效管理的答复：经认真研究，现将有关情况答复如下。")
    dept.locator("input[name='file']").set_input_files(
        files=[{"name": "答复.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    stances = dept.locator("select[name^='stance_']")
    expect(stances).to_have_count(3)
    for index, stance in enumerate(("adopted", "already_done", "not_adopted")):
        stances.nth(index).select_option(stance)
    reasons = dept.locator("textarea[name^='reason_']")
    reasons.nth(0).fill("已纳入2027年老旧小区改造计划，分批实施。")
    reasons.nth(1).fill("县住建局已会同街道建立物业服务质量考评制度。")
    reasons.nth(2).fill("受财力所限，暂缓实施，将纳入下年度计划统筹考虑。")
    shot(dept, "department", "reply-form")
    dept.get_by_role("button", name="保存草稿").click()
    expect(heading(dept)).to_contain_text("正式答复")
    expect(heading(dept).locator(".badge")).to_have_text("草稿")
    expect(dept.locator("main")).to_contain_text("成住建函〔2026〕18号")
    expect(dept.locator("dd a[href$='/file/']")).to_be_visible()
    stance_table = dept.locator("main table").first
    for label in ("已经落实", "未采纳"):
        expect(stance_table).to_contain_text(label)
    # Stance "adopted" is 采纳 in outcomes' catalogue; topics' "Adopted" (已确定) must not win.
    soft("stance 采纳", lambda: expect(stance_table.locator("tr").first.locator("td").nth(1)).to_have_text("采纳", timeout=1000))
    consultation_type = dept.locator("dt:has-text('协商形式') + dd").inner_text().strip()
    assert consultation_type in APPROVER_BY_TYPE, consultation_type
    form_with_action(dept, "submit").locator("button[type=submit]").click()
    expect(heading(dept).locator(".badge")).to_have_text("待审定")
    shot(dept, "department", "reply-sent-for-approval")
    reply_url = dept.url
    dept.goto("/outcomes/assignments/")
    expect(dept.locator("main tbody tr", has_text=HOUSING_SUBJECT)).to_contain_text("待领导审定")

    # 5. the leader R12 names for the topic's consultation type approves, from the approval queue.
    approver_name = APPROVER_BY_TYPE[consultation_type]
    other_name = "principal_leader" if approver_name == "leader_in_charge" else "leader_in_charge"
    other = login_as(other_name)
    other.goto("/outcomes/approvals/")
    expect(other.locator("main tbody tr", has_text=HOUSING_SUBJECT)).to_have_count(0)
    leader = login_as(approver_name)
    leader.goto("/outcomes/approvals/")
    expect(heading(leader)).to_have_text("待我审定的答复")
    queued = leader.locator("main tbody tr", has_text=HOUSING_SUBJECT)
    expect(queued).to_contain_text(HOUSING)
    expect(queued).to_contain_text(consultation_type)
    shot(leader, approver_name, "approval-queue")
    queued.get_by_role("link").first.click()
    assert leader.url == reply_url
    approve = form_with_action(leader, "approve")
    approve.locator("textarea[name='comments']").fill("同意。")
    approve.locator("button[type=submit]").click()
    expect(leader.get_by_role("button", name="审定同意")).to_have_count(0)  # no approval form any more
    # outcomes' catalogue says 已审定; topics' "Approved" (审定同意) must not win.
    soft("reply badge 已审定", lambda: expect(heading(leader).locator(".badge")).to_have_text("已审定", timeout=1000))
    approved_by = leader.locator("dt:has-text('审定领导') + dd")
    expect(approved_by).to_contain_text("孙志强" if approver_name == "leader_in_charge" else "陈光远")
    expect(approved_by).to_contain_text("政府分管领导" if approver_name == "leader_in_charge" else "政府主要领导")
    # The timeline's last step is the reply's approval, not a research report's ("调研报告审定通过").
    last_step = leader.locator("ol.timeline > li").last
    expect(last_step).to_contain_text("孙志强" if approver_name == "leader_in_charge" else "陈光远")
    soft("reply timeline state", lambda: expect(last_step).not_to_contain_text("调研报告", timeout=1000))
    shot(leader, approver_name, "reply-approved")
    leader.goto("/outcomes/approvals/")
    expect(leader.locator("main tbody tr", has_text=HOUSING_SUBJECT)).to_have_count(0)

    # 6. staff evaluates the reply (满意) from the evaluation queue.
    staff.goto("/outcomes/evaluations/")
    expect(heading(staff)).to_have_text("待评价的答复")
    waiting = staff.locator("main table").first.locator("tbody tr", has_text=HOUSING_SUBJECT)
    expect(waiting).to_contain_text(HOUSING)
    shot(staff, "staff", "evaluation-queue")
    waiting.get_by_role("link").first.click()
    evaluate = form_with_action(staff, "evaluate")
    evaluate.locator("select[name='evaluation']").select_option("satisfied")
    evaluate.locator("textarea[name='comments']").fill("答复具体，措施有力。")
    evaluate.locator("button[type=submit]").click()
    expect(staff.locator("dt:has-text('评价') + dd")).to_contain_text("满意")
    expect(form_with_action(staff, "evaluate")).to_have_count(0)
    shot(staff, "staff", "reply-evaluated")
    staff.goto(outcome_url)
    expect(staff.locator("main table tbody tr", has_text=HOUSING)).to_contain_text("已认可")
    staff.goto("/outcomes/evaluations/")
    expect(staff.locator("main table").first.locator("tbody tr", has_text=HOUSING_SUBJECT)).to_have_count(0)

    # 7. the supervision office: the board lists the overdue matters of the demo data, very overdue first.
    supervisor = login_as("supervisor")
    supervisor.goto("/outcomes/supervision/")
    expect(heading(supervisor)).to_have_text("跟踪督办")
    overdue = supervisor.locator("main table").first.locator("tbody tr")
    expect(overdue.first).to_contain_text("严重逾期")
    expect(overdue.filter(has_text="中小企业数字化转型")).to_have_count(2)
    expect(overdue.filter(has_text=HOUSING_SUBJECT)).to_have_count(0)  # ours is not due yet
    expect(supervisor.locator("main").get_by_text("中小企业数字化转型建议逾期未答复")).to_be_visible()
    shot(supervisor, "supervisor", "supervision-board")
    assert re.search(r"\d{4}-\d{2}-\d{2}", overdue.first.inner_text())
    soft.assert_none()
