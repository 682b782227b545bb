"""Pages of the top app: the to-do centre and a topic's lifecycle."""
from django.urls import path

from . import lifecycle, views

app_name = "workbench"
urlpatterns = [
    path("todos/", views.todo_list, name="todo-list"),
    path("todos/count/", views.todo_badge, name="todo-count"),
    path("topics/<int:pk>/lifecycle/", lifecycle.topic_lifecycle, name="topic-lifecycle"),
]
