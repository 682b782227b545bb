"""Top-level routes: pages per app, the API under /api/, the admin and the language switch."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

api_patterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),  # init script served as a file (CSP)
    path("", include("topics.api")),
    path("", include("research.api")),
    path("", include("outcomes.api")),
    path("", include("workdays.api")),
    path("", include("notifications.api")),
    path("", include("stats.api")),
    path("", include("workbench.api")),
]

urlpatterns = [
    path("", include("workbench.home_urls")),  # the home page, named plain "home"
    path("", include("workbench.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("topics/", include("topics.urls")),
    path("research/", include("research.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("calendar/", include("workdays.urls")),
    path("notifications/", include("notifications.urls")),
    path("stats/", include("stats.urls")),
]
