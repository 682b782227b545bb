"""Every role's home and every list page at 1366 px and 390 px, in Chinese and English (docs/ui.md): no horizontal
overflow, the header's buttons visible and inside the window, no element cut off at the right edge. The
screenshots go to artifacts/screens/ (git-ignored; CI keeps them as artefacts)."""
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import save_screenshot

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

LISTS = {
    "staff": ["/", "/todos/", "/topics/plan/", "/topics/", "/research/", "/research/visits/", "/outcomes/",
              "/outcomes/assignments/", "/outcomes/evaluations/", "/outcomes/supervision/", "/notifications/",
              "/stats/"],
    "vice_chair": ["/", "/research/", "/research/reviews/", "/topics/plan/"],
    "department": ["/", "/outcomes/assignments/", "/notifications/"],
    "leader_in_charge": ["/", "/outcomes/approvals/"],
    "principal_leader": ["/", "/outcomes/approvals/"],
    "supervisor": ["/", "/outcomes/supervision/", "/outcomes/assignments/"],
}

# Elements whose right edge passes the window, ignoring what sits inside a scrolling box or a closed menu.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('.collapse:not(.show), .dropdown-menu, .ts-dropdown, template, datalist, [hidden]')) continue;
    let scroller = el.parentElement, inside = false;
    while (scroller && scroller !== document.body) {
      const o = getComputedStyle(scroller).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
      scroller = scroller.parentElement;
    }
    if (inside) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) out.push(el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className);
  }
  return out.slice(0, 5);
}"""


def _check(page, where: str, shot_name: str) -> list[str]:
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        problems.append(f"{where}: {overflow} px horizontal overflow")
    width = page.evaluate("document.documentElement.clientWidth")
    for selector in ("#todo-link", ".navbar-brand", ".navbar-toggler:visible, #mainNav form button"):
        box = page.locator(selector).first.bounding_box()
        if box is None:
            problems.append(f"{where}: {selector} not visible")
        elif box["x"] < 0 or box["x"] + box["width"] > width + 1:
            problems.append(f"{where}: {selector} outside the window ({box})")
    cut = page.evaluate(CUT_OFF)
    if cut:
        problems.append(f"{where}: cut off at the right edge: {cut}")
    save_screenshot(page, SCREENS / shot_name)
    return problems


@pytest.mark.parametrize("role", list(LISTS))
def test_pages_fit_at_both_widths_in_both_languages(login_as, live_server, role):
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, viewport in WIDTHS.items():
        page = login_as(role, viewport=viewport)
        for language in ("zh-hans", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for path in LISTS[role]:
                response = page.goto(path)
                assert response.status == 200, f"{role} {path}: {response.status}"
                name = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
                problems += _check(page, f"{role} {size} {language} {path}", f"{role}-{size}-{language}-{name}.png")
    assert not problems, "\n".join(problems)


def test_login_page_fits(browser, live_server):
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        page = context.new_page()
        page.goto("/accounts/login/")
        assert page.locator("img.login-emblem").is_visible()
        assert page.locator("button[name=language]").is_visible()  # the language switch, without opening a menu
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"login {size}: {overflow} px overflow"
        save_screenshot(page, SCREENS / f"login-{size}.png")
        context.close()
