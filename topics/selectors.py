"""Reads of plans and topics shared by pages, API, exports and tasks."""
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from directory.roles import COMMITTEE_READERS, has_role

from .models import Plan, Topic, TopicStatus, Track

TOPIC_READER_ROLES = COMMITTEE_READERS


def current_year() -> int:
    return timezone.localdate().year


def topics_for(user) -> QuerySet[Topic]:
    """Every topic a user may see, with what list pages show, in one query."""
    if not has_role(user, *TOPIC_READER_ROLES):
        return Topic.objects.none()
    return Topic.objects.select_related("plan", "committee", "vice_chair", "merged_into")


def plans_for(user) -> QuerySet[Plan]:
    if not has_role(user, *TOPIC_READER_ROLES):
        return Plan.objects.none()
    return Plan.objects.annotate(
        adopted_annual=Count("topics", filter=Q(topics__track=Track.ANNUAL, topics__status=TopicStatus.ADOPTED)),
        adopted_party=Count(
            "topics", filter=Q(topics__track=Track.PARTY_GOVERNMENT, topics__status=TopicStatus.ADOPTED)
        ),
        candidate_count=Count("topics", filter=Q(topics__track=Track.ANNUAL)),
    )


def plan_summary_for_year(year: int) -> dict | None:
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return None
    counts = defaultdict(int)
    for track, status, n in plan.topics.values_list("track", "status").annotate(n=Count("id")):
        counts[(track, status)] = n
    return {
        "plan": plan,
        "annual": {s: counts[(Track.ANNUAL, s)] for s in TopicStatus.values},
        "party": {s: counts[(Track.PARTY_GOVERNMENT, s)] for s in TopicStatus.values},
        "annual_total": sum(counts[(Track.ANNUAL, s)] for s in TopicStatus.values),
    }


def plan_board(plan: Plan) -> dict:
    """The plan as columns: candidates → shortlisted → adopted, plus closed ones, per track."""
    columns = {s: [] for s in TopicStatus.values}
    party = []
    for topic in plan.topics.select_related("committee", "vice_chair").annotate(opinion_count=Count("opinions")):
        if topic.track == Track.PARTY_GOVERNMENT:
            party.append(topic)
        else:
            columns[topic.status].append(topic)
    return {
        "columns": columns,
        "party": party,
        "party_adopted": sum(1 for t in party if t.status == TopicStatus.ADOPTED),
        "annual_adopted": len(columns[TopicStatus.ADOPTED]),
    }


def _bigrams(text: str) -> set[str]:
    chars = [c for c in (text or "") if not c.isspace() and c not in "，。、；：“”‘’（）()《》,.;:!?！？-—"]
    if len(chars) < 2:
        return set(chars)
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient over character bigrams: works for Chinese without a word segmenter."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def similar_topics(title: str, *, exclude_id: int | None = None, limit: int = 5, threshold: float = 0.25) -> list:
    """Earlier topics and candidates that look like `title`, most alike first."""
    if not title or len(title.strip()) < 2:
        return []
    rows = Topic.objects.exclude(pk=exclude_id).values_list("id", "title", "plan__year", "status")
    scored = [
        {"id": pk, "title": t, "year": year, "status": status, "score": round(similarity(title, t), 2)}
        for pk, t, year, status in rows
    ]
    scored = [row for row in scored if row["score"] >= threshold]
    scored.sort(key=lambda row: (-row["score"], -row["year"], row["id"]))
    labels = dict(TopicStatus.choices)
    for row in scored[:limit]:
        row["status_label"] = str(labels.get(row["status"], row["status"]))
    return scored[:limit]


def available_steps(user, topic: Topic) -> set[str]:
    """The steps this user may take on this topic now, as the step table says (topics/steps.py)."""
    from .steps import TOPIC_STEPS

    return set(TOPIC_STEPS.available(user, topic))


def merge_candidates(topic: Topic) -> QuerySet[Topic]:
    """Topics that may be merged into `topic`: same plan and track, still under screening."""
    from .steps import SCREENING

    return (
        Topic.objects.filter(plan_id=topic.plan_id, track=topic.track, status__in=SCREENING)
        .exclude(pk=topic.pk)
        .order_by("id")
    )
