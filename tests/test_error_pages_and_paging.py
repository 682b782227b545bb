"""A page number past the end shows the last page; a bad request and a server error show the product's pages."""
import pytest
from django.core.exceptions import BadRequest
from django.test import Client, override_settings
from django.urls import include, path

from topics.models import Plan, Topic


def _bad(request):
    raise BadRequest("secret detail")


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("bad/", _bad), path("broken/", _broken), path("", include("chengwu_cppcc.urls"))]
handler400 = "chengwu_cppcc.error_pages.handler400"
handler500 = "chengwu_cppcc.error_pages.handler500"


@pytest.fixture
def sixty_topics(db, users):
    plan = Plan.objects.create(year=2026)
    Topic.objects.bulk_create([Topic(plan=plan, title=f"课题{i:02d}", source="special_committee", created_by=users["staff"]) for i in range(60)])


@pytest.mark.django_db
@pytest.mark.parametrize("page,number", [("999", 2), ("2", 2), ("abc", 1), ("0", 2), ("-1", 2), ("last", 2)])
def test_the_topic_list_never_answers_404_for_a_page_number(client_for, users, sixty_topics, page, number):
    response = client_for(users["staff"]).get(f"/topics/?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == number


@pytest.mark.django_db
def test_an_empty_topic_list_past_its_end_is_the_empty_first_page(client_for, users):
    response = client_for(users["staff"]).get("/topics/?page=999&q=不存在")
    assert response.status_code == 200 and response.context["page_obj"].number == 1


@pytest.mark.django_db
def test_a_bad_statistics_year_is_the_products_400_page(client_for, users):
    response = client_for(users["staff"]).get("/stats/?year=1900")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="bad-request-reason"' in html and "<nav" in html  # the product's layout, with its header
    assert "1900" in html or "年" in html  # the reason, in the user's language


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_bad_request_and_server_error_use_the_error_layout(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["staff"])
    bad = client.get("/bad/")
    assert bad.status_code == 400 and 'id="bad-request-reason"' in bad.content.decode()
    assert "secret detail" not in bad.content.decode()
    broken = client.get("/broken/")
    assert broken.status_code == 500
    html = broken.content.decode()
    assert "500" in html and "boom" not in html
