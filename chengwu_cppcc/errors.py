"""The one family of domain errors that services raise; the API and the pages map it to HTTP once."""
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused workflow step; nothing was changed."""

    status_code = 400
    default_message = _("The request was refused.")

    def __init__(self, message=None, *, field_errors: dict | None = None):
        self.message = message or self.default_message
        self.field_errors = field_errors or {}
        super().__init__(str(self.message))


class InvalidInput(ServiceError):
    """400: the input is wrong; field_errors says where."""

    status_code = 400
    default_message = _("The input is invalid.")


class NotAllowed(ServiceError):
    """403: the actor's role may not take this step."""

    status_code = 403
    default_message = _("You do not have permission to do this.")


class NotFound(ServiceError):
    """404: the object is outside the actor's scope (or does not exist)."""

    status_code = 404
    default_message = _("Not found.")


class InvalidState(ServiceError):
    """409: the object's current state does not allow this step."""

    status_code = 409
    default_message = _("This step is not allowed in the current state.")
