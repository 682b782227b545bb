"""The matter pages use the same number of queries for a matter of 1 row and of 50 (co-handlers, their input and
countersignatures, suggestions, contacts, stances, events): no row costs a query of its own."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Department, User
from directory.roles import Role
from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

from ..conftest import make_user

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def matter(users, departments, make_topic):
    """A forwarded special minutes with `n` suggestions and `n` co-handlers (each sent input and countersigned the
    lead's reply), `n` contacts of the lead, and a supervision case with `n` events."""
    counter = iter(range(10_000))

    def build(n):
        staff, lead_officer = users["staff"], users["department"]
        topic = make_topic("special")
        outcome = outcome_services.outcome_create(
            actor=staff, topic_id=topic.pk, kind="special_minutes", title=f"纪要{topic.pk}", body="正文",
            suggestions=[{"title": f"建议{i}", "content": "内容"} for i in range(n)],
        )
        outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk)
        co_departments, officers = [], {}
        for _ in range(n):
            k = next(counter)
            department = Department.objects.create(name=f"协办局{k}", leader_in_charge=departments[0].leader_in_charge)
            co_departments.append(department)
            officers[department.pk] = make_user(f"co{k}", Role.DEPARTMENT, department=department)
        outcome_services.outcome_forward(
            actor=staff, outcome_id=outcome.pk, lead_department_id=departments[0].pk,
            co_department_ids=[d.pk for d in co_departments], forwarded_on=timezone.localdate(),
            instruction="请认真办理",
        )
        lead = outcome.assignments.get(role="lead")
        for co in outcome.assignments.filter(role="co"):
            assignment_services.assignment_submit_input(
                actor=officers[co.department_id], assignment_id=co.pk, text=f"{co.department}的意见"
            )
        for i in range(n):
            assignment_services.assignment_log_contact(
                actor=lead_officer, assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY, held_on=timezone.localdate(),
                summary=f"协商{i}",
            )
        reply = reply_services.reply_create(
            actor=lead_officer, assignment_id=lead.pk, text="答复",
            stances=[{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in outcome.suggestions.all()],
        )
        for co in outcome.assignments.filter(role="co"):
            reply_services.reply_countersign(actor=officers[co.department_id], reply_id=reply.pk)
        case = supervision_services.case_open(
            actor=staff, outcome_id=outcome.pk, title=f"督办{outcome.pk}", committee_office="城建委"
        )
        for i in range(n):
            supervision_services.case_add_event(
                actor=staff, case_id=case.pk, kind="meeting", happened_on=timezone.localdate(), title=f"会议{i}"
            )
        first_co = outcome.assignments.filter(role="co").first()
        return {"outcome": outcome, "lead": lead, "co": first_co, "co_officer": officers[first_co.department_id],
                "reply": reply, "case": case}

    return build


def measure(users, client_for, m) -> dict:
    def fresh(user):  # a new user object, so the per-object role cache does not skew the counts
        return User.objects.get(pk=user.pk)

    pages = [
        ("staff", "outcome-detail", m["outcome"]),
        ("staff", "assignment-detail", m["lead"]),
        ("department", "assignment-detail", m["lead"]),
        ("co", "assignment-detail", m["co"]),
        ("department", "reply-detail", m["reply"]),
        ("co", "reply-detail", m["reply"]),
        ("department", "reply-edit", m["reply"]),
        ("staff", "case-detail", m["case"]),
    ]
    result = {}
    for role, name, obj in pages:
        user = m["co_officer"] if role == "co" else users[role]
        result[(role, name)] = count(client_for(fresh(user)), reverse(f"outcomes:{name}", args=[obj.pk]))
    return result


def test_matter_pages_query_counts_do_not_grow_with_rows(users, client_for, matter):
    small = measure(users, client_for, matter(1))
    large_matter = matter(50)
    large = measure(users, client_for, large_matter)
    page = client_for(users["department"]).get(reverse("outcomes:assignment-detail", args=[large_matter["lead"].pk]))
    assert page.content.decode().count('id="cohandler-') == 50  # the lead sees all fifty co-handlers
    assert large == small
