"""Who is told what when a step of outcome conversion happens (in-app now, channels after commit)."""
from django.urls import reverse

from chengwu_cppcc.documents import chinese_date
from directory.roles import Role
from directory.selectors import department_officer_ids, users_with_role
from notifications.services import notify

from .models import ApprovalLevel, Assignment, AssignmentRequest, AssignmentRole, AssignmentStatus, Outcome, Reply


def _officers(department_id: int) -> list[int]:
    return list(department_officer_ids([department_id]).get(department_id, ()))


def _staff() -> list[int]:
    return list(users_with_role(Role.STAFF).values_list("id", flat=True))


def _assignment_message(event: str, assignment: Assignment) -> tuple[list[int], str, str]:
    title = assignment.outcome.title
    if event == "assignment_created":
        due = assignment.due_on
        return _officers(assignment.department_id), f"新交办事项：{title}", f"请于{chinese_date(due)}前以文件形式答复。"
    if event == "cohandler_input":
        lead = (
            assignment.outcome.assignments.filter(role=AssignmentRole.LEAD).exclude(status=AssignmentStatus.WITHDRAWN)
            .first()
        )
        recipients = _officers(lead.department_id) if lead else []
        return recipients, f"协办单位意见已送达：{title}", f"{assignment.department.name}已提交协办意见。"
    return [], "", ""


def _reply_message(event: str, reply: Reply) -> tuple[list[int], str, str]:
    assignment = reply.assignment
    title = assignment.outcome.title
    department = assignment.department
    if event == "reply_submitted":
        if reply.approval_level == ApprovalLevel.PRINCIPAL_LEADER:
            recipients = list(users_with_role(Role.PRINCIPAL_LEADER).values_list("id", flat=True))
        else:
            recipients = [department.leader_in_charge_id] if department.leader_in_charge_id else []
        return recipients, f"待审定答复：{title}", f"{department.name}的答复意见等待您审定。"
    if event == "reply_approved":
        return [*_staff(), *_officers(department.pk)], f"答复已审定：{title}", f"{department.name}的答复已经政府领导审定，请政协机关评价。"
    if event == "reply_sent_back":
        return _officers(department.pk), f"答复被退回修改：{title}", reply.approval_comments or ""
    if event == "reply_evaluated":
        return _officers(department.pk), f"答复已评价：{title}", reply.get_evaluation_display()
    return [], "", ""


def _request_message(event: str, request: AssignmentRequest) -> tuple[list[int], str, str]:
    assignment = request.assignment
    title = assignment.outcome.title
    if event in ("return_requested", "extension_requested"):
        return _staff(), f"{request.get_kind_display()}申请：{title}", f"{assignment.department.name}：{request.reason}"
    if event == "request_decided":
        return _officers(assignment.department_id), f"申请已处理：{title}", request.get_status_display()
    return [], "", ""


def notify_event(event: str, **ids) -> None:
    """Tell the people concerned inside the step's transaction; email and other channels go after commit."""
    if "assignment_id" in ids:
        obj = Assignment.objects.select_related("outcome", "department").get(pk=ids["assignment_id"])
        recipients, title, body = _assignment_message(event, obj)
        url = reverse("outcomes:assignment-detail", args=[obj.pk])
    elif "reply_id" in ids:
        obj = Reply.objects.select_related("assignment__outcome", "assignment__department").get(pk=ids["reply_id"])
        recipients, title, body = _reply_message(event, obj)
        url = reverse("outcomes:reply-detail", args=[obj.pk])
    elif "request_id" in ids:
        obj = AssignmentRequest.objects.select_related("assignment__outcome", "assignment__department").get(
            pk=ids["request_id"]
        )
        recipients, title, body = _request_message(event, obj)
        url = reverse("outcomes:assignment-detail", args=[obj.assignment_id])
    elif "outcome_id" in ids:
        outcome = Outcome.objects.get(pk=ids["outcome_id"])
        recipients, title, body = [], outcome.title, ""
        url = ""
    else:
        return
    if recipients:
        notify(recipients=recipients, kind=event, title=title, body=body, url=url)
