"""Pages of statistics: the overview, its .xlsx export, the year's work report and global search."""
from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("export.xlsx", views.ExportXlsxView.as_view(), name="export-xlsx"),
    path("work-report.docx", views.WorkReportView.as_view(), name="work-report"),
    path("search/", views.SearchView.as_view(), name="search"),
]
