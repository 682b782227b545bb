"""The shared pieces of the visual language (docs/ui.md): status badges, the filter bar's fields."""
from django import forms, template
from django.utils.translation import pgettext_lazy

from chengwu_cppcc.tones import normalise, tone_of

register = template.Library()


@register.inclusion_tag("includes/status_badge.html")
def status_badge(obj, label=None, state_field="status"):
    """`{% status_badge topic %}`: the object's state label in the colour of its meaning."""
    if label is None:
        display = getattr(obj, f"get_{state_field}_display", None)
        label = display() if display else getattr(obj, state_field, "")
    return {"tone": tone_of(obj, state_field), "label": label}


@register.inclusion_tag("includes/status_badge.html")
def tone_badge(tone, label):
    """A badge for a meaning computed elsewhere (`{% tone_badge "overdue" _("Overdue") %}`)."""
    return {"tone": normalise(tone), "label": label}


@register.filter
def tone_class(tone) -> str:
    return f"tone-{normalise(tone)}"


ALL_CHOICES = [("", pgettext_lazy("filter", "All")), ("true", pgettext_lazy("filter", "Yes")), ("false", pgettext_lazy("filter", "No"))]


@register.filter
def filter_field(bound_field):
    """A filter form's field for the filter bar: "All" instead of "Unknown" on a yes/no filter, Bootstrap classes."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.NullBooleanSelect):
        widget.choices = ALL_CHOICES
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    classes = widget.attrs.get("class", "")
    if "form-" not in classes:
        widget.attrs["class"] = f"{classes} {css}".strip()
    elif "-sm" not in classes:
        widget.attrs["class"] = classes.replace("form-select", "form-select form-select-sm", 1).replace(
            "form-control", "form-control form-control-sm", 1
        )
    return bound_field


@register.filter
def history_tone(entry) -> str:
    """The tone of the state a history entry moved to."""
    from django.contrib.contenttypes.models import ContentType

    from chengwu_cppcc.tones import tone_for

    content_type = ContentType.objects.get_for_id(entry.content_type_id)
    return tone_for(f"{content_type.app_label}.{content_type.model}", entry.to_state)


@register.filter
def required_when(bound_field) -> str:
    """The condition ("source=special_committee") under which a field not always required is required."""
    return bound_field.field.widget.attrs.get("data-required-when", "")


@register.filter
def except_fields(form, names: str):
    """The form's bound fields without those named (comma-separated): the filter bar's shown fields."""
    skip = {n.strip() for n in (names or "").split(",") if n.strip()}
    return [field for field in form if field.name not in skip]


@register.filter
def only_fields(form, names: str):
    """The bound fields named (comma-separated): carried as hidden inputs when they have a value."""
    keep = {n.strip() for n in (names or "").split(",") if n.strip()}
    return [field for field in form if field.name in keep and field.value() not in (None, "")]


@register.filter
def state_tone(state, labels: str) -> str:
    """The tone of a bare state value, looked up in the first of the models (comma-separated labels) that has it."""
    from chengwu_cppcc.tones import STATE_TONES, Tone

    for label in labels.split(","):
        tones = STATE_TONES.get(label.strip().lower(), {})
        if str(state) in tones:
            return tones[str(state)]
    return Tone.NEUTRAL
