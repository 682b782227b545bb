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


def opinion_summary(topic: Topic) -> list[dict]:
    """The opinions per member activity group (R3, for the vice-chair): support/neutral/oppose counts, each
    opinion (a member's own, one recorded on a member's behalf, or the group's as a whole) counted once."""
    from .models import Stance

    groups: dict[int, dict] = {}
    for opinion in topic.opinions.select_related("member_group", "member").order_by("member_group_id", "id"):
        row = groups.setdefault(opinion.member_group_id, {
            "group": opinion.member_group, "counts": {s: 0 for s in Stance.values}, "comments": [], "total": 0,
        })
        row["counts"][opinion.stance] += 1
        row["total"] += 1
        if opinion.comment:
            row["comments"].append({
                "who": opinion.member.name if opinion.member else "", "stance": opinion.get_stance_display(),
                "text": opinion.comment, "on_behalf": opinion.on_behalf,
            })
    return list(groups.values())


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


# A candidate this alike to a topic already adopted in the same plan is flagged before the standing committee
# adopts it (a near-duplicate should be merged, not adopted twice).
NEAR_DUPLICATE = 0.8


def near_duplicates(plan: Plan, topics, *, among=()) -> dict[int, list[dict]]:
    """For each topic in `topics`: the plan's adopted topics (and the others in `among`, adopted together with it)
    at least NEAR_DUPLICATE alike, most alike first. One query for the plan's adopted titles."""
    adopted = list(plan.topics.filter(status=TopicStatus.ADOPTED).values_list("id", "title"))
    others = [(t.pk, t.title) for t in among]
    result: dict[int, list[dict]] = {}
    for topic in topics:
        rows = []
        for pk, title in dict.fromkeys(adopted + others):
            if pk == topic.pk:
                continue
            score = similarity(topic.title, title)
            if score >= NEAR_DUPLICATE:
                rows.append({"id": pk, "title": title, "score": round(score, 2)})
        if rows:
            rows.sort(key=lambda row: -row["score"])
            result[topic.pk] = rows
    return result


TITLE_WRAPPERS = (("关于", ""), ("", "的建议"), ("", "的意见"), ("", "的提案"), ("", "建议"))


def topic_subject(title: str) -> str:
    """What a topic is about, without the “关于…的建议” its title is wrapped in (so a title built on it does not
    read “关于关于…的建议的建议案”); research reports and outcome documents build their default titles on it."""
    subject = (title or "").strip()
    for prefix, suffix in TITLE_WRAPPERS:
        if prefix and subject.startswith(prefix) and len(subject) > len(prefix):
            subject = subject[len(prefix):]
        if suffix and subject.endswith(suffix) and len(subject) > len(suffix):
            subject = subject[: -len(suffix)]
            break
    return subject
