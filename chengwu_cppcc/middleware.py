"""Chinese first: pages ignore the browser's Accept-Language; English is chosen with the language switch."""


class ChineseFirstMiddleware:
    """Placed before LocaleMiddleware: only the API honours Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL byte in the query string or a form field is refused with 400 (the database would fail on it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.core.exceptions import BadRequest
            from django.http import JsonResponse

            from .api import error_body
            from .security import _nul_message

            if request.path.startswith("/api/"):
                return JsonResponse(error_body(_nul_message(), "nul_byte"), status=400)
            raise BadRequest(_nul_message())
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(("application/x-www-form-urlencoded", "multipart/")):
            try:
                return any("\x00" in key or any("\x00" in value for value in values)
                           for key, values in request.POST.lists())
            except Exception:  # a broken body is the view's (or CSRF's) problem, not a NUL
                return False
        return False
