"""The permission matrix: every URL route × every role × each method, with the expected HTTP status.

Keyed by URL name ("namespace:name"; unnamed routes by their pattern; `admin:*` covers Django's admin).
`test_permission_matrix.py` walks the URL resolver and fails on any route without an entry here, so a new
route cannot ship unchecked: add its line when you add the route.

Each status string lists, in ROLES order, what that role gets:
    anonymous  staff  vice_chair  department  leader_in_charge  principal_leader  supervisor
"-" means "not exercised": the role may act, and acting would change the demo state (its own tests cover it).
`kwargs` name objects built in `conftest.build_demo()`; most are chosen OUTSIDE the limited roles' scope, so
the 404 of a department or a leader for another department's matter is checked on every detail, action,
file and export. GET is checked for every route; POST for every action and form (with an empty body: a
role that may not act must get 403, an object outside its scope 404, before any input is looked at);
PATCH/DELETE where the API offers them (DELETE must be 405 elsewhere: nothing is hard-deleted).
"""
from dataclasses import dataclass, field

ROLES = ("anonymous", "staff", "vice_chair", "department", "leader_in_charge", "principal_leader", "supervisor")


@dataclass(frozen=True)
class Entry:
    get: str
    post: str | None = None
    patch: str | None = None
    delete: str | None = None
    kwargs: dict = field(default_factory=dict)
    note: str = ""

    def expected(self, method: str) -> dict[str, int | None] | None:
        line = getattr(self, method)
        if line is None:
            return None
        codes = line.split()
        assert len(codes) == len(ROLES), f"{line!r} needs {len(ROLES)} codes"
        return {role: None if code == "-" else int(code) for role, code in zip(ROLES, codes, strict=True)}


ALL_405 = "405 405 405 405 405 405 405"
PAGE_POST_ONLY = "302 405 405 405 405 405 405"  # a page action answers GET with 405 once logged in
API_POST_ONLY = "403 405 405 405 405 405 405"  # an API action: anonymous 403 first, then 405 for GET
ANON_API = "403 - - - - - -"

MATRIX: dict[str, Entry] = {
    # ---- site, login, language, API documents
    "home": Entry(get="302 200 200 200 200 200 200"),
    "set_language": Entry(get="302 302 302 302 302 302 302", note="GET redirects back without changing anything"),
    "login": Entry(get="200 200 200 200 200 200 200"),
    "logout": Entry(get=ALL_405, note="logout is POST only"),
    "admin:login": Entry(get="200 200 200 200 200 200 200"),
    "admin:*": Entry(get="302 302 302 302 302 302 302", note="no demo login is is_staff; the admin redirects to its login"),
    "api-token": Entry(get=ALL_405, post="400 400 400 400 400 400 400"),
    "api-schema": Entry(get="200 200 200 200 200 200 200"),
    "api-docs": Entry(get="200 200 200 200 200 200 200"),
    # ---- API: topics and plans
    "plan-list": Entry(get="403 200 200 403 200 200 200"),
    "plan-detail": Entry(get="403 200 200 404 200 200 200", kwargs={"pk": "plan"}),
    "plan-adopt": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "plan"}),
    "topic-list": Entry(get="403 200 200 403 200 200 200"),
    "topic-similar": Entry(get="403 200 200 403 200 200 200"),
    "topic-detail": Entry(get="403 200 200 404 200 200 200", kwargs={"pk": "topic"}),
    "topic-adopt": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "topic"}),
    "topic-feedback": Entry(get=API_POST_ONLY, post="403 - - 404 403 403 403", kwargs={"pk": "topic"}),
    "topic-merge": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "topic"}),
    "topic-reject": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "topic"}),
    "topic-shortlist": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "topic"}),
    "topic-withdraw": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "topic"}),
    # ---- the to-do centre: everyone's own list, derived from the step tables
    "todo-list": Entry(get="403 200 200 200 200 200 200"),
    "todo-done": Entry(get="403 200 200 200 200 200 200"),
    "workbench:todo-list": Entry(get="302 200 200 200 200 200 200"),
    "workbench:todo-count": Entry(get="302 200 200 200 200 200 200"),
    # ---- API: research (group and report of another vice-chair)
    "research-group-list": Entry(get="403 200 200 403 200 200 200"),
    "research-group-detail": Entry(get="403 200 200 404 200 200 200", kwargs={"pk": "group_other"}),
    "research-group-activities": Entry(
        get="403 200 200 404 200 200 200", post="403 - 403 404 403 403 403", kwargs={"pk": "group_other"}
    ),
    "research-group-add-finding": Entry(
        get=API_POST_ONLY, post="403 - 403 404 403 403 403",
        kwargs={"pk": "group_other", "activity_id": "activity_other"},
    ),
    "research-group-add-member": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "group_other"}),
    "research-group-advance": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "group_other"}),
    "research-group-complete-milestone": Entry(
        get=API_POST_ONLY, post="403 - 403 404 403 403 403",
        kwargs={"pk": "group_other", "milestone_id": "milestone_other"},
    ),
    "research-group-milestones": Entry(
        get="403 200 200 404 200 200 200", post="403 - 403 404 403 403 403", kwargs={"pk": "group_other"}
    ),
    "report-list": Entry(get="403 200 200 403 200 200 200"),
    "report-detail": Entry(get="403 200 200 404 200 200 200", kwargs={"pk": "report_other"}),
    "report-approve": Entry(get=API_POST_ONLY, post="403 403 403 404 403 403 403", kwargs={"pk": "report_other"}),
    "report-rate": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "report_other"}),
    "report-return-report": Entry(get=API_POST_ONLY, post="403 403 403 404 403 403 403", kwargs={"pk": "report_other"}),
    "report-submit": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "report_other"}),
    "report-withdraw": Entry(get=API_POST_ONLY, post="403 - 403 404 403 403 403", kwargs={"pk": "report_other"}),
    # ---- API: outcomes (a matter forwarded to 县民政局, whose leader is none of the demo logins)
    "outcome-list": Entry(get="403 200 200 200 200 200 200", post="403 - 403 403 403 403 403"),
    "outcome-detail": Entry(
        get="403 200 404 404 404 200 200", patch="403 - 404 404 404 403 403", delete=API_POST_ONLY,
        kwargs={"pk": "outcome_foreign"},
    ),
    "outcome-forward": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "outcome_foreign"}),
    "outcome-submit": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "outcome_foreign"}),
    "outcome-withdraw": Entry(get=API_POST_ONLY, post="403 409 404 404 404 403 403", kwargs={"pk": "outcome_foreign"},
                              note="staff: a forwarded outcome is no draft any more (409, nothing changes)"),
    "suggestion-list": Entry(get="403 200 200 200 200 200 200", post="403 - 403 403 403 403 403"),
    "suggestion-detail": Entry(
        get="403 200 404 404 404 200 200", patch="403 - 404 404 404 403 403", delete=API_POST_ONLY,
        kwargs={"pk": "suggestion_foreign"}, note="no DELETE: a draft's suggestion is withdrawn with a reason",
    ),
    "suggestion-withdraw": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "suggestion_foreign"}),
    "assignment-list": Entry(get="403 200 200 200 200 200 200"),
    "assignment-detail": Entry(get="403 200 404 404 404 200 200", kwargs={"pk": "assignment_foreign"}),
    "assignment-close": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}),
    "assignment-contacts": Entry(
        get="403 200 404 404 404 200 200", post="403 403 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}
    ),
    "assignment-decide": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}),
    "assignment-extend": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}),
    "assignment-input": Entry(get=API_POST_ONLY, post="403 403 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}),
    "assignment-requests": Entry(
        get="403 200 404 404 404 200 200", post="403 405 405 405 405 405 405", kwargs={"pk": "assignment_foreign"}
    ),
    "assignment-return-": Entry(get=API_POST_ONLY, post="403 403 404 404 404 403 403", kwargs={"pk": "assignment_foreign"}),
    "reply-list": Entry(get="403 200 200 200 200 200 200", post="403 403 403 - 403 403 403"),
    "reply-detail": Entry(
        get="403 404 404 404 404 200 404", patch="403 404 404 404 404 403 404", kwargs={"pk": "reply_foreign"},
        note="a draft reply: only its department, its leaders and the principal leader see it",
    ),
    "reply-approve": Entry(get=API_POST_ONLY, post="403 404 404 404 404 - 404", kwargs={"pk": "reply_foreign"}),
    "reply-countersign": Entry(get=API_POST_ONLY, post="403 404 404 404 404 403 404", kwargs={"pk": "reply_foreign"}),
    "reply-evaluate": Entry(get=API_POST_ONLY, post="403 - 404 404 404 403 404", kwargs={"pk": "reply_foreign"}),
    "reply-send-back": Entry(get=API_POST_ONLY, post="403 404 404 404 404 - 404", kwargs={"pk": "reply_foreign"}),
    "reply-submit": Entry(get=API_POST_ONLY, post="403 404 404 404 404 403 404", kwargs={"pk": "reply_foreign"}),
    "reply-withdraw": Entry(get=API_POST_ONLY, post="403 404 404 404 404 403 404", kwargs={"pk": "reply_foreign"}),
    "progress-report-list": Entry(get="403 200 200 200 200 200 200", post="403 403 403 - 403 403 403"),
    "progress-report-detail": Entry(get="403 404 404 404 404 404 404", kwargs={"pk": "missing"}),
    "supervision-list": Entry(get="403 200 200 200 200 200 200", post="403 - 403 403 403 403 -"),
    "supervision-detail": Entry(get="403 200 404 200 200 200 200", kwargs={"pk": "case"}),
    "supervision-close": Entry(get=API_POST_ONLY, post="403 - 404 403 403 403 -", kwargs={"pk": "case"}),
    "supervision-events": Entry(get=API_POST_ONLY, post="403 - 404 403 403 403 -", kwargs={"pk": "case"}),
    "department-list": Entry(get="403 200 200 200 200 200 200"),
    "department-detail": Entry(get="403 200 200 200 200 200 200", kwargs={"pk": "department_foreign"},
                               note="the list of departments is public inside the system"),
    "calendar-due-date": Entry(get="403 400 400 400 400 400 400", note="400 without its start date"),
    "notification-list": Entry(get="403 200 200 200 200 200 200"),
    "notification-read-all": Entry(get=API_POST_ONLY),
    "notification-detail": Entry(get="403 200 404 404 404 404 404", kwargs={"pk": "notification_staff"}),
    "notification-read": Entry(get=API_POST_ONLY, post="403 - 404 404 404 404 404", kwargs={"pk": "notification_staff"}),
    "stats": Entry(get="403 200 200 403 200 200 200"),
    # ---- pages: topics
    "topics:plan-board": Entry(get="302 200 200 403 200 200 200"),
    "topics:plan-create": Entry(get=PAGE_POST_ONLY, post="302 - 403 403 403 403 403"),
    "topics:plan-board-year": Entry(get="302 200 200 403 200 200 200", kwargs={"year": "year"}),
    "topics:plan-export": Entry(get="302 200 200 403 200 200 200", kwargs={"year": "year"}),
    "topics:plan-step": Entry(get=PAGE_POST_ONLY, post="302 - 403 404 403 403 403", kwargs={"year": "year", "step": "adopt"}),
    "topics:topic-list": Entry(get="302 200 200 403 200 200 200"),
    "topics:topic-create": Entry(get="302 200 403 403 403 403 403", post="302 - 403 403 403 403 403"),
    "topics:topic-export": Entry(get="302 200 200 403 200 200 200"),
    "topics:topic-similar": Entry(get="302 200 200 403 200 200 200"),
    "topics:topic-detail": Entry(get="302 200 200 403 200 200 200", kwargs={"pk": "topic"}),
    "workbench:topic-lifecycle": Entry(get="302 200 200 403 200 200 200", kwargs={"pk": "topic"}),
    "topics:topic-edit": Entry(get="302 200 403 403 403 403 403", post="302 - 403 403 403 403 403", kwargs={"pk": "topic"}),
    "topics:topic-edit-similar": Entry(get="302 200 200 403 200 200 200", kwargs={"pk": "topic"}),
    "topics:topic-step": Entry(
        get=PAGE_POST_ONLY, post="302 - 403 403 403 403 403", kwargs={"pk": "topic", "step": "shortlist"}
    ),
    # ---- pages: research
    "research:group-list": Entry(get="302 200 200 403 200 200 200"),
    "research:my-groups": Entry(get="302 302 200 403 302 302 302", note="non-vice-chairs are sent to the group list"),
    "research:group-export": Entry(get="302 200 200 403 200 200 200"),
    "research:visit-export": Entry(get="302 200 200 403 200 200 200"),
    "research:review-queue": Entry(get="302 200 200 403 200 200 200"),
    "research:review-export": Entry(get="302 200 200 403 200 200 200"),
    "research:visit-list": Entry(get="302 200 200 403 200 200 200"),
    "research:group-create": Entry(get="302 200 403 403 403 403 403", post="302 - 403 403 403 403 403"),
    "research:group-detail": Entry(get="302 200 200 403 200 200 200", kwargs={"pk": "group_other"}),
    "research:group-advance": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "group_other"}),
    "research:member-add": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "group_other"}),
    "research:milestone-create": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "group_other"}),
    "research:activity-create": Entry(
        get="302 200 403 403 403 403 403", post="302 - 403 403 403 403 403", kwargs={"pk": "group_other"}
    ),
    "research:report-create": Entry(
        get="302 302 403 403 403 403 403", post="302 - 403 403 403 403 403", kwargs={"pk": "group_other"},
        note="the group has its report: staff are sent back to the group (the form opens only when drafting is a step)",
    ),
    "research:milestone-complete": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "milestone_other"}),
    "research:finding-add": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "activity_other"}),
    "research:report-detail": Entry(get="302 200 200 403 200 200 200", kwargs={"pk": "report_other"}),
    "research:report-edit": Entry(get="302 302 403 403 403 403 403", kwargs={"pk": "report_other"},
                                  note="an approved report is not editable: staff are sent back to it"),
    "research:report-submit": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "report_other"}),
    "research:report-withdraw": Entry(get=ALL_405, post="403 - 403 403 403 403 403", kwargs={"pk": "report_other"}),
    "research:report-review": Entry(get="302 403 403 403 403 403 403", post="302 403 403 403 403 403 403",
                                    kwargs={"pk": "report_other"}, note="only the group's own vice-chair reviews"),
    "research:report-diff": Entry(get="302 302 302 403 302 302 302", kwargs={"pk": "report_other"},
                                  note="a first version has nothing to compare: back to the report"),
    # ---- pages: outcomes (the 县民政局 matter again)
    "outcomes:outcome-list": Entry(get="302 200 403 200 200 200 200"),
    "outcomes:outcome-create": Entry(get="302 200 403 403 403 403 403", post="302 - 403 403 403 403 403"),
    "outcomes:outcome-detail": Entry(get="302 200 404 404 404 200 200", post="302 - 404 404 404 403 403",
                                     kwargs={"pk": "outcome_foreign"}),
    "outcomes:outcome-edit": Entry(get="302 302 403 403 403 403 403", post="302 302 403 403 403 403 403",
                                   kwargs={"pk": "outcome_foreign"},
                                   note="a forwarded outcome is not editable: staff are sent back to it"),
    "outcomes:minutes-docx": Entry(get="302 200 404 404 404 200 200", kwargs={"pk": "outcome_foreign"}),
    "outcomes:forwarding-letter": Entry(get="302 200 404 404 404 200 200", kwargs={"pk": "outcome_foreign"}),
    "outcomes:assignment-list": Entry(get="302 200 403 200 200 200 200"),
    "outcomes:assignment-detail": Entry(get="302 200 404 404 404 200 200", post="302 - 404 404 404 403 403",
                                        kwargs={"pk": "assignment_foreign"}),
    "outcomes:reply-create": Entry(get="302 403 403 404 403 403 403", post="302 403 403 404 403 403 403",
                                   kwargs={"pk": "assignment_foreign"}),
    "outcomes:reply-detail": Entry(get="302 404 404 404 404 200 404", post="302 404 404 404 404 - 404",
                                   kwargs={"pk": "reply_foreign"}),
    "outcomes:reply-edit": Entry(get="302 403 403 404 403 403 403", post="302 403 403 404 403 403 403",
                                 kwargs={"pk": "reply_foreign"}),
    "outcomes:reply-file": Entry(get="302 404 404 404 404 200 404", kwargs={"pk": "reply_foreign"}),
    "outcomes:outcome-export": Entry(get="302 200 403 200 200 200 200"),
    "outcomes:assignment-export": Entry(get="302 200 403 200 200 200 200"),
    "outcomes:approval-export": Entry(get="302 403 403 403 200 200 403"),
    "outcomes:case-export": Entry(get="302 200 403 403 200 200 200"),
    "outcomes:approval-queue": Entry(get="302 403 403 403 200 200 403"),
    "outcomes:evaluation-queue": Entry(get="302 200 403 403 403 403 403"),
    "outcomes:evaluation-export": Entry(get="302 200 403 403 403 403 403"),
    "outcomes:supervision-board": Entry(get="302 200 403 403 200 200 200"),
    "outcomes:case-detail": Entry(get="302 200 404 200 200 200 200", post="302 - 404 403 403 403 -", kwargs={"pk": "case"}),
    # ---- pages: calendar, notifications, stats
    "workdays:calculator": Entry(get="302 200 200 200 200 200 200"),
    "notifications:list": Entry(get="302 200 200 200 200 200 200"),
    "notifications:open": Entry(get=PAGE_POST_ONLY, post="302 - 404 404 404 404 404", kwargs={"pk": "notification_staff"}),
    "notifications:export": Entry(get="302 200 200 200 200 200 200"),
    "notifications:read-all": Entry(get=PAGE_POST_ONLY),
    "notifications:email-preference": Entry(get=PAGE_POST_ONLY),
    "stats:overview": Entry(get="302 200 200 403 200 200 200"),
    "stats:export-xlsx": Entry(get="302 200 200 403 200 200 200"),
    "stats:work-report": Entry(get="302 200 403 403 403 403 403"),
    "stats:search": Entry(get="302 200 200 200 200 200 200"),
}


def entry_for(key: str) -> Entry | None:
    if key in MATRIX:
        return MATRIX[key]
    if key.startswith("admin"):
        return MATRIX["admin:*"]
    return None


# Actions that read the (empty) input before they check the actor's role, so a role that may not act gets 400
# instead of 403/404. Empty: every step answers role/scope first (the API's step permissions, the pages'
# role checks before binding a form); a new route must not join this list.
INPUT_BEFORE_ROLE: set[str] = set()
