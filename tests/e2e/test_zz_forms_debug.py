import re, pytest
from tests.e2e.test_double_submit import fill_topic_form, CREATE_PATH
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def test_debug(login_as):
    page = login_as("staff")
    page.goto(CREATE_PATH)
    fill_topic_form(page)
    held = []
    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()
    page.route(lambda url: "/topics/new/" in url, hold)
    js = "(() => { const f = document.querySelector('main form[method=post]'); const b = f.querySelector('button[type=submit]'); return [f.dataset.onceBusy, b.disabled, f.getAttribute('aria-busy'), document.readyState]; })()"
    page.locator("main form[method=post]").get_by_role("button", name="保存").dblclick(no_wait_after=True)
    for i in range(5):
        print(i, page.evaluate(js), len(held))
        page.wait_for_timeout(200)
    assert False
