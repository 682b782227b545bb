"""Account pages: change password (everyone), security administration (the security administrator)."""
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password-change"),
    path("security/", views.security_home, name="security"),
    path("security/unlock/", views.unlock, name="unlock"),
    path("security/users/<int:pk>/reset-password/", views.reset_password, name="reset-password"),
    path("security/users/<int:pk>/revoke-tokens/", views.revoke_tokens, name="revoke-tokens"),
]
