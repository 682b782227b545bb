"""History labels of the office's changes: one action name per object and change, so the labels never borrow."""
from django.utils.translation import gettext_lazy as _

from history import labels as history_labels

ACTIONS = {
    "calendar_day_added": _("Calendar correction added"),
    "calendar_day_changed": _("Calendar correction changed"),
    "calendar_day_removed": _("Calendar correction removed"),
    "deadline_policy_changed": _("Deadline policy changed"),
    "reminder_policy_changed": _("Reminder policy changed"),
    "periodic_task_changed": _("Task schedule changed"),
    "periodic_task_enabled": _("Scheduled task enabled"),
    "periodic_task_disabled": _("Scheduled task disabled"),
    "member_added": _("Member added"),
    "member_changed": _("Member changed"),
    "member_group_added": _("Member activity group added"),
    "member_group_changed": _("Member activity group renamed"),
    "committee_added": _("Special committee added"),
    "committee_changed": _("Special committee renamed"),
    "sector_added": _("Sector added"),
    "sector_changed": _("Sector renamed"),
    "user_added": _("User account created"),
    "user_changed": _("User account changed"),
    "department_added": _("Department added"),
    "department_changed": _("Department changed"),
}

history_labels.register(actions=ACTIONS)
