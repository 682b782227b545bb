"""Pages of topic selection."""
from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("plan/", views.plan_board, name="plan-board"),
    path("plan/new/", views.plan_create, name="plan-create"),
    path("plan/<int:year>/", views.plan_board, name="plan-board-year"),
    path("plan/<int:year>/export.docx", views.plan_export, name="plan-export"),
    path("plan/<int:year>/<str:step>/", views.plan_step, name="plan-step"),
    path("plan/<int:year>/batch/<str:step>/", views.plan_batch, name="plan-batch"),
    path("", views.TopicListView.as_view(), name="topic-list"),
    path("new/", views.topic_create, name="topic-create"),
    path("export.xlsx", views.topic_export, name="topic-export"),
    path("new/similar/", views.topic_similar, name="topic-similar"),
    path("<int:pk>/", views.topic_detail, name="topic-detail"),
    path("<int:pk>/edit/", views.topic_edit, name="topic-edit"),
    path("<int:pk>/edit/similar/", views.topic_similar, name="topic-edit-similar"),
    path("<int:pk>/<str:step>/", views.topic_step, name="topic-step"),
]
