"""The product's own validation messages, in both languages, instead of Django's stock ones ("确保该变量…").

Set once at start-up (`install()`, from directory's AppConfig.ready), for every form and serializer field:
a message names what is wrong and what to do, in the words of docs/ui.md.
"""
from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

REQUIRED = _("Please fill in this field.")
INVALID_CHOICE = _("Choose one of the options in the list.")

FIELD_MESSAGES = {
    forms.Field: {"required": REQUIRED},
    forms.ChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.TypedChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.MultipleChoiceField: {"invalid_choice": INVALID_CHOICE, "invalid_list": _("Choose from the list.")},
    forms.ModelChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.ModelMultipleChoiceField: {
        "invalid_choice": INVALID_CHOICE, "invalid_list": _("Choose from the list."),
        "invalid_pk_value": INVALID_CHOICE,
    },
    forms.IntegerField: {"invalid": _("Enter a whole number, e.g. 10.")},
    forms.DecimalField: {"invalid": _("Enter a number.")},
    forms.DateField: {"invalid": _("Enter a date such as 2026-12-01.")},
    forms.DateTimeField: {"invalid": _("Enter a date and time such as 2026-12-01 09:30.")},
    forms.EmailField: {},
    forms.FileField: {
        "invalid": _("The file could not be read; choose it again."),
        "missing": _("Choose a file."),
        "empty": _("The file is empty."),
    },
}


def install() -> None:
    for field_class, messages in FIELD_MESSAGES.items():
        field_class.default_error_messages = {**field_class.default_error_messages, **messages}
    validators.MaxLengthValidator.message = ngettext_lazy(
        "Too long: at most %(limit_value)d character (now %(show_value)d). Please shorten it.",
        "Too long: at most %(limit_value)d characters (now %(show_value)d). Please shorten it.",
        "limit_value",
    )
    validators.MinLengthValidator.message = ngettext_lazy(
        "Too short: at least %(limit_value)d character (now %(show_value)d).",
        "Too short: at least %(limit_value)d characters (now %(show_value)d).",
        "limit_value",
    )
    validators.MaxValueValidator.message = _("At most %(limit_value)s.")
    validators.MinValueValidator.message = _("At least %(limit_value)s.")
    validators.EmailValidator.message = _("Enter an e-mail address such as name@example.com.")
