"""Admin for the directory."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, Member, MemberGroup, RoleGrant, Sector, SpecialCommittee, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "full_name", "department", "is_active"]
    list_filter = ["role_grants__role", "department", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Committee"), {"fields": ["full_name", "title", "department", "email_notifications"]}),
    )


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "group", "expertise", "is_active"]
    list_filter = ["sector", "group", "committees", "is_active"]
    search_fields = ["name", "expertise", "employer"]
    filter_horizontal = ["committees"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "leader_in_charge", "is_active"]
    search_fields = ["name"]


admin.site.register(SpecialCommittee)
admin.site.register(MemberGroup)
admin.site.register(Sector)
