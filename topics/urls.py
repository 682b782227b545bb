"""Pages of topic selection."""
from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("plan/", views.plan_board, name="plan-board"),
    path("plan/<int:year>/", views.plan_board, name="plan-board-year"),
    path("", views.TopicListView.as_view(), name="topic-list"),
    path("<int:pk>/", views.topic_detail, name="topic-detail"),
]
