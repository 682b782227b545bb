"""Who is told what when a step of outcome conversion happens (in-app now, channels after commit).

The hand-offs declared in outcomes.steps (a reply submitted → its approver, approved → staff, drafted → the
co-handlers) are sent by the step tables themselves; this module sends the messages that need more than the
generic "to do" text: a new matter with its due date, a co-handler's input with a link to it, the leader's
comments, an evaluation, a request and its decision, a newly opened supervision case.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from chengwu_cppcc.documents import chinese_date
from directory.roles import Role
from directory.selectors import department_officer_ids, users_with_role
from notifications.services import notify

from .models import Assignment, AssignmentRequest, AssignmentRole, AssignmentStatus, Evaluation, Reply, SupervisionCase


def _officers(department_id: int) -> list[int]:
    return list(department_officer_ids([department_id]).get(department_id, ()))


def _staff() -> list[int]:
    return list(users_with_role(Role.STAFF).values_list("id", flat=True))


def _assignment_message(event: str, assignment: Assignment) -> tuple[list[int], str, str, str]:
    title = assignment.matter.title
    url = reverse("outcomes:assignment-detail", args=[assignment.pk])
    if event == "assignment_created":
        return (
            _officers(assignment.department_id),
            _("New matter assigned: %(title)s") % {"title": title},
            _("Please reply in a formal document by %(date)s.") % {"date": chinese_date(assignment.due_on)},
            url,
        )
    if event == "cohandler_input":
        lead = (
            assignment.matter.assignments.filter(role=AssignmentRole.LEAD).exclude(status=AssignmentStatus.WITHDRAWN)
            .first()
        )
        if lead is None:
            return [], "", "", ""
        # The link goes to the lead's own matter page, where the co-handlers and their input are shown.
        return (
            _officers(lead.department_id),
            _("Co-handler's input received: %(title)s") % {"title": title},
            _("%(department)s has sent its input as co-handling department.") % {"department": assignment.department},
            reverse("outcomes:assignment-detail", args=[lead.pk]) + f"#cohandler-{assignment.pk}",
        )
    return [], "", "", ""


def _reply_message(event: str, reply: Reply) -> tuple[list[int], str, str, str]:
    assignment = reply.assignment
    title = assignment.matter.title
    department = assignment.department
    url = reverse("outcomes:reply-detail", args=[reply.pk])
    if event == "reply_approved":
        # Staff get the hand-off (evaluate) from the step table; the department is told it went through.
        return (
            _officers(department.pk),
            _("Reply approved: %(title)s") % {"title": title},
            _("The government leader has approved your reply; it goes to the committee for evaluation.")
            if assignment.matter.evaluator_id is None
            else _("The government leader has approved your reply; it goes to the proposer for evaluation."),
            url,
        )
    if event == "reply_sent_back":
        return (
            _officers(department.pk),
            _("Reply sent back for revision: %(title)s") % {"title": title},
            reply.approval_comments or "",
            url,
        )
    if event == "reply_evaluated":
        if reply.evaluation == Evaluation.UNSATISFIED:
            body = _("Unsatisfied: %(comments)s Please handle the matter again and reply by %(date)s.") % {
                "comments": reply.evaluation_comments, "date": chinese_date(assignment.due_on),
            }
            url = reverse("outcomes:assignment-detail", args=[assignment.pk])
        else:
            body = reply.get_evaluation_display()
        return _officers(department.pk), _("Reply evaluated: %(title)s") % {"title": title}, body, url
    return [], "", "", ""


def _request_message(event: str, request: AssignmentRequest) -> tuple[list[int], str, str, str]:
    assignment = request.assignment
    title = assignment.matter.title
    url = reverse("outcomes:assignment-detail", args=[request.assignment_id])
    if event in ("return_requested", "extension_requested"):
        return (
            _staff(),
            _("%(kind)s request: %(title)s") % {"kind": request.get_kind_display(), "title": title},
            f"{assignment.department.name}：{request.reason}",
            url,
        )
    if event == "request_decided":
        return (
            _officers(assignment.department_id),
            _("Request decided: %(title)s") % {"title": title},
            f"{request.get_kind_display()}：{request.get_status_display()}",
            url,
        )
    return [], "", "", ""


def _case_message(event: str, case: SupervisionCase, actor_id=None) -> tuple[list[int], str, str, str]:
    if event == "case_opened":
        from .steps import supervision_office

        # The supervision office follows it; a key proposal's supervising leader is told too.
        recipients = [pk for pk in [*supervision_office(case), case.leader_id] if pk and pk != actor_id]
        return (
            recipients,
            _("Supervision case opened: %(title)s") % {"title": case.title},
            _("%(office)s has opened a supervision case on “%(outcome)s”; please follow it.")
            % {"office": case.committee_office, "outcome": case.matter.title},
            case.get_absolute_url(),
        )
    return [], "", "", ""


def notify_event(event: str, **ids) -> None:
    """Tell the people concerned inside the step's transaction; email and other channels go after commit."""
    if "assignment_id" in ids:
        obj = Assignment.objects.select_related("matter", "department").get(pk=ids["assignment_id"])
        recipients, title, body, url = _assignment_message(event, obj)
    elif "reply_id" in ids:
        obj = Reply.objects.select_related("assignment__matter", "assignment__department").get(pk=ids["reply_id"])
        recipients, title, body, url = _reply_message(event, obj)
    elif "request_id" in ids:
        obj = AssignmentRequest.objects.select_related("assignment__matter", "assignment__department").get(
            pk=ids["request_id"]
        )
        recipients, title, body, url = _request_message(event, obj)
    elif "case_id" in ids:
        obj = SupervisionCase.objects.select_related("matter").get(pk=ids["case_id"])
        recipients, title, body, url = _case_message(event, obj, ids.get("actor_id"))
    else:
        return
    if recipients:
        notify(recipients=recipients, kind=event, title=str(title), body=str(body), url=url)
