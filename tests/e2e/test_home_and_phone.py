"""Each demo role's home page after logging in, and the pages at a 375 px phone width."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PLAN_2026 = "政协成武县委员会2026年度协商计划"


def test_each_role_home_page_shows_its_work(login_as, shot):
    staff = login_as("staff")
    expect(staff.locator("main h1")).to_have_text("欢迎您，张晓红")
    expect(staff.locator("main h2").first).to_contain_text("我的待办")
    expect(staff.locator("main h2").nth(1)).to_contain_text(PLAN_2026)
    expect(staff.get_by_role("link", name="打开年度协商计划看板")).to_be_visible()
    expect(staff.get_by_role("heading", name="待评价的答复")).to_be_visible()
    expect(staff.get_by_role("heading", name="退回和延期申请")).to_be_visible()
    expect(staff.locator("main > :not(#home-todos) li", has_text="中小企业数字化转型")).to_contain_text("县住房和城乡建设局")
    expect(staff.get_by_role("heading", name="本周到期")).to_be_visible()
    shot(staff, "staff", "home")

    chair = login_as("vice_chair")
    expect(chair.locator("main h1")).to_have_text("欢迎您，刘春明")
    review = chair.locator(".research-panel section").nth(0)
    expect(review).to_contain_text("待我审定")
    expect(review.locator(".card-header .badge")).to_have_text("1")
    expect(review).to_contain_text("关于老旧小区改造后长效管理的建议")
    expect(review).to_contain_text("3 条建议")
    groups = chair.locator(".research-panel section").nth(2)
    expect(groups).to_contain_text("我任组长的调研组")
    expect(groups).to_contain_text("关于加快成武经济开发区食品产业链延链补链的建议")
    shot(chair, "vice_chair", "home")

    dept = login_as("department")
    expect(dept.locator("main h1")).to_have_text("欢迎您，李文涛")
    expect(dept.get_by_role("heading", name="本单位交办事项")).to_be_visible()
    rows = dept.locator("main table tbody tr")
    # The outcomes' matters, the very overdue one first, and the demo's forwarded proposals among them.
    expect(rows.first).to_contain_text("中小企业数字化转型")
    expect(rows.first).to_contain_text("严重逾期")
    expect(rows.first).to_have_class("table-danger")
    expect(rows.filter(has_text="城乡供水一体化")).to_contain_text("待领导审定")
    expect(rows.filter(has_text="中小企业数字化转型")).to_have_count(1)
    expect(dept.locator("main")).not_to_contain_text(PLAN_2026)  # departments do not read the plan
    shot(dept, "department", "home")

    for username, name, waiting, ctype in (
        ("leader_in_charge", "孙志强", "城乡供水一体化", "对口协商"),
        ("principal_leader", "陈光远", "县域医共体建设", "专题协商"),
    ):
        leader = login_as(username)
        expect(leader.locator("main h1")).to_have_text(f"欢迎您，{name}")
        expect(leader.get_by_role("heading", name="待我审定的答复")).to_be_visible()
        queue = leader.locator("main section table tbody tr")
        # The outcome's reply waiting for this leader (the leader in charge also has a proposal's reply).
        expect(queue.filter(has_text=waiting)).to_have_count(1)
        expect(queue.filter(has_text=waiting)).to_contain_text(ctype)
        shot(leader, username, "home")

    supervisor = login_as("supervisor")
    expect(supervisor.locator("main h1")).to_have_text("欢迎您，高立群")
    very = supervisor.locator("main section table").nth(0).locator("tbody tr")
    expect(very).to_have_count(2)
    expect(very.first).to_contain_text("严重逾期")
    overdue = supervisor.locator("main section table").nth(1).locator("tbody tr")
    expect(overdue.first).to_contain_text("逾期")
    expect(supervisor.get_by_role("heading", name=re.compile("督办中的?事项"))).to_be_visible()
    expect(supervisor.get_by_role("link", name="中小企业数字化转型建议逾期未答复")).to_be_visible()
    shot(supervisor, "supervisor", "home")


PHONE = {"width": 375, "height": 740}


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url}: the page is {width}px wide at a {PHONE['width']}px viewport"


def test_phone_width_login_and_department_assignments(browser, live_server, login_as, shot):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        expect(page.locator("main h1")).to_have_text("登录")
        # Logged out there is no menu to open: the language switch stays in sight.
        expect(page.locator(".navbar-toggler")).to_have_count(0)
        expect(page.locator("#mainNav")).to_be_visible()
        expect(page.locator("#login-submit")).to_be_visible()
        _fits(page)
        shot(page, "anonymous", "phone-login")
    finally:
        context.close()

    dept = login_as("department", viewport=PHONE)
    for url in ("/", "/outcomes/assignments/"):
        dept.goto(url)
        toggler = dept.locator(".navbar-toggler")
        expect(toggler).to_be_visible()
        expect(dept.get_by_role("link", name="交办事项", exact=True)).to_be_hidden()
        _fits(dept)
    expect(dept.locator("main h1")).to_have_text("县住房和城乡建设局 · 交办事项")
    expect(dept.locator("main tbody tr", has_text="中小企业数字化转型")).to_contain_text("严重逾期")
    shot(dept, "department", "phone-assignments")
    dept.locator(".navbar-toggler").click()
    expect(dept.locator("#mainNav")).to_be_visible()
    dept.locator("#mainNav").get_by_role("button", name="精准破题").click()
    expect(dept.locator("#mainNav").get_by_role("link", name="交办事项", exact=True)).to_be_visible()
    expect(dept.locator(".navbar-toggler")).to_have_attribute("aria-expanded", "true")
    _fits(dept)
    shot(dept, "department", "phone-menu-open")
    with dept.expect_navigation():  # measure the detail page, not the document being swapped
        dept.locator("main tbody tr a").first.click()
    _fits(dept)
    shot(dept, "department", "phone-assignment-detail")
