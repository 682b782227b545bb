"""Admin: the reminder policy is edited here; the ledger and notifications are read-only records."""
from django.contrib import admin

from .models import Delivery, Notification, Reminder, ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ReminderPolicy.objects.exists()


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "content_type", "object_id", "period"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "notification", "attempts", "sent_at"]
    list_filter = ["channel"]
