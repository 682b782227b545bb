"""Pages of proposals under /proposals/."""
from django.urls import path

from . import reports, views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("export.xlsx", reports.proposal_export, name="export"),
    path("figures/", reports.proposal_figures, name="figures"),
    path("figures/report.docx", reports.proposal_figures_report, name="figures-report"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/print/", reports.proposal_print, name="print"),
    path("<int:pk>/<str:step>/", views.proposal_step, name="step"),
]
