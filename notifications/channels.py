"""Delivery channels beyond the in-app centre; an SMS gateway is one more class in settings."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Channel:
    """A way to reach a person outside the app. Subclasses set `name` and implement both methods."""

    name = ""

    def wants(self, notification) -> bool:
        raise NotImplementedError

    def send(self, notification) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """Email through Django's configured backend (SMTP in production, console in development)."""

    name = "email"

    def wants(self, notification) -> bool:
        user = notification.recipient
        return bool(user.email and user.email_notifications and user.is_active)

    def send(self, notification) -> None:
        link = f"\n\n{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
        send_mail(
            subject=f"[成武县政协] {notification.title}",
            message=f"{notification.body}{link}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )


def configured_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]
