"""The year's figures, per year and per department, each from a fixed number of aggregate queries.

What the figures count:
- topics: the year's plan; by status (every topic), by source, domain and track (adopted topics);
- research: groups, activities by kind and external visits of the year's topics;
- suggestions: those of the year's outcomes sent out (not drafts); "adopted into decisions" (纳入决策程序)
  means adopted or partially adopted;
- assignments: lead assignments (交办件) of those outcomes, not returned as wrongly sent; co-handling ones are
  counted apart. On time: a reply approved on or before the due date; late: approved after it; overdue and
  very overdue are derived from today (outcomes.selectors), never stored;
- satisfaction: the committee's evaluations of those replies; implementation: the suggestions' progress;
- supervision: cases on the year's outcomes.
With a department, topic-level figures keep the topics assigned to it and matter-level figures its own.
"""
import datetime

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from directory.models import Department
from outcomes.models import (
    UNSENT_OUTCOME_STATES,
    AdoptionStatus,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    Evaluation,
    Outcome,
    Reply,
    ReplyStatus,
    Suggestion,
    SupervisionCase,
)
from outcomes.selectors import UNREPLIED_STATES, with_deadline_flags
from research.models import Activity, ActivityKind, Report, ReportStatus, ResearchGroup
from topics.models import Domain, Plan, Source, Topic, TopicStatus, Track

from . import cache

ADOPTED_INTO_DECISIONS = (AdoptionStatus.ADOPTED, AdoptionStatus.PARTIALLY_ADOPTED)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def percent(part: int, whole: int) -> float | None:
    """A share in per cent with one decimal; None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


def _choices(choices, counts: dict) -> list[dict]:
    return [{"key": key, "label": str(label), "count": counts.get(key, 0)} for key, label in choices]


def available_years() -> list[int]:
    """The years that have a plan, and the current one, newest first."""
    years = set(Plan.objects.values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# The year's objects ------------------------------------------------------------------------------


def _assigned_to(department_id: int, outcome_path: str) -> Exists:
    return Exists(
        Assignment.objects.filter(department_id=department_id, **{outcome_path: OuterRef("pk")}).exclude(
            status=AssignmentStatus.WITHDRAWN
        )
    )


def year_topics(year: int, department_id: int | None = None) -> QuerySet[Topic]:
    qs = Topic.objects.filter(plan__year=year)
    if department_id:
        qs = qs.filter(_assigned_to(department_id, "outcome__topic"))
    return qs


def year_outcomes(year: int, department_id: int | None = None) -> QuerySet[Outcome]:
    """The year's outcome documents sent to the party committee and government (drafts are not counted)."""
    qs = Outcome.objects.filter(topic__plan__year=year).exclude(status__in=UNSENT_OUTCOME_STATES)
    if department_id:
        qs = qs.filter(_assigned_to(department_id, "outcome"))
    return qs


def year_assignments(year: int, department_id: int | None = None, role: str = AssignmentRole.LEAD):
    qs = Assignment.objects.filter(outcome__topic__plan__year=year, role=role).exclude(
        status=AssignmentStatus.WITHDRAWN
    )
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs


def _approved_reply(on_time: bool = False) -> Exists:
    replies = Reply.objects.filter(assignment=OuterRef("pk"), status=ReplyStatus.APPROVED)
    if on_time:
        replies = replies.filter(approved_at__date__lte=OuterRef("due_on"))
    return Exists(replies)


def _timeliness(qs: QuerySet[Assignment], today: datetime.date) -> QuerySet[Assignment]:
    """Annotate is_overdue/is_very_overdue (derived from today), has_reply and has_reply_on_time."""
    return with_deadline_flags(qs, today).annotate(has_reply=_approved_reply(), has_reply_on_time=_approved_reply(True))


TIMELINESS_COUNTS = {
    "total": Count("id"),
    "replied": Count("id", filter=Q(has_reply=True)),
    "on_time": Count("id", filter=Q(has_reply_on_time=True)),
    "late": Count("id", filter=Q(has_reply=True, has_reply_on_time=False)),
    "overdue": Count("id", filter=Q(is_overdue=True)),
    "very_overdue": Count("id", filter=Q(is_very_overdue=True)),
    "overdue_unreplied": Count("id", filter=Q(is_overdue=True, has_reply=False)),
    "open": Count("id", filter=Q(status__in=UNREPLIED_STATES)),
}


def _with_rate(row: dict) -> dict:
    # A matter counts towards the rate once it is answered or its deadline has passed without an answer.
    row["assessed"] = row["replied"] + row["overdue_unreplied"]
    row["on_time_rate"] = percent(row["on_time"], row["assessed"])
    return row


# Figures -----------------------------------------------------------------------------------------


def _topic_figures(year: int, department_id: int | None) -> dict:
    rows = (
        year_topics(year, department_id)
        .values_list("source", "domain", "track", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_status, by_source, by_domain, by_track = {}, {}, {}, {}
    for source, domain, track, status, n in rows:  # at most one row per combination of four choices
        by_status[status] = by_status.get(status, 0) + n
        if status == TopicStatus.ADOPTED:
            by_source[source] = by_source.get(source, 0) + n
            by_domain[domain] = by_domain.get(domain, 0) + n
            by_track[track] = by_track.get(track, 0) + n
    return {
        "total": sum(by_status.values()),
        "adopted": by_status.get(TopicStatus.ADOPTED, 0),
        "by_status": _choices(TopicStatus.choices, by_status),
        "by_source": _choices(Source.choices, by_source),
        "by_domain": _choices(Domain.choices, by_domain),
        "by_track": _choices(Track.choices, by_track),
    }


def _research_figures(year: int, department_id: int | None) -> dict:
    topics = year_topics(year, department_id).values("pk")
    groups = ResearchGroup.objects.filter(topic__in=topics).count()
    by_kind = dict(
        Activity.objects.filter(group__topic__in=topics).values_list("kind").annotate(n=Count("id")).order_by()
    )
    return {
        "groups": groups,
        "activities": sum(by_kind.values()),
        "activities_by_kind": _choices(ActivityKind.choices, by_kind),
        "external_visits": by_kind.get(ActivityKind.EXTERNAL_VISIT, 0),
    }


def _suggestion_figures(year: int, department_id: int | None) -> tuple[dict, dict]:
    totals = Suggestion.objects.filter(outcome__in=year_outcomes(year, department_id).values("pk")).aggregate(
        total=Count("id"),
        adopted=Count("id", filter=Q(adoption_status__in=ADOPTED_INTO_DECISIONS)),
        completed=Count("id", filter=Q(progress__gte=100)),
        average_progress=Avg("progress"),
    )
    average = totals["average_progress"]
    suggestions = {
        "total": totals["total"],
        "adopted": totals["adopted"],
        "adopted_share": percent(totals["adopted"], totals["total"]),
    }
    implementation = {
        "suggestions": totals["total"],
        "average_progress": round(float(average), 1) if average is not None else None,
        "completed": totals["completed"],
        "completed_share": percent(totals["completed"], totals["total"]),
    }
    return suggestions, implementation


def _assignment_figures(year: int, department_id: int | None, today: datetime.date) -> dict:
    row = _timeliness(year_assignments(year, department_id), today).aggregate(**TIMELINESS_COUNTS)
    row["co_handling"] = year_assignments(year, department_id, role=AssignmentRole.CO).count()
    return _with_rate(row)


def _satisfaction_figures(year: int, department_id: int | None) -> dict:
    counts = dict(
        Reply.objects.filter(assignment__in=year_assignments(year, department_id).values("pk"))
        .exclude(evaluation="")
        .values_list("evaluation")
        .annotate(n=Count("id"))
        .order_by()
    )
    evaluated = sum(counts.values())
    satisfied = counts.get(Evaluation.SATISFIED, 0) + counts.get(Evaluation.BASICALLY_SATISFIED, 0)
    return {
        "evaluated": evaluated,
        **{key: counts.get(key, 0) for key in Evaluation.values},
        "by_evaluation": _choices(Evaluation.choices, counts),
        "satisfied_share": percent(satisfied, evaluated),
    }


def _supervision_figures(year: int, department_id: int | None) -> dict:
    counts = SupervisionCase.objects.filter(outcome__in=year_outcomes(year, department_id).values("pk")).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=CaseStatus.OPEN)),
        closed=Count("id", filter=Q(status=CaseStatus.CLOSED)),
    )
    return counts


def figures_by_year(department_id: int | None = None) -> list[dict]:
    """Adopted topics, external visits and suggestions per plan year, oldest first (three grouped queries)."""
    topics = Topic.objects.filter(status=TopicStatus.ADOPTED)
    visits = Activity.objects.filter(kind=ActivityKind.EXTERNAL_VISIT)
    suggestions = Suggestion.objects.exclude(outcome__status__in=UNSENT_OUTCOME_STATES)
    if department_id:
        topics = topics.filter(_assigned_to(department_id, "outcome__topic"))
        visits = visits.filter(group__topic__in=topics.values("pk"))
        suggestions = suggestions.filter(outcome__in=Outcome.objects.filter(_assigned_to(department_id, "outcome")))

    def per_year(qs, path):
        return dict(qs.values_list(path).annotate(n=Count("id")).order_by())

    series = {
        "topics_adopted": per_year(topics, "plan__year"),
        "external_visits": per_year(visits, "group__topic__plan__year"),
        "suggestions": per_year(suggestions, "outcome__topic__plan__year"),
    }
    years = sorted(set().union(*series.values()))
    return [{"year": y, **{name: counts.get(y, 0) for name, counts in series.items()}} for y in years]


def _timeliness_by(year: int, today: datetime.date, *fields: str):
    """TIMELINESS_COUNTS of the year's lead assignments, grouped by `fields` (one query)."""
    return _timeliness(year_assignments(year), today).values(*fields).annotate(**TIMELINESS_COUNTS).order_by()


def _evaluations_by(year: int, field: str) -> dict:
    """{value of `field` on the assignment: {evaluation: n}} for the year's evaluated replies (one query)."""
    evaluations = {}
    for key, evaluation, n in (
        Reply.objects.filter(assignment__in=year_assignments(year).values("pk"))
        .exclude(evaluation="")
        .values_list(f"assignment__{field}", "evaluation")
        .annotate(n=Count("id"))
        .order_by()
    ):
        evaluations.setdefault(key, {})[evaluation] = n
    return evaluations


def department_figures(year: int, today: datetime.date | None = None) -> list[dict]:
    """One row per department with lead assignments in the year, best on-time rate first."""
    today = today or timezone.localdate()
    rows = _timeliness_by(year, today, "department_id", "department__name")
    evaluations = _evaluations_by(year, "department_id")
    result = []
    for row in rows:  # one row per department
        row = _with_rate(dict(row))
        row["department"] = row.pop("department__name")
        counts = evaluations.get(row["department_id"], {})
        row.update({key: counts.get(key, 0) for key in Evaluation.values})
        row["evaluated"] = sum(counts.values())
        result.append(row)
    result.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), -r["total"], r["department"]))
    for rank, row in enumerate(result, start=1):
        row["rank"] = rank
    return result


def year_figures(year: int, department_id: int | None = None, today: datetime.date | None = None) -> dict:
    """Every figure of the year (optionally of one department's matters) as plain JSON-ready data.

    Cached until something they count changes (stats.cache); compute_year_figures computes them.
    """
    return cache.cached(compute_year_figures, year, department_id, today or timezone.localdate())


def compute_year_figures(year: int, department_id: int | None, today: datetime.date) -> dict:
    department = None
    if department_id:
        name = Department.objects.filter(pk=department_id).values_list("name", flat=True).first()
        department = {"id": department_id, "name": name or ""}
    suggestions, implementation = _suggestion_figures(year, department_id)
    return {
        "year": year,
        "department": department,
        "today": today.isoformat(),
        "topics": _topic_figures(year, department_id),
        "research": _research_figures(year, department_id),
        "outcomes": year_outcomes(year, department_id).count(),
        "suggestions": suggestions,
        "assignments": _assignment_figures(year, department_id, today),
        "satisfaction": _satisfaction_figures(year, department_id),
        "implementation": implementation,
        "supervision": _supervision_figures(year, department_id),
        "ranking": department_figures(year, today),
        "by_year": figures_by_year(department_id),
    }


def topic_report_rows(year: int, today: datetime.date | None = None) -> list[dict]:
    """One row per adopted topic of the year for the work report, from a fixed number of queries."""
    today = today or timezone.localdate()
    latest_report = Report.objects.filter(group__topic=OuterRef("pk")).order_by("-version").values("status")[:1]
    topics = (
        Topic.objects.filter(plan__year=year, status=TopicStatus.ADOPTED)
        .select_related("research_group__leader")
        .annotate(report_status=Subquery(latest_report))
        .prefetch_related(
            Prefetch("outcomes", queryset=year_outcomes(year).order_by("id"), to_attr="sent_outcomes")
        )
        .order_by("track", "id")
    )
    timeliness = {row["outcome__topic_id"]: row for row in _timeliness_by(year, today, "outcome__topic_id")}
    evaluations = _evaluations_by(year, "outcome__topic_id")
    progress = dict(
        Suggestion.objects.filter(outcome__in=year_outcomes(year).values("pk"))
        .values_list("outcome__topic_id")
        .annotate(avg=Avg("progress"))
        .order_by()
    )
    report_labels = dict(ReportStatus.choices)
    evaluation_labels = dict(Evaluation.choices)
    rows = []
    for topic in topics:  # the year's adopted topics: a dozen or so
        group = getattr(topic, "research_group", None)
        counts = timeliness.get(topic.pk, {})
        average = progress.get(topic.pk)
        rows.append({
            "topic": topic,
            "leader": group.leader.display_name if group else "",
            "report_status": str(report_labels.get(topic.report_status, "")) if topic.report_status else "",
            "outcomes": [o.title for o in topic.sent_outcomes],
            "assignments": counts.get("total", 0),
            "on_time": counts.get("on_time", 0),
            "evaluations": {
                str(evaluation_labels[key]): n for key, n in evaluations.get(topic.pk, {}).items()
            },
            "implementation": round(float(average), 1) if average is not None else None,
        })
    return rows
