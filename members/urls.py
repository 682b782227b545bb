"""Pages of members' own work under /members/."""
from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("opinions/", views.opinion_list, name="opinion-list"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion-detail"),
    path("topics/<int:topic_pk>/ask/", views.opinion_ask, name="opinion-ask"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/<str:step>/", views.activity_step, name="activity-step"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/qr.svg", views.meeting_qr, name="meeting-qr"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("public-opinions/", views.public_opinion_list, name="public-opinion-list"),
    path("public-opinions/new/", views.public_opinion_create, name="public-opinion-create"),
    path("public-opinions/<int:pk>/", views.public_opinion_detail, name="public-opinion-detail"),
    path("public-opinions/<int:pk>/edit/", views.public_opinion_edit, name="public-opinion-edit"),
    path("public-opinions/<int:pk>/attachment/", views.public_opinion_attachment, name="public-opinion-attachment"),
    path("public-opinions/<int:pk>/<str:step>/", views.public_opinion_step, name="public-opinion-step"),
    path("record/", views.my_record, name="record"),
    path("records/", views.record_ranking, name="record-ranking"),
    path("records/export.xlsx", views.record_export, name="record-export"),
    path("records/<int:member_pk>/", views.record_member, name="record-member"),
    path("records/<int:member_pk>/document.docx", views.record_document, name="record-document"),
    path("rules/", views.rules, name="rules"),
]
