"""The matter pages show what the people on a matter need: the co-handlers to the lead, the lead's reply to the
co-handler, the forwarding instruction, and due dates with their overdue state in the leaders' queues."""
import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Department
from directory.roles import Role
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services

from ..conftest import make_user
from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(users, make_assignment, make_reply):
    """A lead (department 0) and a co-handler (department 1); the co-handler sent input and countersigned."""
    lead = make_assignment(co=True)
    co = lead.outcome.assignments.get(role="co")
    assignment_services.assignment_submit_input(
        actor=users["department2"], assignment_id=co.pk, text="协办意见：建议增设停车泊位"
    )
    reply = make_reply(lead)
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk, note="同意会签")
    return lead, co, reply


def page(client, assignment):
    return client.get(reverse("outcomes:assignment-detail", args=[assignment.pk]))


def main(response) -> str:
    """The page's own content, without the header (whose unread count is a badge too)."""
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


def test_lead_department_sees_its_co_handlers_their_input_and_countersignature(users, client_for, matter):
    lead, co, reply = matter
    response = page(client_for(users["department"]), lead)
    assert response.status_code == 200
    body = response.content.decode()
    assert co.department.name in body
    assert "协办意见：建议增设停车泊位" in body
    section = body[body.index(f'id="cohandler-{co.pk}"'):]
    assert "同意会签" in section.split("</li>")[0]


def test_co_handler_sees_the_lead_and_the_reply_it_must_countersign_not_other_co_handlers_input(
    users, departments, client_for, make_assignment, make_outcome
):
    third = Department.objects.create(name="县交通运输局", leader_in_charge=departments[0].leader_in_charge)
    outcome = make_outcome()
    outcome_services.outcome_forward(
        actor=users["staff"], outcome_id=outcome.pk, lead_department_id=departments[0].pk,
        co_department_ids=[departments[1].pk, third.pk], forwarded_on=timezone.localdate(),
    )
    lead = outcome.assignments.get(role="lead")
    mine = outcome.assignments.get(department=departments[1])
    other = outcome.assignments.get(department=third)
    third_officer = make_user("transport", Role.DEPARTMENT, department=third)
    assignment_services.assignment_submit_input(actor=third_officer, assignment_id=other.pk, text="交通局的意见")
    reply_services.reply_create(actor=users["department"], assignment_id=lead.pk, text="主办答复")

    body = page(client_for(users["department2"]), mine).content.decode()
    assert departments[0].name in body  # the lead department
    assert "交通局的意见" not in body and f'id="cohandler-{other.pk}"' not in body
    reply = lead.replies.get()
    assert reply.get_absolute_url() in body
    assert client_for(users["department2"]).get(reply.get_absolute_url()).status_code == 200


def test_unrelated_department_gets_404_on_the_matter_page(departments, client_for, matter):
    lead, co, reply = matter
    stranger = make_user(
        "stranger", Role.DEPARTMENT,
        department=Department.objects.create(name="县教育局", leader_in_charge=departments[0].leader_in_charge),
    )
    client = client_for(stranger)
    assert page(client, lead).status_code == 404
    assert page(client, co).status_code == 404
    assert client.get(reply.get_absolute_url()).status_code == 404


def test_department_matter_page_shows_the_forwarding_instruction(users, departments, client_for, make_outcome):
    outcome = make_outcome()
    outcome_services.outcome_forward(
        actor=users["staff"], outcome_id=outcome.pk, lead_department_id=departments[0].pk,
        forwarded_on=timezone.localdate(), instruction="请县住建局牵头，认真研究办理",
    )
    lead = outcome.assignments.get()
    assert "请县住建局牵头，认真研究办理" in page(client_for(users["department"]), lead).content.decode()


def test_approval_queue_and_reply_page_show_the_due_date_and_overdue_state(users, client_for, submitted_reply):
    reply = submitted_reply("special", forwarded_on=days_ago(60))
    due = reply.assignment.due_on.isoformat()
    principal = client_for(users["principal_leader"])
    queue = main(principal.get(reverse("outcomes:approval-queue")))
    assert due in queue and "text-bg-danger" in queue  # 60 days ago: more than 10 working days past due
    detail = main(principal.get(reply.get_absolute_url()))
    assert due in detail and "text-bg-danger" in detail


def test_approval_queue_marks_only_the_overdue_rows(users, client_for, submitted_reply):
    reply = submitted_reply("special")  # forwarded today: not due yet
    queue = main(client_for(users["principal_leader"]).get(reverse("outcomes:approval-queue")))
    assert reply.assignment.due_on.isoformat() in queue
    assert "text-bg-danger" not in queue and "text-bg-warning" not in queue


def test_date_fields_open_with_today_in_the_format_a_date_input_reads(users, client_for, make_assignment):
    lead = make_assignment()
    body = main(client_for(users["department"]).get(reverse("outcomes:assignment-detail", args=[lead.pk])))
    assert f'name="held_on" value="{timezone.localdate().isoformat()}"' in body


def test_leaders_home_queue_shows_the_due_date_and_overdue_state(users, submitted_reply):
    from django.template.loader import render_to_string

    from outcomes.selectors import home_context

    reply = submitted_reply("special", forwarded_on=days_ago(60))
    html = render_to_string(
        "outcomes/includes/home_leader.html", {"outcomes_home": home_context(users["principal_leader"])}
    )
    assert reply.assignment.due_on.isoformat() in html and "text-bg-danger" in html


def test_reply_form_shows_the_due_date_and_overdue_state(users, client_for, make_assignment, make_reply):
    lead = make_assignment(forwarded_on=days_ago(60))
    client = client_for(users["department"])
    page = main(client.get(reverse("outcomes:reply-create", args=[lead.pk])))
    assert lead.due_on.isoformat() in page and "text-bg-danger" in page
    reply = make_reply(lead)
    page = main(client.get(reverse("outcomes:reply-edit", args=[reply.pk])))
    assert lead.due_on.isoformat() in page and "text-bg-danger" in page
