"""Authoring in a real browser (docs/ui.md, "Forms"): a long paste is kept and told, not cut; similar topics show
for pasted text; the required marker of 拟题专门委员会 follows the source; members are picked in a searchable
picker; the plan board stacks its columns on a phone."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CREATE_PATH = "/topics/new/?year=2027"  # the demo's 2027 plan is a draft


def test_long_paste_is_kept_and_told_not_cut(login_as, shot):
    page = login_as("staff")
    page.goto(CREATE_PATH)
    title = page.locator("#id_title")
    long_text = "关于" + "县城停车" * 2500
    title.fill(long_text)  # like a paste: one input event
    assert len(title.input_value()) == len(long_text)  # nothing cut by maxlength
    counter = page.locator("#id_title + .char-counter")
    expect(counter).to_have_class("char-counter over")
    expect(counter).to_contain_text("超出")
    title.fill("关于县城停车难问题的建议")
    expect(counter).to_have_text("12 / 200 字")
    shot(page, "staff", "topic form counter")


def test_similar_topics_follow_pasted_text_and_required_marker_follows_source(login_as, shot):
    page = login_as("staff")
    page.goto(CREATE_PATH)
    page.locator("#id_title").fill("关于推动中小企业数字化转型的建议")  # `input`, no key-up
    expect(page.locator("#similar-topics")).to_contain_text("推动中小企业数字化转型", timeout=5000)
    marker = page.locator("[data-required-field=committee] [data-required-marker]")
    expect(marker).to_be_visible()
    page.select_option("#id_source", "party_committee")
    expect(marker).to_be_hidden()
    shot(page, "staff", "topic form similar")


def test_members_are_picked_in_a_searchable_picker(login_as, shot):
    page = login_as("staff")
    page.goto("/research/groups/new/")
    control = page.locator(".ts-wrapper.multi .ts-control").first
    expect(control).to_be_visible()
    control.click()
    page.keyboard.type("王")
    option = page.locator(".ts-dropdown .option").first
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(".ts-wrapper.multi .item")).to_have_count(1)
    expect(page.locator(".ts-wrapper.multi .item .remove")).to_be_visible()  # each choice removable
    shot(page, "staff", "member picker")


def test_plan_board_columns_stack_on_a_phone(login_as, shot):
    page = login_as("staff", viewport={"width": 390, "height": 844})
    page.goto("/topics/plan/2027/")
    columns = page.locator(".board-column")
    width = page.evaluate("document.documentElement.clientWidth")
    for index in range(columns.count()):
        box = columns.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"column {index} off screen: {box}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    expect(page.locator("#batch-form")).to_be_visible()
    shot(page, "staff", "plan board phone")
