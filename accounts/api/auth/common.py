"""What the auth API views share: the anonymous base view and token answers."""

from __future__ import annotations

from django import forms
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.auth.tokens import FAMILY_CLAIM, TokenPair, set_refresh_cookie
from accounts.models import User
from kaigon.errors import NON_FIELD_ERRORS, InvalidInput, Message

# 400, 401, 404 (identified paths) and 429 come from kaigon/openapi.py.
GOOGLE_DISABLED = {
    404: OpenApiResponse(description="google_disabled: Google login is not set up."),
}


class AnonymousAPIView(APIView):
    """No session authentication (so no CSRF) and no login needed."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


def form_invalid(
    form: forms.BaseForm, renamed: dict[str, str] | None = None
) -> InvalidInput:
    """allauth's form errors as the API's field errors (API field names)."""
    renamed = renamed or {}
    fields: dict[str, list[Message]] = {
        renamed.get(name, NON_FIELD_ERRORS if name == "__all__" else name): [
            str(error) for error in errors
        ]
        for name, errors in form.errors.items()
    }
    return InvalidInput(fields=fields)


def user_body(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "nickname": user.nickname,
    }


def pair_response(
    request: Request, pair: TokenPair, status_code: int = 200
) -> Response:
    body = {
        "access": pair.access,
        "refresh": pair.refresh,
        "access_expires_at": pair.access_expires_at,
        "refresh_expires_at": pair.refresh_expires_at,
        "device_id": f"api-{pair.family.id}",
        "user": user_body(pair.family.user),
    }
    response = Response(s.TokenPairSerializer(body).data, status=status_code)
    set_refresh_cookie(response, request=request, pair=pair)
    # Tokens must not sit in a browser or proxy cache.
    patch_cache_control(response, no_store=True)
    return response


def detail(message: str, status_code: int = 200, **extra) -> Response:
    return Response({"detail": message, **extra}, status=status_code)


def current_family_id(request: Request) -> str | None:
    """The device (refresh family) of the access token the request came with."""
    auth = request.auth
    if auth is not None and hasattr(auth, "get"):
        return auth.get(FAMILY_CLAIM)
    return None
