"""Pages of outcome conversion (精准破题)."""
from django.urls import path

from . import downloads, exports, registers, views

app_name = "outcomes"

urlpatterns = [
    path("", views.OutcomeListView.as_view(), name="outcome-list"),
    path("export.xlsx", exports.OutcomeExportView.as_view(), name="outcome-export"),
    path("new/", views.OutcomeCreateView.as_view(), name="outcome-create"),
    path("<int:pk>/", views.OutcomeDetailView.as_view(), name="outcome-detail"),
    path("<int:pk>/edit/", views.OutcomeEditView.as_view(), name="outcome-edit"),
    path("<int:pk>/minutes.docx", downloads.minutes_document, name="minutes-docx"),
    path("<int:pk>/forwarding-letter.docx", downloads.forwarding_letter, name="forwarding-letter"),
    path("<int:pk>/meeting/", registers.MeetingRecordView.as_view(), name="meeting-record"),
    path("numbers/", registers.NumberRegisterView.as_view(), name="number-register"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment-list"),
    path("assignments/export.xlsx", exports.AssignmentExportView.as_view(), name="assignment-export"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment-detail"),
    path("assignments/<int:pk>/reply/", views.ReplyFormView.as_view(), name="reply-create"),
    path("replies/<int:pk>/", views.ReplyDetailView.as_view(), name="reply-detail"),
    path("replies/<int:pk>/edit/", views.ReplyFormView.as_view(), name="reply-edit"),
    path("replies/<int:pk>/file/", downloads.reply_file, name="reply-file"),
    path("approvals/", views.ApprovalQueueView.as_view(), name="approval-queue"),
    path("approvals/export.xlsx", exports.ApprovalQueueExportView.as_view(), name="approval-export"),
    path("evaluations/export.xlsx", exports.EvaluationQueueExportView.as_view(), name="evaluation-export"),
    path("evaluations/", views.EvaluationQueueView.as_view(), name="evaluation-queue"),
    path("supervision/", views.SupervisionBoardView.as_view(), name="supervision-board"),
    path("supervision/export.xlsx", exports.CaseExportView.as_view(), name="case-export"),
    path("supervision/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
]
