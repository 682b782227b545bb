"""Admin: deadline policies are edited here (R14); the rest is for inspection and corrections.

No state is edited here: every state change is a step of outcomes.steps, taken through its service, with history."""
from django.contrib import admin

from .models import (
    Assignment,
    Contact,
    DeadlinePolicy,
    Outcome,
    ProgressReport,
    Reply,
    Suggestion,
    SupervisionCase,
    SupervisionEvent,
)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "kind", "reply_working_days", "cohandler_input_working_days", "return_window_working_days",
        "very_overdue_working_days", "report_interval_months", "require_pre_reply_consultation",
    ]


class SuggestionInline(admin.TabularInline):
    model = Suggestion
    extra = 0


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "consultation_type", "status", "forwarded_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    inlines = [SuggestionInline]
    readonly_fields = ["status", "consultation_type"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["outcome", "department", "role", "status", "forwarded_on", "due_on"]
    list_filter = ["status", "role", "department"]
    list_select_related = ["outcome", "department"]
    readonly_fields = ["status"]
    inlines = [ContactInline]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["assignment", "version", "status", "approval_level", "evaluation"]
    list_filter = ["status", "approval_level", "evaluation"]
    list_select_related = ["assignment__outcome", "assignment__department"]
    readonly_fields = ["status", "approval_level", "approver", "file"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["outcome", "assignment", "period_due_on", "submitted_at"]


class EventInline(admin.TabularInline):
    model = SupervisionEvent
    extra = 0


@admin.register(SupervisionCase)
class SupervisionCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "committee_office", "status", "opened_on", "closed_on"]
    list_filter = ["status"]
    # Closing is the `close` step (outcomes.services.supervision.case_close), with its result and history.
    readonly_fields = ["status", "closed_on"]
    inlines = [EventInline]
