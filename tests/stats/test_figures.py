"""The year's figures agree with numbers counted one by one from the objects the services built."""
import pytest
from django.utils import timezone

from outcomes.models import Assignment, Reply, Suggestion, SupervisionCase
from outcomes.selectors import very_overdue_assignments
from research.models import Activity
from stats.selectors import department_figures, topic_report_rows, year_figures
from topics.models import Topic

UNREPLIED = {"assigned", "in_progress", "pending_approval", "returned"}


def first_approval(assignment):
    days = [timezone.localtime(r.approved_at).date() for r in assignment.replies.all() if r.status == "approved"]
    return min(days) if days else None


def expected_timeliness(assignments, today):
    on_time = late = overdue = 0
    for a in assignments:
        approved = first_approval(a)
        if approved is not None and approved <= a.due_on:
            on_time += 1
        elif approved is not None:
            late += 1
        if a.status in UNREPLIED and a.due_on < today:
            overdue += 1
    return on_time, late, overdue


@pytest.mark.django_db
def test_year_figures_match_independent_counts(users, year_of_work):
    year, today = year_of_work["year"], timezone.localdate()
    data = year_figures(year)

    topics = list(Topic.objects.filter(plan__year=year))
    adopted = [t for t in topics if t.status == "adopted"]
    assert data["topics"]["total"] == len(topics) == 6
    assert data["topics"]["adopted"] == len(adopted) == 5
    by_status = {i["key"]: i["count"] for i in data["topics"]["by_status"]}
    assert by_status["rejected"] == sum(1 for t in topics if t.status == "rejected") == 1
    by_source = {i["key"]: i["count"] for i in data["topics"]["by_source"]}
    assert by_source["government"] == sum(1 for t in adopted if t.source == "government")
    assert by_source["party_committee"] == 0  # the only party-committee topic was rejected
    by_domain = {i["key"]: i["count"] for i in data["topics"]["by_domain"]}
    assert by_domain["urban"] == sum(1 for t in adopted if t.domain == "urban")

    activities = list(Activity.objects.all())
    assert data["research"]["groups"] == 1
    assert data["research"]["activities"] == len(activities) == 2
    assert data["research"]["external_visits"] == sum(1 for x in activities if x.kind == "external_visit") == 1

    suggestions = [s for s in Suggestion.objects.select_related("outcome") if s.outcome.status != "draft"]
    adopted_s = [s for s in suggestions if s.adoption_status in ("adopted", "partially_adopted")]
    assert data["suggestions"]["total"] == len(suggestions) == 9  # 2 + 2 + 2 + 3; the draft's 4 are left out
    assert data["suggestions"]["adopted"] == len(adopted_s) == 3
    assert data["suggestions"]["adopted_share"] == round(100 * len(adopted_s) / len(suggestions), 1)
    assert data["outcomes"] == 4

    lead = list(Assignment.objects.filter(role="lead").exclude(status="withdrawn").prefetch_related("replies"))
    on_time, late, overdue = expected_timeliness(lead, today)
    figures = data["assignments"]
    assert (figures["total"], figures["on_time"], figures["late"], figures["overdue"]) == (len(lead), on_time, late, overdue)
    assert (on_time, late, overdue) == (1, 1, 2)
    assert figures["replied"] == 2
    assert figures["co_handling"] == Assignment.objects.filter(role="co").count() == 1
    very = very_overdue_assignments(users["staff"]).filter(role="lead").count()
    assert figures["very_overdue"] == very == 2
    assert figures["on_time_rate"] == round(100 * on_time / (2 + 2), 1)

    evaluations = [r.evaluation for r in Reply.objects.exclude(evaluation="")]
    assert data["satisfaction"]["evaluated"] == len(evaluations) == 2
    assert data["satisfaction"]["satisfied"] == evaluations.count("satisfied") == 1
    assert data["satisfaction"]["basically_satisfied"] == evaluations.count("basically_satisfied") == 1
    assert data["satisfaction"]["unsatisfied"] == 0
    assert data["satisfaction"]["satisfied_share"] == 100.0

    progress = [s.progress for s in suggestions]
    assert data["implementation"]["average_progress"] == round(sum(progress) / len(progress), 1)
    assert data["implementation"]["completed"] == sum(1 for p in progress if p >= 100) == 1

    cases = list(SupervisionCase.objects.all())
    assert data["supervision"] == {
        "total": len(cases), "open": sum(1 for c in cases if c.status == "open"),
        "closed": sum(1 for c in cases if c.status == "closed"),
    }
    assert data["supervision"]["open"] == data["supervision"]["closed"] == 1

    assert data["by_year"] == [{"year": year, "topics_adopted": 5, "external_visits": 1, "suggestions": 9}]


@pytest.mark.django_db
def test_department_figures_rank_by_on_time_rate(users, departments, year_of_work):
    rows = {row["department_id"]: row for row in department_figures(year_of_work["year"])}
    first, second = departments
    assert rows[first.pk]["total"] == 3 and rows[first.pk]["on_time"] == 1 and rows[first.pk]["late"] == 1
    assert rows[first.pk]["overdue"] == 1 and rows[first.pk]["satisfied"] == 1
    assert rows[first.pk]["on_time_rate"] == round(100 / 3, 1)
    assert rows[second.pk]["total"] == 1 and rows[second.pk]["overdue"] == 1 and rows[second.pk]["on_time_rate"] == 0
    ranking = year_figures(year_of_work["year"])["ranking"]
    assert [r["department_id"] for r in ranking] == [first.pk, second.pk]
    assert [r["rank"] for r in ranking] == [1, 2]


@pytest.mark.django_db
def test_department_filter_keeps_its_own_matters(departments, year_of_work):
    data = year_figures(year_of_work["year"], departments[1].pk)
    assert data["department"] == {"id": departments[1].pk, "name": departments[1].name}
    assert data["assignments"]["total"] == 1  # D, its own lead assignment
    assert data["assignments"]["co_handling"] == 1  # C
    assert data["topics"]["adopted"] == 2  # the topics of C and D
    assert data["suggestions"]["total"] == 5  # C's 2 and D's 3
    assert data["supervision"]["open"] == 1 and data["supervision"]["closed"] == 0
    assert data["satisfaction"]["evaluated"] == 0


@pytest.mark.django_db
def test_an_empty_year_has_zeros_and_no_shares(users):
    data = year_figures(1999 + 2)
    assert data["topics"]["total"] == 0 and data["assignments"]["total"] == 0
    assert data["suggestions"]["adopted_share"] is None and data["assignments"]["on_time_rate"] is None
    assert data["implementation"]["average_progress"] is None and data["ranking"] == []


@pytest.mark.django_db
def test_topic_report_rows_summarise_each_topic(year_of_work):
    rows = {row["topic"].pk: row for row in topic_report_rows(year_of_work["year"])}
    a, b = year_of_work["a"], year_of_work["b"]
    row_a, row_b = rows[a.outcome.topic_id], rows[b.outcome.topic_id]
    assert row_a["leader"] == "vice_chair" and row_a["outcomes"] == [a.outcome.title]
    assert row_a["assignments"] == 1 and row_a["on_time"] == 0
    assert row_b["on_time"] == 1 and row_b["implementation"] == 70.0
    assert row_b["evaluations"] == {"满意": 1} or row_b["evaluations"] == {"Satisfied": 1}
