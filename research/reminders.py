"""Reminder sweep for research milestones: N working days before the due date, and once when overdue."""
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from notifications.services import ReminderDue, send_reminders
from notifications.sweeping import batches
from workdays.services import add_working_days

from .models import Milestone
from .steps import WORKING_STATES

# A group whose report is approved (or that is closed) is not chased for its plan any more.


def sweep_milestones(*, today, policy) -> int:
    soon_until = add_working_days(today, policy.milestone_days_before_due)
    content_type_id = ContentType.objects.get_for_model(Milestone).pk
    open_milestones = Milestone.objects.filter(
        done_on__isnull=True, due_on__lte=soon_until, group__status__in=WORKING_STATES
    ).select_related(
        "group__topic"
    )
    sent = 0
    for batch in batches(open_milestones, policy.batch_size):
        dues = []
        for milestone in batch:
            overdue = milestone.due_on < today
            recipients = tuple({milestone.owner_id, milestone.group.leader_id})
            topic = milestone.group.topic.title
            dues.append(
                ReminderDue(
                    content_type_id=content_type_id,
                    object_id=milestone.pk,
                    kind="milestone_overdue" if overdue else "milestone_due_soon",
                    period=milestone.due_on.isoformat(),
                    title=(
                        f"调研节点已逾期：{milestone.title}" if overdue else f"调研节点即将到期：{milestone.title}"
                    ),
                    body=f"课题“{topic}”的调研节点“{milestone.title}”应于{milestone.due_on:%Y年%m月%d日}完成。",
                    url=reverse("research:group-detail", args=[milestone.group_id]),
                    recipient_ids=recipients,
                )
            )
        sent += send_reminders(dues)
    return sent
