"""Forms of the office pages; they shape input (and the 三员分立 rule on roles), the services write."""
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from directory.models import Department, Member, MemberGroup, Sector, SpecialCommittee, User
from directory.roles import ADMINISTRATORS, Role
from directory.selectors import users_with_role
from notifications.models import ReminderPolicy
from outcomes.models import DeadlinePolicy
from workdays.models import CalendarDay


class StyledMixin:
    """Bootstrap classes on every widget; a multiple choice among many is a searchable picker (docs/ui.md)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("data-picker", "multi")
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = _("(none)")


class DateInput(forms.DateInput):
    input_type = "date"


class CalendarDayForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "note"]
        widgets = {"date": DateInput, "note": forms.Textarea(attrs={"rows": 2})}


class DeadlinePolicyForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = DeadlinePolicy
        fields = [
            "reply_unit", "reply_working_days", "reply_months", "cohandler_input_working_days",
            "return_window_working_days", "very_overdue_working_days", "report_interval_months",
            "require_pre_reply_consultation", "approval", "evaluation_working_days",
        ]

    def clean_reply_working_days(self):
        value = self.cleaned_data["reply_working_days"]
        if value < 1:
            raise forms.ValidationError(_("A department needs at least one working day to reply."))
        return value


class ReminderPolicyForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        fields = [
            "dept_days_before_due", "dept_on_due_date", "dept_first_overdue_day", "escalate_after_overdue_days",
            "escalate_every_days", "escalate_to_supervisor", "escalate_to_staff", "progress_days_before_due",
            "milestone_days_before_due", "batch_size",
        ]

    def clean_batch_size(self):
        value = self.cleaned_data["batch_size"]
        if not 100 <= value <= 20000:
            raise forms.ValidationError(_("Between 100 and 20,000 rows per batch."))
        return value

    def clean_escalate_every_days(self):
        value = self.cleaned_data["escalate_every_days"]
        if value < 1:
            raise forms.ValidationError(_("Repeat at least every working day (1 or more)."))
        return value


SCHEDULE_KINDS = [("crontab", _("At set times (cron)")), ("interval", _("At a fixed interval"))]
PERIODS = [("minutes", _("minutes")), ("hours", _("hours")), ("days", _("days"))]


class TaskScheduleForm(StyledMixin, forms.Form):
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    kind = forms.ChoiceField(label=_("Schedule"), choices=SCHEDULE_KINDS)
    every = forms.IntegerField(label=_("Every"), min_value=1, max_value=100000, required=False)
    period = forms.ChoiceField(label=_("Unit"), choices=PERIODS, required=False)
    minute = forms.CharField(label=_("Minute (0–59)"), max_length=60, required=False, initial="0")
    hour = forms.CharField(label=_("Hour (0–23)"), max_length=60, required=False, initial="*")
    day_of_week = forms.CharField(label=_("Day of week (0–6, 0 is Sunday)"), max_length=60, required=False, initial="*")
    day_of_month = forms.CharField(label=_("Day of month (1–31)"), max_length=60, required=False, initial="*")
    month_of_year = forms.CharField(label=_("Month (1–12)"), max_length=60, required=False, initial="*")

    CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")

    def clean(self):
        from django_celery_beat import validators

        data = super().clean()
        if data.get("kind") == "interval":
            if not data.get("every"):
                self.add_error("every", _("Enter how often the task runs."))
            if not data.get("period"):
                self.add_error("period", _("Choose a unit."))
        elif data.get("kind") == "crontab":
            checks = {
                "minute": validators.minute_validator, "hour": validators.hour_validator,
                "day_of_week": validators.day_of_week_validator, "day_of_month": validators.day_of_month_validator,
                "month_of_year": validators.month_of_year_validator,
            }
            for name, check in checks.items():
                value = (data.get(name) or "").strip() or "*"
                data[name] = value
                try:
                    check(value)
                except forms.ValidationError:
                    self.add_error(name, _("Not a valid cron value (for example *, 8, 8,14 or */2)."))
        return data

    @classmethod
    def initial_for(cls, task) -> dict:
        initial = {"enabled": task.enabled}
        if task.crontab_id:
            initial["kind"] = "crontab"
            initial.update({name: getattr(task.crontab, name) for name in cls.CRONTAB_FIELDS})
        elif task.interval_id:
            initial.update(kind="interval", every=task.interval.every, period=task.interval.period)
        return initial


class MemberForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "sector", "group", "committees", "expertise", "employer", "is_active"]


class NameForm(StyledMixin, forms.ModelForm):
    """A record that is only a name: a member activity group, a special committee, a sector."""

    class Meta:
        fields = ["name"]

    @classmethod
    def for_model(cls, model):
        return forms.modelform_factory(model, form=cls, fields=["name"])


MEMBER_GROUP_FORM = NameForm.for_model(MemberGroup)
COMMITTEE_FORM = NameForm.for_model(SpecialCommittee)
SECTOR_FORM = NameForm.for_model(Sector)


class DepartmentForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "leader_in_charge", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader_in_charge"].queryset = users_with_role(Role.LEADER_IN_CHARGE)
        self.fields["leader_in_charge"].help_text = _("The government leader who approves this department's replies (R12).")


class UserForm(StyledMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The three administrators hold no other role (separation of duties)."),
    )
    password1 = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=False), required=False,
                                help_text=_("At least 10 characters; the user must change it at the first login."))
    password2 = forms.CharField(label=_("Initial password again"), widget=forms.PasswordInput(render_value=False), required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "title", "email", "department", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("id")
        self.fields["department"].help_text = _("Required for a department officer.")
        self.fields["full_name"].required = True
        if self.instance.pk:
            del self.fields["password1"], self.fields["password2"]
            self.initial.setdefault("roles", list(self.instance.role_grants.values_list("role", flat=True)))
        else:
            self.fields["password1"].required = self.fields["password2"].required = True

    def clean_roles(self):
        roles = set(self.cleaned_data["roles"])
        administrators = roles & set(ADMINISTRATORS)
        if administrators and len(roles) > 1:
            raise forms.ValidationError(_("An administrator role cannot be combined with any other role."))
        return sorted(roles)

    def clean(self):
        data = super().clean()
        if Role.DEPARTMENT in (data.get("roles") or []) and not data.get("department"):
            self.add_error("department", _("A department officer needs a department."))
        if "password1" in self.fields and data.get("password1"):
            if data.get("password1") != data.get("password2"):
                self.add_error("password2", _("The two passwords differ."))
            else:
                probe = User(username=data.get("username") or "", full_name=data.get("full_name") or "",
                             email=data.get("email") or "")
                try:
                    validate_password(data["password1"], user=probe)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data
