"""Signup, e-mail verification (and its resend) and e-mail change."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.api.auth.common import AnonymousAPIView, detail, form_invalid
from accounts.auth import services
from accounts.auth.forms import CaptchaSignupForm, UniqueAddEmailForm
from accounts.errors import ResendTooSoon
from kaigon.ratelimit import rate_limit_consume


class SignupView(AnonymousAPIView):
    @extend_schema(
        request=s.SignupRequestSerializer,
        responses={201: s.SignupResponseSerializer},
    )
    def post(self, request: Request) -> Response:
        """Create an account; a verification link goes to the e-mail address."""
        serializer = s.SignupRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate_limit_consume(request._request, action="signup")
        data = dict(serializer.validated_data)
        data["password1"] = data.pop("password")
        form = CaptchaSignupForm(data=data)
        if not form.is_valid():
            raise form_invalid(form, {"password1": "password"})
        with transaction.atomic():
            user = form.save(request._request)
        services.signup_complete(request=request._request, user=user)
        return detail(
            _("Check your e-mail for a link to verify your address."),
            status.HTTP_201_CREATED,
            email=user.email,
        )


class EmailVerifyView(AnonymousAPIView):
    @extend_schema(request=s.KeySerializer, responses={200: s.SignupResponseSerializer})
    def post(self, request: Request) -> Response:
        """Verify an address with the key from the e-mailed link (a link used
        before answers 200 too, saying the address is already verified)."""
        serializer = s.KeySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification = services.email_verify(
            request=request._request, key=serializer.validated_data["key"]
        )
        message = (
            _("This e-mail address is already verified.")
            if verification.already_verified
            else _("Your e-mail address is verified.")
        )
        return detail(message, email=verification.address.email)


class EmailVerifyResendView(AnonymousAPIView):
    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    def post(self, request: Request) -> Response:
        """Send the verification link again (same answer whether or not the
        address has an unverified account)."""
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        # Per IP and per submitted address, whether or not it has an account.
        rate_limit_consume(
            request._request,
            action="resend_verification",
            key=email,
            error=lambda wait: ResendTooSoon(retry_after=wait),
        )
        services.email_verification_resend(request=request._request, email=email)
        return detail(
            _("If this address has an unverified account, a new link is on its way.")
        )


class EmailChangeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.EmailSerializer, responses={202: s.SignupResponseSerializer}
    )
    def post(self, request: Request) -> Response:
        """Ask to change the address: the new one gets a verification link and
        replaces the old one once verified; the old one is then told."""
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate_limit_consume(request._request, action="change_email", user=request.user)
        form = UniqueAddEmailForm(
            user=request.user, data={"email": serializer.validated_data["email"]}
        )
        if not form.is_valid():
            raise form_invalid(form)
        address = form.save(request._request)
        return detail(
            _("Check the new address for a verification link."),
            status.HTTP_202_ACCEPTED,
            email=address.email,
        )
