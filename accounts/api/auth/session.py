"""Login, token refresh, logout of this device and of every device."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout as django_logout
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.api.auth.common import (
    AnonymousAPIView,
    current_family_id,
    form_invalid,
    pair_response,
)
from accounts.auth import services
from accounts.auth.forms import CaptchaLoginForm
from accounts.auth.models import RefreshFamily, RevokeReason
from accounts.auth.tokens import (
    delete_refresh_cookie,
    family_from_refresh,
    refresh_family_revoke,
    token_pair_issue,
    token_pair_refresh,
)
from kaigon.errors import InvalidInput
from kaigon.ratelimit import rate_limit_consume


class LoginView(AnonymousAPIView):
    @extend_schema(
        request=s.LoginRequestSerializer,
        responses={
            200: s.TokenPairSerializer,
            403: OpenApiResponse(description="email_unverified or user_inactive"),
        },
    )
    def post(self, request: Request) -> Response:
        """Log in with e-mail or username, password and captcha; get a token pair."""
        serializer = s.LoginRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        rate_limit_consume(django_request, action="login")
        form = CaptchaLoginForm(
            data=dict(serializer.validated_data), request=django_request
        )
        if not form.is_valid():
            raise form_invalid(form)
        services.login_allowed(request=django_request, user=form.user)
        return pair_response(
            request, token_pair_issue(user=form.user, request=django_request)
        )


def _refresh_from(request: Request) -> str:
    """The refresh token in the body, else in the cookie ("" if neither)."""
    raw = request.data.get("refresh") if hasattr(request.data, "get") else None
    if not isinstance(raw, str) or not raw:
        raw = request.COOKIES.get(settings.KAIGON_REFRESH_COOKIE_NAME, "")
    return raw


class TokenRefreshView(AnonymousAPIView):
    @extend_schema(
        request=s.RefreshRequestSerializer,
        responses={
            200: s.TokenPairSerializer,
            401: OpenApiResponse(
                description=(
                    "token_not_valid, token_reused, token_revoked, session_expired"
                )
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Swap a refresh token (body or cookie) for a new pair; the old one dies."""
        serializer = s.RefreshRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate_limit_consume(request._request, action="token_refresh")
        raw = _refresh_from(request)
        if not raw:
            raise InvalidInput(fields={"refresh": [_("This field is required.")]})
        pair = token_pair_refresh(raw_refresh=raw, request=request._request)
        return pair_response(request, pair)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    def perform_authentication(self, request: Request) -> None:
        # An expired or revoked access token must not stop a logout that
        # names its device by the refresh token.
        try:
            request.user  # noqa: B018
        except AuthenticationFailed:
            request._not_authenticated()

    @extend_schema(request=s.RefreshRequestSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        """Sign this device out: its refresh token (and access tokens) stop working."""
        family_id = current_family_id(request)
        family = (
            RefreshFamily.objects.filter(pk=family_id).first() if family_id else None
        )
        if family is None:
            raw = _refresh_from(request)
            family = family_from_refresh(raw) if raw else None
        if family is not None:
            refresh_family_revoke(family=family, reason=RevokeReason.LOGOUT)
        if request._request.user.is_authenticated and request.auth is None:
            django_logout(request._request)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        delete_refresh_cookie(response)
        return response


class LogoutAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        """Log out everywhere: every device, browser session and access token."""
        services.user_logout_everywhere(user=request.user)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        delete_refresh_cookie(response)
        return response
