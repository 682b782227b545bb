"""Reads of the office pages."""
from django.utils.translation import gettext_lazy as _

# Recorded changes that are not model fields of their record.
EXTRA_LABELS = {"roles": _("Roles"), "schedule": _("Schedule"), "enabled": _("Enabled")}
YES, NO = _("Yes"), _("No")


def _shown(value):
    if value is True:
        return YES
    if value is False:
        return NO
    return "—" if value in (None, "") else value


def change_rows(entry) -> list[tuple]:
    """(label, before, after) for each recorded change, labelled by the record's own field names."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    rows = []
    for name, change in (entry.changes or {}).items():
        try:
            label = model._meta.get_field(name).verbose_name if model else EXTRA_LABELS.get(name, name)
        except Exception:
            label = EXTRA_LABELS.get(name, name)
        before, after = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
        rows.append((label, _shown(before), _shown(after)))
    return rows


def recent_changes(*, model=None, actions=None, limit: int = 8):
    """The latest history entries of the office's records of one model (or with these actions), with their changes."""
    from django.contrib.contenttypes.models import ContentType

    from history.models import HistoryEntry

    entries = HistoryEntry.objects.select_related("actor").order_by("-created_at", "-id")
    if model is not None:
        entries = entries.filter(content_type=ContentType.objects.get_for_model(model))
    if actions is not None:
        entries = entries.filter(action__in=actions)
    entries = list(entries[:limit])
    for entry in entries:
        entry.change_rows = change_rows(entry)
    return entries
