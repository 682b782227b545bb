"""The proposals' printable page and year figures in a real browser: they fit at 1366 px and 390 px in both
languages, and the printable page prints alone (no menu or footer) in the official 仿宋 body."""
import pytest

from .test_layout import SCREENS, WIDTHS, _check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _paths(role):
    from proposals.models import Proposal

    key = Proposal.objects.filter(is_key=True).order_by("id").first()
    if role == "staff":
        rejected = Proposal.objects.filter(status="rejected").order_by("id").first()
        return [("print-key", f"/proposals/{key.pk}/print/"), ("print-rejected", f"/proposals/{rejected.pk}/print/"),
                ("figures", "/proposals/figures/")]
    own = Proposal.objects.filter(proposer__user__username=role, status="accepted").order_by("id").first()
    return [("print-accepted", f"/proposals/{own.pk}/print/")]


@pytest.mark.parametrize("role", ["staff", "member"])
def test_print_and_figures_fit_at_both_widths_in_both_languages(login_as, live_server, role):
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, viewport in WIDTHS.items():
        page = login_as(role, viewport=viewport)
        for language in ("zh-hans", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for name, path in _paths(role):
                response = page.goto(path)
                assert response.status == 200, f"{role} {path}: {response.status}"
                problems += _check(page, f"{role} {size} {language} {path}",
                                   f"proposals-{role}-{size}-{language}-{name}.png")
    assert not problems, "\n".join(problems)


def test_the_printable_page_prints_alone_in_fangsong(login_as):
    page = login_as("staff", viewport=WIDTHS["desktop"])
    page.goto(_paths("staff")[0][1])
    page.emulate_media(media="print")
    assert not page.locator(".app-header").is_visible()
    assert not page.locator(".app-footer").is_visible()
    assert not page.locator("[data-print]").is_visible()
    font = page.evaluate("getComputedStyle(document.querySelector('#proposal-print p')).fontFamily")
    assert font.split(",")[0].strip('" ') == "仿宋_GB2312", font
    assert page.evaluate("getComputedStyle(document.querySelector('#proposal-print p')).fontSize") == "21.3333px"
