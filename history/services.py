"""Recording history; every workflow step calls this inside its transaction."""
from django.contrib.contenttypes.models import ContentType

from .models import HistoryEntry


def history_record(
    *,
    subject,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    changes: dict | None = None,
    topic_id: int | None = None,
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        topic_id=topic_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        changes=changes or {},
    )
