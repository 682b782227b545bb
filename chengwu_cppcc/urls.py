"""Top-level routes: pages per app, the API under /api/, the admin and the language switch."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

# The Django admin is the developers' tool, branded so nobody takes it for the product (the office works in /office/).
admin.site.site_header = _("Chengwu County CPPCC · Developer admin")
admin.site.site_title = _("Chengwu County CPPCC · Developer admin")
admin.site.index_title = _("For developers only: the office works in Office administration")

api_patterns = [
    path("", include("accounts.api")),  # auth/token/ (hashed, expiring knox tokens), auth/logout/, auth/logout-all/
    # The schema and its page need a login (probe finding 6).
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),  # init script served as a file (CSP)
    path("", include("audit.api")),
    path("", include("topics.api")),
    path("", include("research.api")),
    path("", include("outcomes.api")),
    path("", include("workdays.api")),
    path("", include("notifications.api")),
    path("", include("stats.api")),
    path("", include("workbench.api")),
    path("", include("members.api")),
    path("", include("proposals.api")),
]

urlpatterns = [
    path("", include("workbench.home_urls")),  # the home page, named plain "home"
    path("", include("workbench.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),  # the developer admin (branded below); the navigation never links here
    path("api/", include(api_patterns)),
    path("topics/", include("topics.urls")),
    path("research/", include("research.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("calendar/", include("workdays.urls")),
    path("notifications/", include("notifications.urls")),
    path("stats/", include("stats.urls")),
    path("office/", include("office.urls")),  # 机关管理; /admin/ is for developers only
    path("members/", include("members.urls")),
    path("proposals/", include("proposals.urls")),
]

# The product's own error pages (templates/400.html, 500.html); 403 and 404 are rendered from their templates
# (a 404 under /api/ is the API's JSON error body).
handler400 = "chengwu_cppcc.error_pages.handler400"
handler404 = "chengwu_cppcc.error_pages.handler404"
handler500 = "chengwu_cppcc.error_pages.handler500"
