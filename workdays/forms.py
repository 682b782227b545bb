"""Forms of the working-day calendar pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.validation import plausible_date

from .services import MAX_WORKING_DAYS


class DueDateForm(forms.Form):
    start = forms.DateField(
        label=_("Start day"),
        help_text=_("The forwarding day; it is not counted."),
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    working_days = forms.IntegerField(
        label=_("Working days"),
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        initial=20,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
