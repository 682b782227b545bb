"""Password rules of 等保 level 2: complexity (8+ characters, three of four classes) and no reuse of the last N."""
import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    """At least `min_length` characters mixing at least `classes` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_length: int = 8, classes: int = 3):
        self.min_length, self.classes = min_length, classes

    def validate(self, password, user=None):
        found = sum(
            [
                any(c.isupper() for c in password),
                any(c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() or c in string.punctuation for c in password),
            ]
        )
        if len(password) < self.min_length or found < self.classes:
            raise ValidationError(self.message(), code="password_too_simple")

    def message(self) -> str:
        return _(
            "The password needs at least %(length)s characters and at least %(classes)s of: upper-case letters, "
            "lower-case letters, digits, symbols."
        ) % {"length": self.min_length, "classes": self.classes}

    def get_help_text(self):
        return self.message()


class HistoryValidator:
    """Not the current password nor one of the previous N (the security policy sets N)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import policy

        count = policy().password_history
        previous = [user.password] if user.password else []
        previous += list(user.password_history.values_list("password", flat=True)[: max(count - 1, 0)])
        if any(encoded and check_password(password, encoded) for encoded in previous[:count]):
            raise ValidationError(
                _("This password was one of your last %(count)s passwords; choose a new one.") % {"count": count},
                code="password_reused",
            )

    def get_help_text(self):
        return _("It may not be one of your last passwords.")
