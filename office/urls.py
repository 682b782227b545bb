"""Pages of office administration under /office/."""
from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.OfficeIndex.as_view(), name="index"),
    # the committee's rules (staff)
    path("calendar/", views.CalendarList.as_view(), name="calendar"),
    path("calendar/new/", views.CalendarEdit.as_view(), name="calendar-new"),
    path("calendar/<int:pk>/", views.CalendarEdit.as_view(), name="calendar-edit"),
    path("calendar/<int:pk>/remove/", views.CalendarRemove.as_view(), name="calendar-remove"),
    path("deadlines/", views.DeadlineList.as_view(), name="deadline-list"),
    path("deadlines/<str:kind>/", views.DeadlineEdit.as_view(), name="deadline-edit"),
    path("reminders/", views.ReminderPolicyEdit.as_view(), name="reminder-policy"),
    path("tasks/", views.TaskList.as_view(), name="task-list"),
    path("tasks/<int:pk>/", views.TaskEdit.as_view(), name="task-edit"),
    path("tasks/<int:pk>/toggle/", views.TaskToggle.as_view(), name="task-toggle"),
    path("members/", views.MemberList.as_view(), name="member-list"),
    path("members/new/", views.MemberEdit.as_view(), name="member-new"),
    path("members/<int:pk>/", views.MemberEdit.as_view(), name="member-edit"),
    path("groups/", views.GroupList.as_view(), name="group-list"),
    path("groups/new/", views.GroupEdit.as_view(), name="group-new"),
    path("groups/<int:pk>/", views.GroupEdit.as_view(), name="group-edit"),
    path("committees/", views.CommitteeList.as_view(), name="committee-list"),
    path("committees/new/", views.CommitteeEdit.as_view(), name="committee-new"),
    path("committees/<int:pk>/", views.CommitteeEdit.as_view(), name="committee-edit"),
    path("sectors/", views.SectorList.as_view(), name="sector-list"),
    path("sectors/new/", views.SectorEdit.as_view(), name="sector-new"),
    path("sectors/<int:pk>/", views.SectorEdit.as_view(), name="sector-edit"),
    # accounts (the system administrator); locked accounts are accounts:security (the security administrator)
    path("users/", views.UserList.as_view(), name="user-list"),
    path("users/new/", views.UserEdit.as_view(), name="user-new"),
    path("users/<int:pk>/", views.UserEdit.as_view(), name="user-edit"),
    path("departments/", views.DepartmentList.as_view(), name="department-list"),
    path("departments/new/", views.DepartmentEdit.as_view(), name="department-new"),
    path("departments/<int:pk>/", views.DepartmentEdit.as_view(), name="department-edit"),
]
