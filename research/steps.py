"""The steps of the research stage, declared once: services, pages, API, notifications and to-dos ask these tables.

A research group goes forming → studying → researching → reporting → approved → closed; its manual moves are
the `advance:<state>` steps (POST /api/research-groups/{id}/advance/ with that `to_state`), and `approved` is
reached only when its report is approved (`report_approved`, a consequence, never offered). The group's
state-preserving steps are its work: members, plan, activities, findings and the first report draft.

A report goes draft → submitted → approved | returned (the next version starts as a draft); a draft nobody
wants any more is withdrawn (kept, with its history). Staff and the group's leader edit (`is_editor`); only the
leading vice-chair reviews (`is_reviewer`).
"""
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role, has_role

from .models import GroupStatus, Report, ReportStatus, ResearchGroup

G = GroupStatus
R = ReportStatus

# States in which the group still works: plan, activities, members.
WORKING_STATES = (G.FORMING, G.STUDYING, G.RESEARCHING, G.REPORTING)
# States in which a report may be drafted.
DRAFTING_STATES = (G.STUDYING, G.RESEARCHING, G.REPORTING)
# Report versions that are still under way or done: while one exists, no new version is started by hand.
LIVE_REPORT_STATES = (R.DRAFT, R.SUBMITTED, R.APPROVED)
EDITOR_ROLES = (Role.STAFF, Role.VICE_CHAIR)

EDITORS_ONLY = _("Only committee office staff or the group's leader may do this.")
REVIEWER_ONLY = _("Only the vice-chair who leads this group may review its report.")


# Who ---------------------------------------------------------------------------------------------


def is_editor(user, group: ResearchGroup) -> bool:
    """Staff organise every group; a vice-chair edits only the groups they lead."""
    return has_role(user, Role.STAFF) or (has_role(user, Role.VICE_CHAIR) and group.leader_id == user.pk)


def is_reviewer(user, group: ResearchGroup) -> bool:
    """Only the vice-chair who leads the group reviews its report."""
    return has_role(user, Role.VICE_CHAIR) and group.leader_id == user.pk


def _group_editor(actor, group: ResearchGroup) -> bool:
    return is_editor(actor, group)


def _report_editor(actor, report: Report) -> bool:
    return is_editor(actor, report.group)


def _report_reviewer(actor, report: Report) -> bool:
    return is_reviewer(actor, report.group)


def _nobody(_actor, _obj) -> bool:
    return False


# Guards ------------------------------------------------------------------------------------------


def _no_live_report(group: ResearchGroup):
    """A new report is drafted by hand only while no version is under way (a return starts the next one)."""
    if any(r.status in LIVE_REPORT_STATES for r in group.reports.all()):
        return _("This group already has a report; a new version starts when a version is returned.")
    return None


# Who acts next -----------------------------------------------------------------------------------


def _leading_vice_chair(report: Report):
    return [report.group.leader_id]


def _staff_and_editors(report: Report):
    """Committee office staff (they turn an approved report into an outcome document) and the group's leader."""
    from directory.selectors import users_with_role

    return [*users_with_role(Role.STAFF).values_list("pk", flat=True), report.group.leader_id]


def _submitted_message(report: Report):
    return (
        _("Report to review: %(title)s") % {"title": report.group.topic.title},
        _("Version %(version)s of the research report was submitted; please rate its suggestions and approve or "
          "return it.") % {"version": report.version},
    )


def _approved_message(report: Report):
    return (
        _("Report approved: %(title)s") % {"title": report.group.topic.title},
        _("The group leader approved version %(version)s of the research report; the outcome document can now be "
          "drafted from it.") % {"version": report.version},
    )


def _returned_message(report: Report):
    return (
        _("Report returned: %(title)s") % {"title": report.group.topic.title},
        _("The group leader returned version %(version)s with comments; the next version is a draft to revise and "
          "submit.") % {"version": report.version},
    )


# Where -------------------------------------------------------------------------------------------


def report_url(report: Report) -> str:
    """The page where the next step on this report is taken: the review page while it waits for review."""
    if report.status == R.SUBMITTED:
        return pk_url("research:report-review", report.pk)
    return pk_url("research:report-detail", report.pk)


def _report_todos(user, states):
    from .selectors import reports_for

    queryset = reports_for(user).filter(status__in=states)
    if not has_role(user, Role.STAFF):
        queryset = queryset.filter(group__leader=user)
    return queryset.order_by("submitted_at", "id")


def _advance(target, label, sources):
    return Step(
        f"advance:{target}", label, sources, target, roles=EDITOR_ROLES, who=_group_editor, refusal=EDITORS_ONLY,
    )


GROUP_STEPS = Steps(
    "group",
    [
        _advance(G.STUDYING, _("Start studying"), (G.FORMING,)),
        _advance(G.RESEARCHING, _("Start field research"), (G.STUDYING,)),
        _advance(G.REPORTING, _("Start reporting"), (G.STUDYING, G.RESEARCHING)),
        _advance(G.CLOSED, _("Close the group"), (G.APPROVED,)),
        # The group's side of `approve` on its report; never taken on its own.
        Step(
            "report_approved", _("Report approved"), (G.REPORTING,), G.APPROVED, roles=(Role.VICE_CHAIR,),
            who=_nobody, offered=False, refusal=_("A group is approved only by approving its report."),
        ),
        Step("add_member", _("Add a member"), WORKING_STATES, roles=EDITOR_ROLES, who=_group_editor,
             refusal=EDITORS_ONLY, conflict=_("The group has finished its work; its members can no longer change.")),
        Step("add_milestone", _("Add a milestone"), WORKING_STATES, roles=EDITOR_ROLES, who=_group_editor,
             refusal=EDITORS_ONLY, conflict=_("The group has finished its work; its plan can no longer change.")),
        Step("complete_milestone", _("Mark a milestone done"), WORKING_STATES, roles=EDITOR_ROLES,
             who=_group_editor, refusal=EDITORS_ONLY,
             conflict=_("The group has finished its work; its plan can no longer change.")),
        Step("record_activity", _("Record an activity"), WORKING_STATES, roles=EDITOR_ROLES, who=_group_editor,
             refusal=EDITORS_ONLY,
             conflict=_("The group has finished its work; no more activities can be recorded.")),
        Step("add_finding", _("Add a visit finding"), WORKING_STATES, roles=EDITOR_ROLES, who=_group_editor,
             refusal=EDITORS_ONLY,
             conflict=_("The group has finished its work; no more findings can be recorded.")),
        Step("create_report", _("Draft the report"), DRAFTING_STATES, roles=EDITOR_ROLES, who=_group_editor,
             guard=_no_live_report, refusal=EDITORS_ONLY,
             conflict=_("A report can be drafted once the group is studying and until it is approved.")),
    ],
    labels=dict(GroupStatus.choices),
    title=lambda g: g.topic.title,
    api_url=lambda g: pk_url("research-group-detail", g.pk),
    context=lambda g: g.leader.display_name,
    topic_id=lambda g: g.topic_id,
)
# The manual moves of a group, by target: what the `advance` action accepts as `to_state`.
ADVANCE_STEPS = {s.target: s.name for s in GROUP_STEPS if s.name.startswith("advance:")}


REPORT_STEPS = Steps(
    "report",
    [
        Step("edit", _("Edit the draft"), (R.DRAFT,), roles=EDITOR_ROLES, who=_report_editor, refusal=EDITORS_ONLY,
             conflict=_("Only a draft can be edited.")),
        Step(
            "submit", _("Submit for review"), (R.DRAFT,), R.SUBMITTED, roles=EDITOR_ROLES, who=_report_editor,
            refusal=EDITORS_ONLY, todo=True, next_actors=_leading_vice_chair, message=_submitted_message,
            conflict=_("Only a draft can be submitted."),
        ),
        Step("withdraw", _("Withdraw the draft"), (R.DRAFT,), R.WITHDRAWN, roles=EDITOR_ROLES, who=_report_editor,
             refusal=EDITORS_ONLY, conflict=_("Only a draft can be withdrawn.")),
        Step(
            "approve", _("Review and approve"), (R.SUBMITTED,), R.APPROVED, roles=(Role.VICE_CHAIR,),
            who=_report_reviewer, refusal=REVIEWER_ONLY, todo=True, next_actors=_staff_and_editors,
            message=_approved_message, conflict=_("Only a submitted report can be approved."),
        ),
        Step("rate", _("Rate the suggestions"), (R.SUBMITTED,), roles=(Role.VICE_CHAIR,), who=_report_reviewer,
             refusal=REVIEWER_ONLY, conflict=_("Only a submitted report can be rated.")),
        Step(
            "return", _("Return with comments"), (R.SUBMITTED,), R.RETURNED, roles=(Role.VICE_CHAIR,),
            who=_report_reviewer, refusal=REVIEWER_ONLY, next_actors=_staff_and_editors, message=_returned_message,
            conflict=_("Only a submitted report can be returned."),
        ),
        # Taken in the outcome stage (POST /api/outcomes/ with `report`); offered here so the report's page links it.
        Step("create_outcome", _("Create the outcome document"), (R.APPROVED,), roles=(Role.STAFF,),
             refusal=_("Only committee office staff may do this."),
             conflict=_("An outcome document is made from an approved report.")),
    ],
    labels=dict(ReportStatus.choices),
    todo_queryset=_report_todos,
    title=lambda r: r.group.topic.title,
    url=report_url,
    api_url=lambda r: pk_url("report-detail", r.pk),
    context=lambda r: _("Research report, version %(version)s") % {"version": r.version},
    topic_id=lambda r: r.group.topic_id,
)

ALL_TABLES = [GROUP_STEPS, REPORT_STEPS]

# The colour of a state's badge on the pages (so no template tests a state string).
TONES = {
    G.FORMING: "light", G.STUDYING: "light", G.RESEARCHING: "light", G.REPORTING: "primary", G.APPROVED: "success",
    G.CLOSED: "dark", R.DRAFT: "light", R.SUBMITTED: "primary", R.APPROVED: "success", R.RETURNED: "warning",
    R.WITHDRAWN: "secondary",
}
