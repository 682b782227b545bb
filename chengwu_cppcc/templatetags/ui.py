"""The shared pieces of the visual language (docs/ui.md): status badges, the filter bar's fields."""
from django import forms, template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy

from chengwu_cppcc.tones import normalise, tone_of

register = template.Library()

# The badge's markup (was includes/status_badge.html, rendered as a template for every row of every list).
BADGE = '<span class="badge tone tone-{}">{}</span>'


@register.simple_tag
def status_badge(obj, label=None, state_field="status"):
    """`{% status_badge topic %}`: the object's state label in the colour of its meaning."""
    if label is None:
        display = getattr(obj, f"get_{state_field}_display", None)
        label = display() if display else getattr(obj, state_field, "")
    return format_html(BADGE, tone_of(obj, state_field), label)


@register.simple_tag
def tone_badge(tone, label):
    """A badge for a meaning computed elsewhere (`{% tone_badge "overdue" _("Overdue") %}`)."""
    return format_html(BADGE, normalise(tone), label)


_NAV: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def nav_items(context):
    """The menu (includes/nav_items.html), rendered once per set of roles, language and URL prefix in a process:
    it depends on nothing else, and rendering it took ~2 ms of every page (15 URL reversals, 30 translations)."""
    user = context.get("user")
    roles = frozenset(context.get("user_roles") or ())
    key = (roles, bool(user and user.is_authenticated), get_language(), get_script_prefix(),
           get_urlconf() or settings.ROOT_URLCONF)
    html = None if settings.DEBUG else _NAV.get(key)  # in development, template edits show at once
    if html is None:
        html = _NAV[key] = render_to_string("includes/nav_items.html", {"user": user, "user_roles": roles})
    return mark_safe(html)  # noqa: S308 (the template's own output, autoescaped when rendered)


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
