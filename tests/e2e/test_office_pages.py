"""Office administration in a real browser: every page fits at 1366 px and 390 px in both languages, and staff
enter a calendar correction through the date input (its default is ISO, so the browser shows it)."""
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e" / "office"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "staff": ["/office/", "/office/calendar/?year=2027", "/office/calendar/new/?year=2027", "/office/deadlines/",
              "/office/deadlines/work_minutes/", "/office/reminders/", "/office/tasks/", "/office/members/",
              "/office/groups/", "/office/committees/", "/office/sectors/"],
    "sysadmin": ["/office/", "/office/users/", "/office/users/new/", "/office/departments/"],
}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("role", list(PAGES))
def test_office_pages_fit_at_both_widths_in_both_languages(login_as, live_server, role):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, viewport in WIDTHS.items():
        page = login_as(role, viewport=viewport)
        for language in ("zh-hans", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for path in PAGES[role]:
                response = page.goto(path)
                assert response.status == 200, f"{role} {path}: {response.status}"
                if (overflow := _overflow(page)) > 1:
                    problems.append(f"{role} {size} {language} {path}: {overflow} px horizontal overflow")
                name = re.sub(r"[^a-z0-9]+", "-", path).strip("-")
                save_screenshot(page, SHOTS / f"{role}-{size}-{language}-{name}.png")
    assert not problems, "\n".join(problems)


def test_staff_enter_a_holiday_for_a_provisional_year(login_as):
    page = login_as("staff", viewport=WIDTHS["desktop"])
    page.goto("/office/calendar/?year=2027")
    assert page.locator("#provisional-year").is_visible()
    page.goto("/office/calendar/new/?year=2027")
    date_input = page.locator("input[type=date][name=date]")
    assert date_input.input_value() == "2027-01-01"  # an ISO default: the browser shows it
    date_input.fill("2027-10-08")
    page.select_option("select[name=kind]", "holiday")
    page.fill("input[name=name]", "国庆节")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/office/calendar/\?year=2027"))
    assert page.locator("table").get_by_text("2027-10-08").is_visible()
    assert page.get_by_text("新增日历调整").first.is_visible()  # recent changes name the change
    save_screenshot(page, SHOTS / "staff-calendar-after-adding.png")
