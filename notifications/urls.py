"""Pages of the notification centre."""
from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("export.xlsx", views.notification_export, name="export"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("email/", views.email_preference, name="email-preference"),
]
