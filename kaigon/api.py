"""One error shape for every API answer that is not a success.

{"error": {"code": "...", "message": "...", "fields": {...}}}

A KaigonError raised anywhere under a DRF view is answered here; DRF's own
exceptions (validation, authentication, throttling) get the same shape.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kaigon.errors import (
    NON_FIELD_ERRORS,
    ErrorCode,
    KaigonError,
    first_field_message,
)

API_PREFIX = "/api/"

# DRF's zh-Hant catalogue lacks this one; ours has it.
NOT_AUTHENTICATED = _("Log in first: send an access token or a session cookie.")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _api_code(error: KaigonError) -> str:
    # Every 429 is "throttled" for API clients (DRF's name, which they already
    # handle); the socket says "rate_limited".
    if error.status == status.HTTP_429_TOO_MANY_REQUESTS:
        return ErrorCode.THROTTLED
    return error.code


def kaigon_error_body(error: KaigonError) -> dict:
    return error_body(_api_code(error), error.message, error.field_messages())


def api_error_response(error: KaigonError) -> JsonResponse:
    """A KaigonError as the API's JSON answer (outside DRF's views)."""
    return JsonResponse(
        kaigon_error_body(error), status=error.status, headers=error.headers
    )


def _flatten(detail: Any) -> Any:
    """Turn DRF's ErrorDetail trees into plain lists of strings."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, KaigonError):
        return Response(kaigon_error_body(exc), status=exc.status, headers=exc.headers)
    # DRF answers Django's own Http404/PermissionDenied; name them the same way.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # ErrorMiddleware turns it into a JSON 500.
    if isinstance(exc, exceptions.ValidationError):
        detail = _flatten(exc.detail)
        fields = detail if isinstance(detail, dict) else {NON_FIELD_ERRORS: detail}
        body = error_body(ErrorCode.INVALID, first_field_message(fields), fields)
    else:
        detail = getattr(exc, "detail", None)
        code: str = ErrorCode.ERROR
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else exc.default_code
        message = str(detail) if detail is not None else str(exc)
        if isinstance(exc, exceptions.NotAuthenticated) and message == str(
            exceptions.NotAuthenticated.default_detail
        ):
            message = str(NOT_AUTHENTICATED)
        body = error_body(code, message)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        body["error"]["code"] = ErrorCode.THROTTLED
    response.data = body
    return response
