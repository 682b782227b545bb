"""Proposals (委员提案) in a real browser: the list, a proposal with its step forms and the draft form fit at
1366 px and 390 px in both languages; a member drafts, looks for similar items and submits on a phone."""
import pytest
from playwright.sync_api import expect

from .test_layout import SCREENS, WIDTHS, _check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _paths(role):
    from proposals.models import Proposal

    if role == "staff":
        submitted = Proposal.objects.filter(status="submitted").order_by("id").first()
        accepted = Proposal.objects.filter(status="accepted", is_key=False).order_by("id").first()
        return ["/proposals/", f"/proposals/{submitted.pk}/", f"/proposals/{accepted.pk}/"]
    joint = Proposal.objects.get(status="cosigning")
    draft = Proposal.objects.filter(status="draft", proposer__user__username=role).first()
    paths = ["/proposals/", f"/proposals/{joint.pk}/"]
    if draft is not None:
        paths += [f"/proposals/{draft.pk}/", f"/proposals/{draft.pk}/edit/", "/proposals/new/"]
    return paths


@pytest.mark.parametrize("role", ["staff", "member", "member2"])
def test_proposal_pages_fit_at_both_widths_in_both_languages(login_as, live_server, role):
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, viewport in WIDTHS.items():
        page = login_as(role, viewport=viewport)
        for language in ("zh-hans", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for path in _paths(role):
                response = page.goto(path)
                assert response.status == 200, f"{role} {path}: {response.status}"
                name = path.strip("/").replace("/", "-")
                problems += _check(page, f"{role} {size} {language} {path}", f"proposals-{role}-{size}-{language}-{name}.png")
    assert not problems, "\n".join(problems)


def test_a_member_drafts_and_submits_on_a_phone(login_as, shot):
    page = login_as("member", viewport=WIDTHS["phone"])
    page.goto("/proposals/new/")
    page.fill("#id_title", "关于加快县域冷链物流建设的建议")
    page.fill("#id_analysis", "冷库不足，损耗较高。")
    page.fill("#id_suggestions", "规划建设产地冷库。")
    page.click("button[name=look]")
    expect(page.locator("#similar-items")).to_contain_text("冷链物流")
    shot(page, "member", "proposal similar items")
    page.click("button:not([name=look])[type=submit] >> text=保存草稿")
    expect(page.locator("#proposal-status")).to_contain_text("草稿")
    page.click("form[action$='/submit/'] button")
    expect(page.locator("#proposal-status")).to_contain_text("已提交")
    shot(page, "member", "proposal submitted")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]["width"] + 1
