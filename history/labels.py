"""Readable labels for recorded actions and states, per object: each app registers its own.

An action name can mean different things on different objects ("approved" on a report and on a reply, "submitted"
on a report and on an outcome), so a label is looked up by the object's model first (`model_actions`), then by
the action alone. A state's label is always the object's own model's choice label: a reply's "approved" never
reads as a group's 报告已审定.
"""
from django.apps import apps
from django.utils.encoding import force_str

ACTION_LABELS: dict[str, str] = {}
MODEL_ACTION_LABELS: dict[tuple[str, str], str] = {}  # (model name, action) -> label, e.g. ("reply", "approved")
STATE_LABELS: dict[str, str] = {}  # a fallback for models without a status field


def register(*, actions: dict | None = None, states=None, model_actions: dict | None = None) -> None:
    ACTION_LABELS.update(actions or {})
    MODEL_ACTION_LABELS.update(model_actions or {})
    for value, label in states or ():
        STATE_LABELS.setdefault(value, label)


def action_label(model: str, action: str) -> str:
    """The label of `action` recorded on an object of model `model` ("reply")."""
    return MODEL_ACTION_LABELS.get((model, action)) or ACTION_LABELS.get(action) or action


_STATE_CHOICES: dict[tuple[str, str], dict] = {}


def state_label(app_label: str, model: str, state: str) -> str:
    """The label of `state` in the model's own status choices."""
    key = (app_label, model)
    if key not in _STATE_CHOICES:
        choices = {}
        try:
            field = apps.get_model(app_label, model)._meta.get_field("status")
            choices = dict(field.flatchoices or ())
        except (LookupError, Exception):  # no such model or no status field: the registered fallback
            choices = {}
        _STATE_CHOICES[key] = choices
    return _STATE_CHOICES[key].get(state) or STATE_LABELS.get(state, state)


def state_adds(action: str, state: str) -> bool:
    """Whether a state badge beside the action label tells something the label does not already say."""
    action, state = force_str(action).strip(), force_str(state).strip()
    if not state or state in action or action in state:
        return False
    # The state's verb already in the label (报送… · 已报送党委政府, Forwarded… · Forwarded): said once.
    core = state.lstrip("已待")
    verb = core[:2] if core[:1] > "\u2e7f" else (core.split() or [""])[0].lower()
    return not verb or verb not in action.lower()
