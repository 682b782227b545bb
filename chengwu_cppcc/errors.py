"""The one family of domain errors that services raise; the API and the pages map it to HTTP once."""
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused workflow step; nothing was changed."""

    status_code = 400
    code = "refused"  # the stable machine code of the refusal (docs/api.md lists them); a raise may name its own
    default_message = _("The request was refused.")

    def __init__(self, message=None, *, field_errors: dict | None = None, code: str | None = None):
        self.message = message or self.default_message
        self.field_errors = field_errors or {}
        if code:
            self.code = code
        super().__init__(str(self.message))


class InvalidInput(ServiceError):
    """400: the input is wrong; field_errors says where."""

    status_code = 400
    code = "invalid"
    default_message = _("The input is invalid.")


class NotAllowed(ServiceError):
    """403: the actor's role may not take this step."""

    status_code = 403
    code = "not_allowed"
    default_message = _("You do not have permission to do this.")


class NotFound(ServiceError):
    """404: the object is outside the actor's scope (or does not exist)."""

    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class InvalidState(ServiceError):
    """409: the object's current state does not allow this step."""

    status_code = 409
    code = "conflict"
    default_message = _("This step is not allowed in the current state.")


# Every `code` an API error body can carry, with its meaning (docs/api.md repeats this table; tests/api checks it).
ERROR_CODES = {
    # refusals of a step (ServiceError and subclasses; the default per class or named at the raise site)
    "invalid": "The input is invalid; `fields` says where.",
    "not_allowed": "Your role may not take this step (or use this route).",
    "not_your_department": "The step belongs to another department's officers.",
    "not_yours": "The step belongs to another person in charge (group leader, vice-chair, author).",
    "not_found": "Not found, or outside what you may see.",
    "wrong_state": "The object's current state does not allow this step.",
    "conflict": "A rule of the step refuses it now; `detail` says which.",
    "quota_full": "The plan's quota for this track is already filled.",
    # the API's own
    "unknown_parameter": "A query parameter the list does not know.",
    "invalid_parameter": "A query parameter with a value of the wrong type or outside its choices.",
    "parse_error": "The body is not valid JSON (or too deep, or holds a NUL).",
    "not_authenticated": "No token or session.",
    "authentication_failed": "The token is invalid or expired.",
    "password_change_required": "The password must be changed (on the web pages) before the API may be used.",
    "too_deep": "The JSON body nests deeper than the parser allows.",
    "nul_byte": "The JSON body holds a NUL character.",
    "not_acceptable": "The Accept header asks for a format the API does not give.",
    "method_not_allowed": "The method is not offered on this route.",
    "unsupported_media_type": "The body's content type is not accepted.",
    "precondition_required": "PATCH/PUT without If-Match.",
    "precondition_failed": "If-Match names a version that is no longer current; `version` gives the current one.",
    "idempotency_key_reused": "The Idempotency-Key was used with another body.",
    "idempotency_key_in_use": "A request with this Idempotency-Key is still being answered.",
    "locked_out": "Too many failed logins.",
}
