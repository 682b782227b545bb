"""履职档案: a member's yearly record, derived from the events by the points table (R14), never typed.

Each source below reads one kind of record for the whole year in one query, so the record of one member and the
ranking of all members cost the same few queries whatever the number of events."""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directory.models import Member
from topics.models import TopicOpinion

from .models import (
    MeetingKind,
    Participation,
    ParticipationStatus,
    PointsKind,
    PointsRule,
    PublicOpinion,
    PublicOpinionStatus,
    RecordPolicy,
)


@dataclass
class Entry:
    """One item of a record: what happened, the rule that scored it and the points it gave after the cap."""

    kind: str
    date: datetime.date
    object_type: str
    object_id: int
    title: str
    url: str = ""
    points: int = 0
    capped: bool = False

    @property
    def kind_label(self) -> str:
        return str(PointsKind(self.kind).label)


@dataclass
class Record:
    member: Member
    year: int
    entries: list = field(default_factory=list)
    points: int = 0
    below_pass_line: bool = False
    rank: int = 0
    pass_line: int = 0


def _year_bounds(year: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def _local_date(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def _meeting_events(year: int, member_ids, now) -> list[tuple[int, Entry]]:
    start, end = _year_bounds(year)
    rows = Participation.objects.filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end).select_related(
        "meeting")
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    events = []
    for p in rows:
        m = p.meeting
        day = _local_date(m.starts_at)
        base = {"date": day, "object_type": "meeting", "object_id": m.pk, "title": m.title,
                "url": reverse("members:activity-detail", args=[p.pk])}
        if p.attended:
            # A research activity's attendance is the research stage's row (below), not counted twice.
            if m.kind != MeetingKind.RESEARCH_ACTIVITY or not m.activity_id:
                events.append((p.member_id, Entry(kind=PointsKind.MEETING_ATTENDED, **base)))
        elif p.status == ParticipationStatus.LEAVE_GRANTED:
            events.append((p.member_id, Entry(kind=PointsKind.LEAVE, **base)))
        elif m.ends_at < now:
            events.append((p.member_id, Entry(kind=PointsKind.ABSENT, **base)))
        if p.spoke:
            events.append((p.member_id, Entry(kind=PointsKind.SPEECH, **base)))
    return events


def _research_events(year: int, member_ids, now=None) -> list[tuple[int, Entry]]:
    from research.models import Attendance

    rows = Attendance.objects.filter(present=True, activity__held_on__year=year).select_related("activity")
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    return [
        (a.member_id, Entry(kind=PointsKind.RESEARCH_ATTENDED, date=a.activity.held_on, object_type="activity",
                            object_id=a.activity_id, title=a.activity.title))
        for a in rows
    ]


def _opinion_events(year: int, member_ids, now=None) -> list[tuple[int, Entry]]:
    start, end = _year_bounds(year)
    rows = TopicOpinion.objects.filter(member__isnull=False, created_at__gte=start, created_at__lt=end).select_related(
        "topic")
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    return [
        (o.member_id, Entry(kind=PointsKind.OPINION_GIVEN, date=_local_date(o.created_at), object_type="topic",
                            object_id=o.topic_id, title=o.topic.title))
        for o in rows
    ]


ADOPTED_KINDS = {
    "county": PointsKind.PUBLIC_OPINION_COUNTY,
    "city": PointsKind.PUBLIC_OPINION_CITY,
    "province": PointsKind.PUBLIC_OPINION_PROVINCE,
    "national": PointsKind.PUBLIC_OPINION_NATIONAL,
}


def _public_opinion_events(year: int, member_ids, now=None) -> list[tuple[int, Entry]]:
    start, end = _year_bounds(year)
    rows = PublicOpinion.objects.filter(
        Q(submitted_at__gte=start, submitted_at__lt=end) | Q(adopted_on__year=year)
    ).exclude(status=PublicOpinionStatus.DRAFT)
    if member_ids is not None:
        rows = rows.filter(author_id__in=member_ids)
    events = []
    for o in rows:
        base = {"object_type": "public_opinion", "object_id": o.pk, "title": o.title, "url": o.get_absolute_url()}
        if o.submitted_at and start <= o.submitted_at < end:
            events.append((o.author_id, Entry(kind=PointsKind.PUBLIC_OPINION_SUBMITTED,
                                              date=_local_date(o.submitted_at), **base)))
        if o.status == PublicOpinionStatus.ADOPTED and o.adopted_on and o.adopted_on.year == year:
            events.append((o.author_id, Entry(kind=ADOPTED_KINDS[o.adopted_level], date=o.adopted_on, **base)))
    return events


# Where the events come from, each `source(year, member_ids or None for all, now)`. A later stage (proposals)
# adds its own source here.
SOURCES = [_meeting_events, _research_events, _opinion_events, _public_opinion_events]


def _score(entries: list[Entry], rules: dict[str, PointsRule]) -> int:
    """Points per the rules, in date order; a kind stops earning once its yearly cap is reached."""
    earned: dict[str, int] = defaultdict(int)
    total = 0
    for entry in sorted(entries, key=lambda e: (e.date, e.kind, e.object_id)):
        rule = rules.get(entry.kind)
        points = rule.points if rule else 0
        if rule and rule.yearly_cap is not None and points > 0:
            room = max(rule.yearly_cap - earned[entry.kind], 0)
            if points > room:
                points, entry.capped = room, True
        entry.points = points
        earned[entry.kind] += points
        total += points
    return total


def records_for_year(year: int, members=None) -> list[Record]:
    """The records of `members` (default: every active member) for `year`, ranked by points."""
    members = list(members) if members is not None else list(
        Member.objects.filter(is_active=True).select_related("group", "sector").order_by("id"))
    member_ids = None if len(members) > 50 else [m.pk for m in members]
    rules = {r.kind: r for r in PointsRule.objects.all()}
    pass_line = RecordPolicy.current().pass_line
    now = timezone.now()
    by_member: dict[int, list[Entry]] = defaultdict(list)
    for source in SOURCES:
        for member_id, entry in source(year, member_ids, now):
            by_member[member_id].append(entry)
    records = []
    for member in members:
        entries = by_member.get(member.pk, [])
        points = _score(entries, rules)
        entries.sort(key=lambda e: (e.date, e.kind, e.object_id), reverse=True)
        records.append(Record(member=member, year=year, entries=entries, points=points,
                              below_pass_line=points < pass_line, pass_line=pass_line))
    records.sort(key=lambda r: (-r.points, r.member.pk))
    for rank, record in enumerate(records, start=1):
        record.rank = rank
    return records


def record_for(member: Member, year: int) -> Record:
    return records_for_year(year, [member])[0]


def attendance_rates(year: int, members) -> dict[int, dict]:
    """Attendance per member for the meetings they were expected at (ended ones), from the participation rows."""
    start, end = _year_bounds(year)
    now = timezone.now()
    rows = Participation.objects.filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end,
                                        meeting__ends_at__lt=now, member__in=members).values_list(
        "member_id", "attended", "status")
    totals: dict[int, dict] = defaultdict(lambda: {"expected": 0, "attended": 0, "leave": 0})
    for member_id, attended, status in rows:
        row = totals[member_id]
        row["expected"] += 1
        row["attended"] += bool(attended)
        row["leave"] += status == ParticipationStatus.LEAVE_GRANTED and not attended
    for row in totals.values():
        row["rate"] = round(100 * row["attended"] / row["expected"]) if row["expected"] else None
    return totals
