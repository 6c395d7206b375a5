"""One error shape for every API answer that is not a success.

{"error": {"code": "...", "message": "...", "fields": {...}}}
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kaigon.errors import KaigonError

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def api_error_response(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code)


def _flatten(detail: Any) -> Any:
    """Turn DRF's ErrorDetail trees into plain lists of strings."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _first_message(fields: dict[str, Any]) -> str:
    for name, messages in fields.items():
        first = messages
        while isinstance(first, (list, dict)) and first:
            first = first[0] if isinstance(first, list) else next(iter(first.values()))
        if first:
            return str(first) if name == "non_field_errors" else f"{name}: {first}"
    return _("The request is invalid.")


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, KaigonError):
        body = error_body(str(exc.code), exc.message, exc.field_messages())
        return Response(body, status=exc.status)
    # DRF answers Django's own Http404/PermissionDenied; name them the same way.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # ApiErrorMiddleware turns it into a JSON 500.
    if isinstance(exc, exceptions.ValidationError):
        detail = _flatten(exc.detail)
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        body = error_body("invalid", _first_message(fields), fields)
    else:
        detail = getattr(exc, "detail", None)
        code = "error"
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else exc.default_code
        message = str(detail) if detail is not None else str(exc)
        body = error_body(code, message)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        body["error"]["code"] = "throttled"
    response.data = body
    return response
