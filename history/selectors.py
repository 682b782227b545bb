"""Reads of history for timelines."""
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import HistoryEntry


def history_for(subject) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")


def history_for_topic(topic_id: int) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(topic_id=topic_id).select_related("actor", "content_type")
