import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils._os import safe_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from kaigon.api import api_error_response, is_api_path
from kaigon.errors import (
    ErrorCode,
    KaigonError,
    NotFound,
    PermissionDenied,
    ServerError,
)

FRONT_PAGE_POSTS = 10

ERROR_PAGE_TITLES = {
    403: _("Access denied"),
    404: _("Page not found"),
    429: _("Too many attempts"),
}


def error_page_response(request: HttpRequest, error: KaigonError) -> HttpResponse:
    """A KaigonError as the site's styled error page, with its status."""
    response = render(
        request,
        "error.html",
        {
            "status": error.status,
            "title": ERROR_PAGE_TITLES.get(error.status, _("That did not work")),
            "message": error.message,
            "fields": error.field_messages(),
            "retry_after": getattr(error, "retry_after", None),
        },
        status=error.status,
    )
    for name, value in error.headers.items():
        response[name] = value
    return response


def error_response(request: HttpRequest, error: KaigonError) -> HttpResponse:
    """A KaigonError that escaped a view: JSON under /api/, else the error page."""
    if is_api_path(request.path):
        return api_error_response(error)
    return error_page_response(request, error)


@csrf_exempt  # answers every method with a 404; nothing to protect
def api_not_found(request: HttpRequest) -> JsonResponse:
    return api_error_response(NotFound(_("There is no API endpoint at this address.")))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the API answers in its error shape, pages explain."""
    if is_api_path(request.path):
        return api_error_response(
            PermissionDenied(
                _(
                    "CSRF check failed: send the X-CSRFToken header with a "
                    "session login."
                ),
                code=ErrorCode.CSRF_FAILED,
            )
        )
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return api_not_found(request)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path):
        return api_error_response(ServerError())
    return render(request, "500.html", status=500)


@require_GET
def serve_local_media(request: HttpRequest, path: str) -> FileResponse:
    """Uploaded files in the embedded setup (S3 serves them in production)."""
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except ValueError as exc:
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    content_type, _encoding = mimetypes.guess_type(full_path.name)
    response = FileResponse(
        full_path.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
