"""The statistics page in a real headless Chromium: Chart.js draws every chart, no script error, no inline script."""
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_statistics_page_draws_its_charts(login_as, shot):
    page = login_as("staff")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # htmx's own indicator style trips the CSP on every page (base template, reported); count only ours.
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" and "htmx" not in msg.location["url"] else None,
    )
    page.goto("/stats/?year=2026")
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".map(c => [c.dataset.chart, !!window.Chart.getChart(c)])"
    )
    assert drawn and all(ok for _name, ok in drawn), drawn
    assert errors == []
    assert page.locator("main h1").inner_text().startswith("2026年统计")
    shot(page, "staff", "statistics")
