"""Password reset by e-mailed link, and password change."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.api.auth.common import AnonymousAPIView, detail, pair_response
from accounts.auth import services
from accounts.auth.tokens import token_pair_issue
from kaigon.ratelimit import rate_limit_consume


class PasswordResetView(AnonymousAPIView):
    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    def post(self, request: Request) -> Response:
        """Mail a reset link if the address has an account (the answer is the same
        either way)."""
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        rate_limit_consume(request._request, action="reset_password", key=email)
        services.password_reset_request(request=request._request, email=email)
        return detail(
            _(
                "If this address has an account, a reset link is on its way. It "
                "works once, for one hour."
            )
        )


class PasswordResetConfirmView(AnonymousAPIView):
    @extend_schema(
        request=s.PasswordResetConfirmSerializer,
        responses={200: s.DetailSerializer},
    )
    def post(self, request: Request) -> Response:
        """Set a new password with the key from the reset link (`<uid>-<token>`).
        Every session and refresh token of the account ends."""
        serializer = s.PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate_limit_consume(request._request, action="reset_password_from_key")
        services.password_reset_from_key(
            request=request._request,
            key=serializer.validated_data["key"],
            password=serializer.validated_data["password"],
        )
        return detail(_("Your password was changed. Log in with the new one."))


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.PasswordChangeSerializer,
        responses={200: s.TokenPairSerializer},
    )
    def post(self, request: Request) -> Response:
        """Change the password (needs the current one). Every other device and
        session ends; this client gets a fresh token pair."""
        serializer = s.PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        rate_limit_consume(request._request, action="change_password", user=user)
        services.password_change(
            request=request._request,
            user=user,
            current_password=serializer.validated_data["current_password"],
            new_password=serializer.validated_data["new_password"],
        )
        return pair_response(
            request, token_pair_issue(user=user, request=request._request)
        )
