"""Reads of notifications: a person sees only their own."""
from django.db.models import QuerySet

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
