"""Generate a county decade of plausible data for benchmarks (not a demo, not a test fixture).

`manage.py generate_bench_data --years 10 --seed 1` builds, per year: a plan, ~30 topics, ~10 research groups
with activities and reports, ~60 outcomes with ~300 suggestions and ~600 assignments (replies, approvals,
evaluations, contacts), ~6,000 notifications, ~100 members' proposals (submitted, accepted, not accepted, merged;
the `member` login's among them); plus ~200 departments and the demo logins (directory.demo.seed).
Rows go in with bulk_create and consistent states; the same seed gives the same data. Refused in production.
"""
import contextlib
import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directory import demo as directory_demo
from directory.models import Department, Member, RoleGrant, User
from directory.roles import Role
from members.demo import MEMBER_LOGINS
from notifications.models import Notification
from outcomes.models import (
    ApprovalLevel,
    Assignment,
    AssignmentRequest,
    Contact,
    Countersignature,
    Evaluation,
    Matter,
    Outcome,
    Reply,
    ReplyStance,
    Suggestion,
    SupervisionCase,
    SupervisionEvent,
)
from outcomes.services.replies import APPROVAL_BY_CONSULTATION
from proposals.models import CoSigner, Proposal, RejectionReason
from research.models import (
    Activity,
    Attendance,
    GroupMembership,
    Milestone,
    Report,
    ReportSuggestion,
    ResearchGroup,
    VisitFinding,
)
from topics.models import Plan, Topic
from workdays.services import add_working_days, working_calendar

from . import _bench_words as W

N_DEPARTMENTS = 200
N_MEMBERS = 200
TOPICS_PER_YEAR = 30
OUTCOMES_PER_TOPIC = 5
SUGGESTIONS_PER_OUTCOME = 5
ASSIGNMENTS_PER_OUTCOME = 10
NOTIFICATIONS_PER_YEAR = 6000
PROPOSALS_PER_YEAR = 100
# The member logins' own proposals per year (the rest: other members); `member` lists ~60 of their own in a decade.
OWN_PROPOSALS = {"member": 6, "member2": 4}
COLLECTIVE_BODIES = ("民革成武县委员会", "民盟成武县委员会", "民建成武县支部", "九三学社成武县支社", "县工商联",
                     "县政协农业和农村委员会")
PROPOSAL_CATEGORY = {"industry": "economy", "agriculture": "economy", "services": "economy", "urban": "ecology",
                     "livelihood": "society"}
# The `department` login (县住房和城乡建设局) handles many urban matters: a realistic, larger share.
HEAVY_DEPARTMENT = "县住房和城乡建设局"
ACTIVITY_LABELS = {"expert_lecture": "专家讲座", "collective_study": "集体学习", "frontline_visit": "一线调研",
                   "external_visit": "外出考察"}


@contextlib.contextmanager
def explicit_timestamps(*models):
    """bulk_create overwrites auto_now(_add) fields; switch them off so history keeps its own dates."""
    patched = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                patched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
                field.bench_timestamp = True
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in patched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
            del field.bench_timestamp


class Builder:
    """Builds the rows year by year; every random choice comes from one seeded generator."""

    def __init__(self, *, years: int, seed: int, today: datetime.date, stdout):
        self.rng = random.Random(seed)
        self.years = years
        self.today = today
        self.stdout = stdout
        self.first_year = today.year - years + 1
        self.calendar = working_calendar(start=datetime.date(self.first_year, 1, 1), end=today + datetime.timedelta(days=120))
        self.counts = {}
        self.anchor = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
        # Proposals draw from their own generator, so adding them left every other table of a seed as it was.
        self.proposal_rng = random.Random(f"proposals-{seed}")

    # helpers ------------------------------------------------------------------------------------
    def at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 17) if hour is None else hour
        naive = datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)))
        return timezone.make_aware(naive)

    def clip(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)

    def bulk(self, model, objs):
        objs = list(objs)
        auto = [f.attname for f in model._meta.concrete_fields if getattr(f, "bench_timestamp", False)]
        for obj in objs:
            for name in auto:  # an unset timestamp takes the row's creation time
                if getattr(obj, name) is None:
                    setattr(obj, name, getattr(obj, "created_at", None) or self.anchor)
        created = model.objects.bulk_create(objs, batch_size=2000)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(created)
        return created

    def person(self) -> str:
        return self.rng.choice(W.SURNAMES) + "".join(self.rng.choices(W.GIVEN, k=self.rng.choice((1, 2))))

    def paragraph(self, subject: str, n: int = 3) -> str:
        measures = self.rng.sample(W.MEASURES, n)
        return f"围绕{subject}，" + "；".join(measures) + "。"

    # directory ----------------------------------------------------------------------------------
    def directory(self, password: str):
        directory_demo.seed(password=password)
        self.people = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in directory_demo.PEOPLE])}
        for username, name in MEMBER_LOGINS:  # the member logins' records, as the demo links them (their home)
            Member.objects.filter(name=name, user__isnull=True).update(user=self.people[username])
        base_dt = self.at(datetime.date(self.first_year, 1, 2), 9)
        extra_leaders = []
        for i, (name, title) in enumerate([("赵国华", "副县长"), ("钱永明", "副县长"), ("郑红艳", "副县长")]):
            extra_leaders.append(User(username=f"bench_leader_{i + 1}", full_name=name, title=title, password="!"))
        extra_leaders = self.bulk(User, extra_leaders)
        self.bulk(RoleGrant, [RoleGrant(user=u, role=Role.LEADER_IN_CHARGE) for u in extra_leaders])
        leaders = [self.people["leader_in_charge"], self.people["leader_wang"], self.people["leader_liu"], *extra_leaders]
        names = list(W.BUREAUS) + [f"{t}{o}" for t in W.TOWNSHIPS for o in W.TOWNSHIP_OFFICES]
        existing = set(Department.objects.values_list("name", flat=True))
        names = [n for n in names if n not in existing][: N_DEPARTMENTS - len(existing)]
        new_departments = self.bulk(
            Department, [Department(name=n, leader_in_charge=leaders[i % len(leaders)]) for i, n in enumerate(names)]
        )
        officers = self.bulk(
            User,
            [
                User(username=f"bench_dept_{i + 1}", full_name=self.person(), title=f"{d.name}办公室主任",
                     department=d, password="!", date_joined=base_dt)
                for i, d in enumerate(new_departments)
            ],
        )
        self.bulk(RoleGrant, [RoleGrant(user=u, role=Role.DEPARTMENT) for u in officers])
        self.departments = list(Department.objects.select_related("leader_in_charge").order_by("id"))
        demo_names = {name for name, _leader in directory_demo.DEPARTMENTS}
        self.department_weights = [
            12 if d.name == HEAVY_DEPARTMENT else 4 if d.name in demo_names else 1 for d in self.departments
        ]
        self.officer_of = {}
        for user in User.objects.filter(department__isnull=False).order_by("id"):
            self.officer_of.setdefault(user.department_id, user)
        self.vice_chairs = [self.people[n] for n in ("vice_chair", "vice_chair_zhou", "vice_chair_ma")]
        have = Member.objects.count()
        self.bulk(
            Member,
            [
                Member(name=self.person(), employer=f"{self.rng.choice(W.PLACES + W.BUREAUS)}（{i + 1}）",
                       expertise=self.rng.choice(list(W.SUBJECTS))) for i in range(max(0, N_MEMBERS - have))
            ],
        )
        self.members = list(Member.objects.order_by("id"))

    def pick_departments(self, k: int) -> list:
        chosen, seen = [], set()
        while len(chosen) < k:
            d = self.rng.choices(self.departments, weights=self.department_weights)[0]
            if d.pk not in seen:
                seen.add(d.pk)
                chosen.append(d)
        return chosen

    # one year -----------------------------------------------------------------------------------
    def year(self, year: int):
        staff = self.people["staff"]
        current = year == self.today.year
        adopted_on = datetime.date(year, 3, 10)
        plan = self.bulk(
            Plan,
            [Plan(year=year, title=f"政协成武县委员会{year}年度协商计划", status="adopted", adopted_on=adopted_on,
                  adopted_by=staff, created_at=self.at(datetime.date(year - 1, 12, 1)))],
        )[0]
        topic_rows = []
        for i in range(TOPICS_PER_YEAR):
            party = i < 2
            domain = self.rng.choice(list(W.SUBJECTS))
            subject = self.rng.choice(W.PARTY_SUBJECTS) if party else self.rng.choice(W.SUBJECTS[domain])
            if party:
                status, source, track, ctype = "adopted", ("party_committee", "government")[i], "party_government", "special"
            elif i < 12:
                status, source, track = "adopted", "special_committee", "annual"
                ctype = self.rng.choice(("counterpart", "counterpart", "sector", "proposal"))
            else:
                status = "candidate" if current and i >= 27 else self.rng.choice(("rejected", "rejected", "rejected", "merged"))
                source, track, ctype = "special_committee", "annual", self.rng.choice(("counterpart", "sector", "proposal"))
            created = self.at(datetime.date(year - 1, 11, 1) + datetime.timedelta(days=self.rng.randint(0, 90)))
            topic_rows.append(
                Topic(
                    plan=plan, title=f"关于{self.rng.choice(W.VERBS)}{subject}的建议", source=source, track=track,
                    origin="party_government" if party else self.rng.choice(
                        ("member_proposal", "public_opinion", "member_symposium", "plenary", "government_report")),
                    domain=domain, consultation_type=ctype, vice_chair=self.rng.choice(self.vice_chairs),
                    rationale=self.paragraph(subject, 2), status=status,
                    shortlisted_on=datetime.date(year, 2, 20) if status in ("adopted",) and not party else None,
                    adopted_on=adopted_on if status == "adopted" else None,
                    rejection_reason="与往年课题重复，建议纳入部门日常工作。" if status == "rejected" else "",
                    created_by=staff, created_at=created, updated_at=created,
                )
            )
        topics = self.bulk(Topic, topic_rows)
        adopted = [t for t in topics if t.status == "adopted"]
        merged = [t for t in topics if t.status == "merged"]
        for t in merged:
            t.merged_into = self.rng.choice(adopted[2:])
        Topic.objects.bulk_update(merged, ["merged_into"])
        reports = self.research(year, [t for t in adopted if t.track == "annual"])
        self.outcomes(year, adopted, reports)
        self.notifications(year)
        self.proposals(year)

    def research(self, year: int, topics: list) -> dict:
        formed = datetime.date(year, 3, 20)
        groups = self.bulk(
            ResearchGroup,
            [
                ResearchGroup(topic=t, leader=t.vice_chair, formed_on=formed, created_by=self.people["staff"],
                              status="closed" if year < self.today.year else self.rng.choice(
                                  ("researching", "reporting", "approved", "approved")),
                              created_at=self.at(formed))
                for t in topics
            ],
        )
        memberships, milestones, activities = [], [], []
        for g in groups:
            for m in self.rng.sample(self.members, 6):
                memberships.append(GroupMembership(group=g, member=m, responsibility="调研组成员", joined_on=formed))
            for kind, title, month in (
                [("study_done", "集体学习完成", 4), ("field_research_done", "实地调研完成", 6),
                 ("report_draft", "形成调研报告初稿", 8), ("report_approved", "调研报告审定", 9)]
            ):
                due = datetime.date(year, month, 15)
                milestones.append(Milestone(group=g, kind=kind, title=title, due_on=due, owner=g.leader,
                                            done_on=due if due < self.today - datetime.timedelta(days=20) else None))
            plan = [("expert_lecture", 4), ("collective_study", 4), ("frontline_visit", 5), ("frontline_visit", 6)]
            if self.rng.random() < 0.4:
                plan.append(("external_visit", 6))
            for kind, month in plan:
                held = datetime.date(year, month, self.rng.randint(1, 28))
                if held > self.today:
                    continue
                subject = str(g.topic.title)
                activities.append(
                    Activity(group=g, kind=kind, held_on=held, title=f"{ACTIVITY_LABELS[kind]}：{subject[:40]}",
                             place=self.rng.choice(W.PLACES), content=self.paragraph(subject, 2),
                             destination=self.rng.choice(W.DESTINATIONS) if kind == "external_visit" else "",
                             hosts="县政协" if kind != "expert_lecture" else f"{self.person()}教授",
                             created_by=g.leader, created_at=self.at(held))
                )
        self.bulk(GroupMembership, memberships)
        self.bulk(Milestone, milestones)
        activities = self.bulk(Activity, activities)
        by_group = {}
        for m in memberships:
            by_group.setdefault(m.group_id, []).append(m.member)
        self.bulk(Attendance, [Attendance(activity=a, member=m, present=self.rng.random() < 0.9)
                               for a in activities for m in by_group[a.group_id]])
        findings = self.bulk(
            VisitFinding,
            [VisitFinding(activity=a, title=f"{a.destination}的做法{k + 1}", description=self.paragraph(a.destination, 1))
             for a in activities if a.kind == "external_visit" for k in range(2)],
        )
        approved_reports = {}
        report_rows = []
        for g in groups:
            if g.status == "researching":
                continue
            reviewed = datetime.date(year, 9, 10)
            returned = self.rng.random() < 0.3
            versions = [("returned", 1), ("approved", 2)] if returned else [("approved", 1)]
            if g.status == "reporting":
                versions = [("submitted", 1)]
            for status, version in versions:
                report_rows.append(
                    (g, Report(group=g, version=version, status=status, title=f"{g.topic.title}调研报告",
                               body=self.paragraph(str(g.topic.title), 4),
                               submitted_at=self.at(self.clip(reviewed - datetime.timedelta(days=10))),
                               reviewed_at=self.at(self.clip(reviewed)) if status != "submitted" else None,
                               reviewer=g.leader if status != "submitted" else None,
                               review_comments="请补充外地经验做法。" if status == "returned" else "",
                               created_by=g.leader, created_at=self.at(self.clip(reviewed - datetime.timedelta(days=30)))))
                )
        reports = self.bulk(Report, [r for _g, r in report_rows])
        previous = {}
        for report in reports:
            if report.version == 2:
                report.previous = previous[report.group_id]
            previous[report.group_id] = report
            if report.status == "approved":
                approved_reports[report.group.topic_id] = report
        Report.objects.bulk_update([r for r in reports if r.version == 2], ["previous"])
        finding_by_group = {}
        for f in findings:
            finding_by_group.setdefault(f.activity.group_id, []).append(f)
        self.bulk(
            ReportSuggestion,
            [
                ReportSuggestion(report=r, number=n + 1, title=self.rng.choice(W.MEASURES)[:20],
                                 content=self.paragraph(str(r.title), 2),
                                 finding=self.rng.choice(finding_by_group[r.group_id]) if finding_by_group.get(r.group_id) and n == 0 else None,
                                 score_scientific=self.rng.randint(3, 5), score_forward_looking=self.rng.randint(3, 5),
                                 score_feasible=self.rng.randint(3, 5))
                for r in reports for n in range(SUGGESTIONS_PER_OUTCOME)
            ],
        )
        return approved_reports

    def outcomes(self, year: int, topics: list, reports: dict):
        staff, rng = self.people["staff"], self.rng
        current = year == self.today.year
        outcome_rows = []
        for t in topics:
            for k in range(OUTCOMES_PER_TOPIC):
                kind = rng.choice(("special_minutes", "recommendation")) if t.track == "party_government" else rng.choice(
                    ("work_minutes", "work_minutes", "meeting_minutes"))
                forwarded = datetime.date(year, 4, 1) + datetime.timedelta(days=rng.randint(0, 200))
                if forwarded > self.today - datetime.timedelta(days=3):
                    forwarded = None
                status = "forwarded" if forwarded else rng.choice(("draft", "submitted"))
                outcome_rows.append(
                    Outcome(topic=t, report=reports.get(t.pk), kind=kind, consultation_type=t.consultation_type,
                            title=f"关于{str(t.title).removeprefix('关于').removesuffix('的建议')}的{('纪要', '意见建议', '协商纪要', '建议案', '工作纪要')[k]}",
                            document_number=f"成政协纪〔{year}〕{len(outcome_rows) + 1}号", status=status,
                            body=self.paragraph(str(t.title), 3),
                            submitted_on=forwarded - datetime.timedelta(days=7) if forwarded else None,
                            forwarded_on=forwarded, forwarded_by_note="请认真研究办理，按期答复。" if forwarded else "",
                            created_by=staff,
                            created_at=self.at((forwarded or self.today) - datetime.timedelta(days=14)))
                )
        outcomes = self.bulk(Outcome, outcome_rows)
        suggestions = self.bulk(
            Suggestion,
            [Suggestion(outcome=o, number=n + 1, title=rng.choice(W.MEASURES)[:30], content=self.paragraph(o.title, 2))
             for o in outcomes for n in range(SUGGESTIONS_PER_OUTCOME)],
        )
        by_outcome = {}
        for s in suggestions:
            by_outcome.setdefault(s.outcome_id, []).append(s)
        assignments, closed_outcomes = [], []
        matters = {m.owner_id: m for m in self.bulk(Matter, [
            Matter(owner_kind="outcome", owner_id=o.pk, title=o.title, policy_kind=o.kind, topic_id=o.topic_id,
                   created_at=self.at(o.forwarded_on))
            for o in outcomes if o.forwarded_on
        ])}
        for o in outcomes:
            if not o.forwarded_on:
                continue
            age = (self.today - o.forwarded_on).days
            lead_status = self.lead_status(year, age, current)
            for i, d in enumerate(self.pick_departments(ASSIGNMENTS_PER_OUTCOME)):
                lead = i == 0
                days = 20 if lead else 10
                due = add_working_days(o.forwarded_on, days, calendar=self.calendar)
                status = lead_status if lead else self.co_status(lead_status)
                a = Assignment(matter=matters[o.pk], outcome=o, department=d, role="lead" if lead else "co", status=status,
                               forwarded_on=o.forwarded_on, working_days=days, due_on=due,
                               created_at=self.at(o.forwarded_on))
                if status == "returned":  # handled again with a new due date after the unsatisfied evaluation
                    a.due_on = add_working_days(self.clip(due + datetime.timedelta(days=40)), 15, calendar=self.calendar)
                if not lead and status != "assigned":
                    a.input_text = self.paragraph(d.name, 1)
                    a.input_submitted_at = self.at(self.clip(due))
                if status == "closed":
                    a.closed_on = self.clip(due + datetime.timedelta(days=rng.randint(60, 200)))
                a.updated_at = self.at(self.clip(due))
                assignments.append(a)
            if all(a.status == "closed" for a in assignments[-ASSIGNMENTS_PER_OUTCOME:]):
                o.status, o.closed_on = "closed", max(a.closed_on for a in assignments[-ASSIGNMENTS_PER_OUTCOME:])
                closed_outcomes.append(o)
        Outcome.objects.bulk_update(closed_outcomes, ["status", "closed_on"])
        assignments = self.bulk(Assignment, assignments)
        self.handling(assignments, by_outcome)

    def lead_status(self, year: int, age: int, current: bool) -> str:
        r = self.rng.random()
        if current or age < 200:
            if age < 10:
                return "assigned" if r < 0.5 else "in_progress"
            return ("in_progress", "in_progress", "pending_approval", "replied", "replied", "accepted", "returned",
                    "closed")[int(r * 8)]
        if year == self.today.year - 1:
            return "closed" if r < 0.8 else "accepted" if r < 0.96 else "in_progress"
        return "closed" if r < 0.98 else "accepted"

    def co_status(self, lead_status: str) -> str:
        if lead_status in ("assigned",):
            return "assigned"
        if lead_status in ("in_progress", "returned"):
            return self.rng.choice(("assigned", "in_progress", "in_progress"))
        if lead_status == "closed":
            return "closed"
        return "replied"

    def handling(self, assignments: list, by_outcome: dict):
        rng, staff = self.rng, self.people["staff"]
        contacts, requests, replies = [], [], []
        for a in assignments:
            officer = self.officer_of.get(a.department_id, staff)
            steps = ["before_handling"] if a.status != "assigned" else []
            if a.role == "lead" and a.status not in ("assigned", "in_progress"):
                steps += ["during_handling", "before_reply"]
            for k, kind in enumerate(steps):
                contacts.append(Contact(assignment=a, kind=kind, held_on=self.clip(a.forwarded_on + datetime.timedelta(days=3 + 7 * k)),
                                        method=rng.choice(("座谈会", "电话沟通", "现场查看")), participants=f"{a.department.name}、县政协",
                                        summary=self.paragraph(a.department.name, 1), recorded_by=officer,
                                        created_at=self.at(self.clip(a.forwarded_on + datetime.timedelta(days=3 + 7 * k)))))
            if rng.random() < 0.03 and a.status != "withdrawn":
                pending = a.status in ("assigned", "in_progress") and rng.random() < 0.5
                requests.append(AssignmentRequest(
                    assignment=a, kind="extension", reason="涉及多部门协调，需延期办理。", extra_working_days=10,
                    status="pending" if pending else "granted", requested_by=officer,
                    requested_at=self.at(self.clip(a.forwarded_on + datetime.timedelta(days=10))),
                    decided_by=None if pending else staff,
                    decided_at=None if pending else self.at(self.clip(a.forwarded_on + datetime.timedelta(days=12))),
                    previous_due_on=None if pending else a.due_on, new_due_on=None if pending else a.due_on))
            if a.role != "lead" or a.status == "assigned":
                continue
            if a.status == "in_progress":
                if rng.random() < 0.3:
                    replies.append(self.reply(a, officer, "draft"))
                continue
            replies.append(self.reply(a, officer, "pending_approval" if a.status == "pending_approval" else "approved"))
        self.bulk(Contact, contacts)
        self.bulk(AssignmentRequest, requests)
        replies = self.bulk(Reply, replies)
        stances, signatures, approved_stance = [], [], {}
        co_by_outcome = {}
        for a in assignments:
            if a.role == "co":
                co_by_outcome.setdefault(a.outcome_id, []).append(a)
        for r in replies:
            outcome_id = r.assignment.outcome_id
            for s in by_outcome[outcome_id]:
                stance = rng.choice(("adopted", "adopted", "adopted", "partially_adopted", "already_done", "not_adopted"))
                stances.append(ReplyStance(reply=r, suggestion=s, stance=stance,
                                           reason="受财力所限，暂缓实施。" if stance == "not_adopted" else "已列入年度重点工作。"))
                if r.status == "approved":
                    approved_stance[s.pk] = (stance, r.assignment.status)
            if r.status != "draft":
                for co in co_by_outcome.get(outcome_id, []):
                    signatures.append(Countersignature(reply=r, assignment=co, signed_by=self.officer_of.get(co.department_id, staff),
                                                       note="同意", signed_at=r.submitted_at))
        self.bulk(ReplyStance, stances)
        self.bulk(Countersignature, signatures)
        changed = []
        for suggestions in by_outcome.values():
            for s in suggestions:
                if s.pk not in approved_stance:
                    continue
                stance, status = approved_stance[s.pk]
                s.adoption_status = stance
                s.explanation = "已列入年度重点工作。"
                s.progress = 100 if stance == "already_done" or status == "closed" else rng.choice((20, 40, 60, 80))
                changed.append(s)
        Suggestion.objects.bulk_update(changed, ["adoption_status", "explanation", "progress"], batch_size=2000)
        self.supervision(assignments)

    def reply(self, a: Assignment, officer, status: str) -> Reply:
        level = APPROVAL_BY_CONSULTATION[a.outcome.consultation_type]
        approver = a.department.leader_in_charge if level == ApprovalLevel.LEADER_IN_CHARGE else None
        submitted = self.clip(a.due_on - datetime.timedelta(days=self.rng.randint(-10, 10)))
        r = Reply(assignment=a, version=1, status=status, document_number=f"{a.department.name[:4]}函〔{a.forwarded_on.year}〕{a.pk}号",
                  text=self.paragraph(a.outcome.title, 3), file="replies/bench/reply.pdf", file_name="答复函.pdf",
                  file_type="application/pdf", file_size=1024,
                  created_by=officer, created_at=self.at(self.clip(a.forwarded_on + datetime.timedelta(days=14))))
        r.updated_at = r.created_at
        if status == "draft":
            return r
        r.approval_level, r.approver, r.submitted_at = level, approver, self.at(submitted)
        if status == "approved":
            approved_on = self.clip(submitted + datetime.timedelta(days=3))
            r.approved_at, r.approved_by = self.at(approved_on), approver or self.people["principal_leader"]
            r.approval_comments = "同意。"
            if a.status in ("accepted", "closed", "returned"):
                r.evaluation = "unsatisfied" if a.status == "returned" else self.rng.choice(
                    (Evaluation.SATISFIED, Evaluation.SATISFIED, Evaluation.SATISFIED, Evaluation.BASICALLY_SATISFIED))
                r.evaluated_at, r.evaluated_by = self.at(self.clip(approved_on + datetime.timedelta(days=7))), self.people["staff"]
                r.evaluation_comments = "答复具体，措施可行。" if r.evaluation != "unsatisfied" else "措施不具体，请重新办理。"
        return r

    def supervision(self, assignments: list):
        staff, supervisor = self.people["staff"], self.people["supervisor"]
        leads = [a for a in assignments if a.role == "lead" and a.status in ("accepted", "returned", "in_progress")]
        cases = []
        for a in self.rng.sample(leads, min(len(leads), 5)):
            opened = self.clip(a.due_on + datetime.timedelta(days=20))
            done = opened < self.today - datetime.timedelta(days=400)  # followed across years, then closed (R10)
            cases.append(SupervisionCase(matter=a.matter, outcome=a.outcome, title=f"督办：{a.outcome.title}"[:200], committee_office="提案委员会",
                                         committee_owner=staff, supervision_owner=supervisor, status="closed" if done else "open",
                                         opened_on=opened, closed_on=opened + datetime.timedelta(days=380) if done else None,
                                         result="县长办公会议研究部署，已落实。" if done else "", created_at=self.at(opened)))
        cases = self.bulk(SupervisionCase, cases)
        self.bulk(SupervisionEvent, [
            SupervisionEvent(case=c, kind=kind, happened_on=self.clip(c.opened_on + datetime.timedelta(days=30 * (k + 1))),
                             title=title, recorded_by=staff, created_at=self.at(self.clip(c.opened_on + datetime.timedelta(days=30 * (k + 1)))))
            for c in cases for k, (kind, title) in enumerate((("meeting", "召开协调推进会"), ("site_check", "现场督查")))
        ])

    def proposals(self, year: int):
        """The year's members' proposals: plenary ones in January and February, the rest between sessions until
        November; each reviewed 1–4 weeks after submission (those not yet reviewed stay submitted): most accepted
        (numbered in review order, most of them published), some not accepted, some merged into an accepted one.
        Joint ones have 2–4 confirmed co-signers; no drafts, none forwarded."""
        rng, staff = self.proposal_rng, self.people["staff"]
        own = {username: Member.objects.filter(user=self.people[username]).first() for username in OWN_PROPOSALS}
        proposers = [member for username, member in own.items() if member for _ in range(OWN_PROPOSALS[username])]
        others = [m for m in self.members if m not in own.values()]
        proposers += [rng.choice(others) for _ in range(PROPOSALS_PER_YEAR - len(proposers))]
        rng.shuffle(proposers)
        reasons = list(RejectionReason.objects.filter(is_active=True).order_by("order", "id"))
        key_leaders = [self.people["leader_in_charge"], self.people["leader_wang"], self.people["principal_leader"]]

        def moment(day, hour=None):
            hour = rng.randint(8, 17) if hour is None else hour
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59))))

        last_day = min(datetime.date(year, 11, 30), self.today)
        rows, cosigners, departments = [], [], []
        for proposer in proposers:
            plenary = rng.random() < 0.6
            first = datetime.date(year, 1, 5) if plenary else datetime.date(year, 3, 1)
            end = min(datetime.date(year, 2, 20) if plenary else last_day, self.today)
            if end < first:
                continue
            submitted = first + datetime.timedelta(days=rng.randint(0, (end - first).days))
            domain = rng.choice(list(W.SUBJECTS))
            subject = rng.choice(W.SUBJECTS[domain])
            r = rng.random()
            kind = "individual" if r < 0.7 else "joint" if r < 0.9 else "collective"
            created = moment(submitted - datetime.timedelta(days=rng.randint(1, 10)))
            p = Proposal(
                year=year, title=f"关于{rng.choice(W.VERBS)}{subject}的建议", kind=kind,
                collective_body=rng.choice(COLLECTIVE_BODIES) if kind == "collective" else "",
                session="plenary" if plenary else "between", proposer=proposer, status="submitted",
                analysis=f"{subject}方面，" + "；".join(rng.sample(W.MEASURES, 2)) + "等工作仍有差距。",
                suggestions="；".join(rng.sample(W.MEASURES, 3)) + "。",
                submitted_at=moment(submitted), created_by_id=proposer.user_id or staff.pk, created_at=created,
            )
            reviewed = submitted + datetime.timedelta(days=rng.randint(7, 28))
            if reviewed < self.today:
                r = rng.random()
                p.status = "accepted" if r < 0.8 else "rejected" if r < 0.88 else "merged"
                p.reviewed_by, p.reviewed_at = staff, moment(reviewed)
                if p.status == "accepted":
                    p.category = PROPOSAL_CATEGORY[domain] if rng.random() < 0.8 else rng.choice(
                        ("politics", "culture", "other"))
                    p.suggested_handling = "建议交县有关部门研究办理。"
                    if rng.random() < 0.1:
                        p.may_publish, p.no_publish_reason = False, "涉及个人信息，不宜公开。"
                    if rng.random() < 0.05:
                        p.is_key, p.key_leader = True, rng.choice(key_leaders)
                elif p.status == "rejected":
                    p.rejection_reason = rng.choice(reasons)
                    p.review_note = "建议以社情民意信息形式反映。"
            p.updated_at = p.reviewed_at or p.submitted_at
            rows.append(p)
            if kind == "joint":
                for member in rng.sample([m for m in self.members if m.pk != proposer.pk], rng.randint(2, 4)):
                    invited = created + datetime.timedelta(hours=rng.randint(1, 24))
                    cosigners.append(CoSigner(proposal=p, member=member, status="confirmed", invited_at=invited,
                                              responded_at=invited + datetime.timedelta(hours=rng.randint(2, 72))))
            departments += [(p, d) for d in rng.sample(self.departments, rng.randint(1, 2))]
        accepted = sorted((p for p in rows if p.status == "accepted"), key=lambda p: (p.reviewed_at, p.submitted_at))
        for number, p in enumerate(accepted, start=1):
            p.number = number
        self.bulk(Proposal, rows)
        merged = [p for p in rows if p.status == "merged"]
        for p in merged:
            targets = [t for t in accepted if t.submitted_at <= p.reviewed_at] or accepted
            if not targets:  # nothing to merge into: not accepted instead
                p.status, p.rejection_reason = "rejected", rng.choice(reasons)
                continue
            p.merged_into = rng.choice(targets)
            cosigners.append(CoSigner(proposal=p.merged_into, member=p.proposer, status="confirmed",
                                      is_co_proposer=True, merged_from=p, invited_at=p.reviewed_at,
                                      responded_at=p.reviewed_at))
        Proposal.objects.bulk_update(merged, ["status", "merged_into", "rejection_reason"])
        # A merged proposer already on the target (its proposer, or a co-signer) is not added twice.
        seen, unique = set(), []
        for c in cosigners:
            if (c.proposal.pk, c.member.pk) not in seen and c.proposal.proposer_id != c.member.pk:
                seen.add((c.proposal.pk, c.member.pk))
                unique.append(c)
        self.bulk(CoSigner, unique)
        through = Proposal.suggested_departments.through
        self.bulk(through, [through(proposal_id=p.pk, department_id=d.pk) for p, d in departments])

    def notifications(self, year: int):
        rng = self.rng
        heavy = [self.people[n] for n in ("staff", "supervisor", "leader_in_charge", "leader_wang", "leader_liu",
                                          "principal_leader", "vice_chair", "department", "department2")]
        weights = [30, 10, 6, 4, 4, 6, 3, 4, 2]
        officers = list(self.officer_of.values())
        kinds = [("reply_due_soon", "答复即将到期"), ("reply_overdue", "答复已逾期"), ("reply_submitted", "答复待审批"),
                 ("reply_approved", "答复已审定"), ("assignment_forwarded", "新的交办事项"), ("milestone_due_soon", "调研节点即将到期")]
        start = datetime.date(year, 1, 1)
        span = (min(datetime.date(year, 12, 31), self.today) - start).days
        rows = []
        for _ in range(NOTIFICATIONS_PER_YEAR):
            recipient = rng.choices(heavy, weights=weights)[0] if rng.random() < 0.6 else rng.choice(officers)
            kind, label = rng.choice(kinds)
            created = self.at(start + datetime.timedelta(days=rng.randint(0, span)))
            rows.append(Notification(recipient=recipient, kind=kind, title=f"{label}：{rng.choice(W.SUBJECTS[rng.choice(list(W.SUBJECTS))])}",
                                     body=self.paragraph(label, 1), url="/outcomes/assignments/", created_at=created,
                                     read_at=created + datetime.timedelta(hours=rng.randint(1, 72))
                                     if created.date() < self.today - datetime.timedelta(days=14) or rng.random() < 0.5 else None))
        self.bulk(Notification, rows)


class Command(BaseCommand):
    help = ("Generate a county decade of benchmark data (plans, topics, research, outcomes, notifications, "
            "proposals).")

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default="chengwu2026", help="Password of the demo logins.")

    def handle(self, *args, years, seed, password, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Benchmark data is refused under production settings.")
        if years < 1:
            raise CommandError("--years must be at least 1.")
        if Plan.objects.exists():
            raise CommandError("This database already has plans; generate benchmark data into an empty database.")
        started = time.monotonic()
        builder = Builder(years=years, seed=seed, today=timezone.localdate(), stdout=self.stdout)
        models = (Plan, Topic, ResearchGroup, Activity, Report, Outcome, Assignment, Contact, AssignmentRequest, Reply,
                  Countersignature, SupervisionCase, SupervisionEvent, Notification, Proposal)
        with explicit_timestamps(*models), transaction.atomic():
            builder.directory(password)
            for year in range(builder.first_year, builder.today.year + 1):
                builder.year(year)
                self.stdout.write(f"  {year} done ({time.monotonic() - started:.0f} s)")
        if connection.vendor == "postgresql":
            # Fresh bulk-loaded tables, as autovacuum would leave them after a while: planner statistics
            # (ANALYZE) and the visibility map that lets index-only scans skip the table (VACUUM, which cannot
            # run inside a transaction, as under a test).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        summary = ", ".join(f"{name} {n}" for name, n in sorted(builder.counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Benchmark data: {summary} in {time.monotonic() - started:.0f} s."))
