"""Pages of the research stage."""
from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.GroupListView.as_view(), name="group-list"),
    path("export.xlsx", views.GroupExportView.as_view(), name="group-export"),
    path("mine/", views.MyGroupsView.as_view(), name="my-groups"),
    path("reviews/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("reviews/export.xlsx", views.ReviewQueueExportView.as_view(), name="review-export"),
    path("visits/", views.VisitListView.as_view(), name="visit-list"),
    path("visits/export.xlsx", views.VisitExportView.as_view(), name="visit-export"),
    path("groups/new/", views.GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/advance/", views.group_advance, name="group-advance"),
    path("groups/<int:pk>/members/", views.member_add, name="member-add"),
    path("groups/<int:pk>/milestones/", views.milestone_create, name="milestone-create"),
    path("groups/<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("groups/<int:pk>/report/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("milestones/<int:pk>/complete/", views.milestone_complete, name="milestone-complete"),
    path("activities/<int:pk>/findings/", views.finding_add, name="finding-add"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/withdraw/", views.report_withdraw, name="report-withdraw"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report-review"),
    path("reports/<int:pk>/diff/", views.ReportDiffView.as_view(), name="report-diff"),
]
