import logging
import uuid

from django.http import HttpRequest, HttpResponse

from kaigon.api import api_error_response, is_api_path
from kaigon.errors import KaigonError, ServerError
from kaigon.logging import VALID_REQUEST_ID, request_id_var
from kaigon.views import error_response

logger = logging.getLogger("kaigon.request")


class RequestIdMiddleware:
    """Give each request an id (or keep the proxy's), log it, echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        # Not reset afterwards: Django logs the response after the middleware
        # chain returns, and that line must carry the id too.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ErrorMiddleware:
    """Answers what escapes a view: a KaigonError as JSON (API) or the styled
    error page; anything else under /api/ as a JSON 500, never a traceback page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, KaigonError):
            return error_response(request, exception)
        if not is_api_path(request.path):
            return None
        logger.exception("Unhandled error in API request", exc_info=exception)
        return api_error_response(ServerError())
