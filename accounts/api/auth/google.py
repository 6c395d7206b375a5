"""Google sign-in and linking over the API."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.api.auth.common import GOOGLE_DISABLED, AnonymousAPIView, pair_response
from accounts.auth import google
from accounts.auth.tokens import token_pair_issue
from kaigon.ratelimit import rate_limit_consume


def _google_sociallogin(request: Request):
    serializer = s.GoogleLoginSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    id_token = data.get("id_token") or google.google_id_token_from_code(
        request=request._request,
        code=data["code"],
        redirect_uri=data.get("redirect_uri", ""),
    )
    return google.google_verify_id_token(request=request._request, id_token=id_token)


def _account_body(account: SocialAccount) -> dict:
    return {
        "provider": account.provider,
        "uid": account.uid,
        "email": account.extra_data.get("email", ""),
    }


class GoogleLoginView(AnonymousAPIView):
    @extend_schema(
        request=s.GoogleLoginSerializer,
        responses={200: s.TokenPairSerializer, **GOOGLE_DISABLED},
    )
    def post(self, request: Request) -> Response:
        """Log in or sign up with a Google ID token or authorization code."""
        rate_limit_consume(request._request, action="login")
        sociallogin = _google_sociallogin(request)
        user = google.google_login(request=request._request, sociallogin=sociallogin)
        return pair_response(
            request, token_pair_issue(user=user, request=request._request)
        )


class GoogleConnectView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.SocialAccountSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """The Google accounts linked to mine."""
        accounts = google.google_accounts(user=request.user)
        body = [_account_body(account) for account in accounts]
        return Response(s.SocialAccountSerializer(body, many=True).data)

    @extend_schema(
        request=s.GoogleLoginSerializer,
        responses={201: s.SocialAccountSerializer, **GOOGLE_DISABLED},
    )
    def post(self, request: Request) -> Response:
        """Bind a Google account to mine."""
        sociallogin = _google_sociallogin(request)
        google.google_connect(
            request=request._request, user=request.user, sociallogin=sociallogin
        )
        body = _account_body(sociallogin.account)
        return Response(s.SocialAccountSerializer(body).data, status=201)

    @extend_schema(request=None, responses={204: None, **GOOGLE_DISABLED})
    def delete(self, request: Request) -> Response:
        """Unbind Google (refused if the account would have no way to log in)."""
        google.google_disconnect(request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
