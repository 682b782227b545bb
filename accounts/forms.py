"""The change-password form (Django's, with our validators) and the security policy form."""
from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from .models import SecurityPolicy


class PasswordChangeForm(DjangoPasswordChangeForm):
    pass


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["password_max_age_days", "password_warning_days", "password_history", "idle_timeout_minutes",
                  "lockout_failures", "lockout_minutes", "username_ceiling", "token_hours"]
