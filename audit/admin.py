"""The audit trail in the admin: read-only for everybody, nothing added, changed or deleted."""
from django.contrib import admin

from directory import duties

from .models import Archive, AuditRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return duties.may_read_audit(request.user)

    def get_actions(self, request):
        return {}


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "username", "ip", "action", "object_type", "object_id", "result", "status"]
    list_filter = ["action", "result"]
    search_fields = ["username", "object_type", "object_id"]


@admin.register(Archive)
class ArchiveAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file", "first_seq", "upto_seq", "count"]
