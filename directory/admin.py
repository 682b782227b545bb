"""Admin for the directory: the system administrator's tool for users, roles and departments (三员分立).

The admin opens to the system administrator (and to a developer superuser on an installation); the security
administrator resets passwords and unlocks accounts on the security pages, the audit administrator reads the
audit trail on the audit page, and neither of them, nor any committee role, enters the admin.
"""
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import duties
from .models import Department, Member, MemberGroup, RoleGrant, Sector, SpecialCommittee, User
from .roles import ADMINISTRATORS


def _admin_has_permission(request) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or duties.may_manage_accounts(user)))


admin.site.has_permission = _admin_has_permission


class SystemAdministratorPermissions:
    """The system administrator views, adds and changes directory records; nothing is deleted (deactivate)."""

    def _sysadmin(self, request) -> bool:
        return request.user.is_superuser or duties.may_manage_accounts(request.user)

    def has_module_permission(self, request):
        return self._sysadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_add_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._sysadmin(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RoleGrantFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        roles = {
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("role")
        }
        if roles.intersection(ADMINISTRATORS) and len(roles) > 1:
            raise forms.ValidationError(
                _("An administrator (system, security or audit) holds that one role and no other (三员分立).")
            )


class RoleGrantInline(SystemAdministratorPermissions, admin.TabularInline):
    model = RoleGrant
    formset = RoleGrantFormSet
    extra = 1


@admin.register(User)
class UserAdmin(SystemAdministratorPermissions, BaseUserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "full_name", "department", "is_active"]
    list_filter = ["role_grants__role", "department", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Committee"), {"fields": ["full_name", "title", "department", "email_notifications"]}),
        (_("Password"), {"fields": ["password_changed_at", "must_change_password"]}),
    )
    readonly_fields = ["password_changed_at", "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # No way around the separation: no superuser flag, no Django permissions, no password set here.
            fields += ["is_superuser", "is_staff", "groups", "user_permissions", "must_change_password"]
        return fields

    def get_inline_instances(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return []  # nobody grants roles to themselves
        return super().get_inline_instances(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied  # passwords are reset by the security administrator (accounts:security)
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the first login changes the password set here
        super().save_model(request, obj, form, change)


@admin.register(Member)
class MemberAdmin(SystemAdministratorPermissions, admin.ModelAdmin):
    list_display = ["name", "sector", "group", "expertise", "is_active"]
    list_filter = ["sector", "group", "committees", "is_active"]
    search_fields = ["name", "expertise", "employer"]
    filter_horizontal = ["committees"]


@admin.register(Department)
class DepartmentAdmin(SystemAdministratorPermissions, admin.ModelAdmin):
    list_display = ["name", "leader_in_charge", "is_active"]
    search_fields = ["name"]


@admin.register(SpecialCommittee, MemberGroup, Sector)
class DirectoryRecordAdmin(SystemAdministratorPermissions, admin.ModelAdmin):
    pass
