"""One matter from forwarding to evaluation, with a lead and a co-handling department, in a real browser, each
person acting only from their to-do list (/todos/, 我的待办): every step is reached by the item's `a.todo-link`.

1. staff forwards the submitted recommendation to 县住房和城乡建设局 (lead) and 县自然资源和规划局 (co-handler);
2. the co-handler sends its input to the lead;
3. the lead sees the instruction, the co-handler and its input on its matter page, consults, drafts the reply;
4. the co-handler countersigns the lead's reply;
5. the lead sends it for approval; 6. the leader in charge approves it (R12); 7. staff evaluates it (满意).
After each step the item leaves the actor's list and the next actor's list has it.
"""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import Outcome

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEAD = "县住房和城乡建设局"
CO = "县自然资源和规划局"
INSTRUCTION = "请县住建局牵头、县自然资源和规划局协办，按期答复。"
INPUT = "协办意见：结合国土空间规划预留公共停车用地。"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_with_action(page, action: str):
    return page.locator(f"main form:has(input[name='action'][value='{action}'])")


def todo_item(page, step: str, object_type: str, title: str):
    """The user's to-do list, filtered to one kind (the page's own filter), and the item of `step` on `title`."""
    page.goto("/todos/")
    expect(page.locator("main h1").first).to_have_text("我的待办")
    page.locator("select#todo-type").select_option(object_type)
    page.locator("main form[method=get] button[type=submit]").click()
    return page.locator(f"li.todo-item[data-step='{step}'][data-object-type='{object_type}']", has_text=title)


def act_from_todos(page, step: str, object_type: str, title: str):
    """Open the page where the step is taken from the to-do item's link."""
    item = todo_item(page, step, object_type, title)
    expect(item).to_have_count(1)
    item.locator("a.todo-link").click()


def no_todo(page, step: str, object_type: str, title: str):
    expect(todo_item(page, step, object_type, title)).to_have_count(0)


def test_a_matter_walks_from_forwarding_to_evaluation_from_the_to_do_lists(login_as, shot):
    today = timezone.localdate().isoformat()
    outcome = Outcome.objects.get(status="submitted")  # the demo's recommendation waiting to be forwarded
    title = outcome.title

    # 1. staff: forward, from the to-do item.
    staff = login_as("staff")
    act_from_todos(staff, "forward", "outcome", title)
    expect(staff.locator("main h1").first).to_contain_text(title)
    forward = form_with_action(staff, "forward")
    forward.locator("select[name='lead_department']").select_option(label=LEAD)
    forward.locator("select[name='co_departments']").select_option(label=[CO])
    forward.locator("input[name='forwarded_on']").fill(today)
    forward.locator("input[name='instruction']").fill(INSTRUCTION)
    shot(staff, "staff", "todo-forward")
    forward.locator("button[type=submit]").click()
    expect(staff.locator(".alert-success[role=alert]")).to_be_visible()
    expect(form_with_action(staff, "forward")).to_have_count(0)
    no_todo(staff, "forward", "outcome", title)

    # 2. the co-handler: send input, from the to-do item.
    co = login_as("department2")
    act_from_todos(co, "input", "assignment", title)
    expect(co.locator("main")).to_contain_text(INSTRUCTION)
    send = form_with_action(co, "input")
    send.locator("textarea[name='text']").fill(INPUT)
    send.locator("button[type=submit]").click()
    expect(co.locator(".alert-success[role=alert]")).to_be_visible()
    shot(co, "department2", "todo-input-sent")
    no_todo(co, "input", "assignment", title)

    # 3. the lead: its matter page shows the instruction and the co-handler's input; consult, then draft the reply.
    lead = login_as("department")
    act_from_todos(lead, "reply", "assignment", title)
    main = lead.locator("main")
    expect(main).to_contain_text(INSTRUCTION)
    coworker = main.locator("[id^='cohandler-']", has_text=CO)
    expect(coworker).to_contain_text(INPUT)
    shot(lead, "department", "todo-lead-sees-co-handler-input")
    contact = form_with_action(lead, "contact")
    contact.locator("select[name='kind']").select_option("before_reply")
    contact.locator("input[name='held_on']").fill(today)
    contact.locator("textarea[name='summary']").fill("答复前与政协责任委室协商一致。")
    contact.locator("button[type=submit]").click()
    expect(lead.locator(".alert-success[role=alert]")).to_be_visible()
    lead.get_by_role("link", name="撰写正式答复").click()
    lead.locator("input[name='document_number']").fill("成住建函〔2026〕30号")
    lead.locator("textarea[name='text']").fill("关于停车问题建议案的答复：经认真研究，现答复如下。")
    lead.locator("input[name='file']").set_input_files(
        files=[{"name": "答复.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    for index in range(lead.locator("select[name^='stance_']").count()):
        lead.locator("select[name^='stance_']").nth(index).select_option("adopted")
    lead.get_by_role("button", name="保存草稿").click()
    expect(lead.locator("main h1 .badge")).to_have_text("草稿")
    expect(form_with_action(lead, "countersign")).to_have_count(0)  # the lead does not countersign its own
    no_todo(lead, "reply", "assignment", title)

    # 4. the co-handler: countersign, from the to-do item.
    act_from_todos(co, "countersign", "reply", title)
    sign = form_with_action(co, "countersign")
    sign.locator("input[name='note'], textarea[name='note']").fill("同意会签。")
    shot(co, "department2", "todo-countersign")
    sign.locator("button[type=submit]").click()
    expect(co.locator(".alert-success[role=alert]")).to_be_visible()
    expect(co.locator("main")).to_contain_text(CO)
    no_todo(co, "countersign", "reply", title)

    # The lead sees the countersignature on its matter page too.
    lead.goto(f"/outcomes/assignments/{outcome.assignments.get(role='lead').pk}/")
    expect(lead.locator("main [id^='cohandler-']", has_text=CO)).to_contain_text("已会签")

    # 5. the lead: send for approval, from the to-do item.
    act_from_todos(lead, "submit", "reply", title)
    form_with_action(lead, "submit").locator("button[type=submit]").click()
    expect(lead.locator("main h1 .badge")).to_have_text("待审定")
    no_todo(lead, "submit", "reply", title)

    # 6. the leader in charge of the housing bureau approves (counterpart consultation, R12).
    leader = login_as("leader_in_charge")
    act_from_todos(leader, "approve", "reply", title)
    expect(leader.locator("main dd", has_text=outcome.assignments.get(role="lead").due_on.isoformat())).to_be_visible()
    approve = form_with_action(leader, "approve")
    approve.locator("textarea[name='comments']").fill("同意。")
    shot(leader, "leader_in_charge", "todo-approve")
    approve.locator("button[type=submit]").click()
    expect(form_with_action(leader, "approve")).to_have_count(0)
    no_todo(leader, "approve", "reply", title)

    # 7. staff: evaluate, from the to-do item.
    act_from_todos(staff, "evaluate", "reply", title)
    evaluate = form_with_action(staff, "evaluate")
    evaluate.locator("select[name='evaluation']").select_option("satisfied")
    evaluate.locator("button[type=submit]").click()
    expect(staff.locator("dt:has-text('评价') + dd")).to_contain_text("满意")
    shot(staff, "staff", "todo-evaluated")
    no_todo(staff, "evaluate", "reply", title)
    lead_assignment = outcome.assignments.get(role="lead")
    assert lead_assignment.status == "accepted"
