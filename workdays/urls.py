"""Pages of the working-day calendar."""
from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calculator, name="calculator"),
]
