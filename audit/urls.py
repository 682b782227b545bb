"""Pages of the audit trail (the audit administrator)."""
from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export/", views.audit_export, name="export"),
]
