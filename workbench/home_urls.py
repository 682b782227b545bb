"""The home page's route, outside the app's namespace (every template links to plain "home")."""
from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]
