"""static/js/once.js in a real browser: a double click on Save sends one request, with its button disabled meanwhile."""
import re

import pytest
from playwright.sync_api import expect

from topics.models import Topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CREATE_PATH = "/topics/new/?year=2027"  # the demo's 2027 plan is still a draft: it takes new candidates
TITLE = "关于双击保存只记录一次的建议"


def fill_topic_form(page, *, title=TITLE):
    page.fill("#id_title", title)
    page.select_option("#id_origin", index=1)
    page.select_option("#id_domain", index=1)
    page.select_option("#id_consultation_type", index=1)
    page.select_option("#id_committee", index=1)
    page.fill("#id_rationale", "群众反映集中，切口小。")


# Kept across the navigation: which submit buttons were disabled while their form was on its way.
RECORD_DISABLED = """
new MutationObserver(function (records) {
  records.forEach(function (record) {
    if (record.target.disabled) { sessionStorage.setItem("disabled-while-sending", record.target.textContent.trim()); }
  });
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["disabled"]});
"""


def test_double_click_on_save_creates_one_topic_and_disables_the_button(login_as, shot):
    page = login_as("staff")
    page.add_init_script(RECORD_DISABLED)
    page.goto(CREATE_PATH)
    form = page.locator("main form[method=post]")
    expect(form.locator("input[type=hidden][name=_once]")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    fill_topic_form(page)
    shot(page, "staff", "new topic before double click")
    held = []  # the form's POSTs, held back as on a slow link (page.evaluate would wait for them: not used meanwhile)

    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route(lambda url: "/topics/new/" in url, hold)
    before = Topic.objects.count()
    form.get_by_role("button", name="保存").dblclick(no_wait_after=True)
    page.wait_for_timeout(500)
    assert len(held) == 1  # the second click sent nothing
    held[0].continue_()
    page.wait_for_url(re.compile(r"/topics/\d+/$"))
    assert Topic.objects.count() == before + 1
    assert Topic.objects.filter(title=TITLE).count() == 1
    assert page.evaluate("sessionStorage.getItem('disabled-while-sending')") == "保存"


def test_a_form_the_browser_refuses_keeps_its_button(login_as):
    page = login_as("staff")
    page.goto(CREATE_PATH)
    save = page.locator("main form[method=post]").get_by_role("button", name="保存")
    save.click()  # the title is required: the browser does not send the form
    expect(save).to_be_enabled()
    assert page.url.endswith(CREATE_PATH)
