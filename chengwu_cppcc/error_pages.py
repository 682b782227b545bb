"""The product's error pages for a bad request and a server error, in its own layout (templates/400.html, 500.html)."""
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


def bad_request(request, message="", *, status: int = 400):
    """A page answering 400 with the reason in the user's language (instead of a bare white page)."""
    return render(request, "400.html", {"message": str(message)}, status=status)


@requires_csrf_token
def handler400(request, exception=None):
    """Django's handler for BadRequest/SuspiciousOperation: the same page, without echoing the exception."""
    return bad_request(request)


@requires_csrf_token
def handler404(request, exception=None):
    """Under /api/ a path that names no operation (`/api/topics/abc/` where the id is a number) answers the API's
    error body as JSON, like every API error (docs/api.md); elsewhere the product's 404 page."""
    if request.path.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        from .api import error_body

        return JsonResponse(error_body(NotFound.default_detail, "not_found"), status=404,
                            json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def handler500(request):
    """A server error: rendered without context processors (the database may be what failed)."""
    return HttpResponseServerError(loader.get_template("500.html").render())
