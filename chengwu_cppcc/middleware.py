"""Chinese first: pages ignore the browser's Accept-Language; English is chosen with the language switch."""


class ChineseFirstMiddleware:
    """Placed before LocaleMiddleware: only the API honours Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
