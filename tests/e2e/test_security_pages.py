"""等保 pages in a real browser: the security and audit administrators' pages and every user's password page fit
at 1366 px and 390 px in both languages; the auditor filters the trail and exports it."""
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e" / "security"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "secadmin": ["/accounts/security/", "/accounts/password/"],
    "auditor": ["/audit/", "/audit/?action=login", "/accounts/password/"],
    "department": ["/accounts/password/"],
}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("role", list(PAGES))
def test_security_pages_fit_at_both_widths_in_both_languages(login_as, live_server, role):
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


def test_the_auditor_sees_the_logins_of_the_day(login_as):
    login_as("staff")
    page = login_as("auditor")
    page.goto("/audit/?action=login")
    assert page.locator("table tbody tr").count() >= 2  # staff's and the auditor's own login
    export = page.locator(".filter-bar a", has_text="导出").get_attribute("href")
    assert export.startswith("/audit/export/") and "action=login" in export
