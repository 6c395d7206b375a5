"""Auth API for mobile and browser clients: allauth's rules, simplejwt tokens."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter
from allauth.account.app_settings import SALT
from allauth.account.forms import UserTokenForm
from allauth.account.internal.flows import email_verification, password_reset
from allauth.account.models import EmailAddress, get_emailconfirmation_model
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import logout as django_logout
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import google
from accounts.api import auth_serializers as s
from accounts.auth_forms import (
    CaptchaLoginForm,
    CaptchaSignupForm,
    UniqueAddEmailForm,
)
from accounts.auth_services import device_list, device_revoke, user_logout_everywhere
from accounts.captcha_services import captcha_create, captcha_refresh
from accounts.errors import EmailUnverified, UserInactive
from accounts.models import User
from accounts.models_auth import RevokeReason
from accounts.tokens import (
    FAMILY_CLAIM,
    TokenPair,
    delete_refresh_cookie,
    family_from_refresh,
    refresh_family_revoke,
    set_refresh_cookie,
    token_pair_issue,
    token_pair_refresh,
    user_revoke_all_credentials,
)
from kaigon.ratelimit import rate_limit_consume


def _form_errors(form) -> ValidationError:
    fields = {}
    for name, errors in form.errors.items():
        key = "non_field_errors" if name == "__all__" else name
        fields[key] = [str(error) for error in errors]
    return ValidationError(fields)


def _renamed(errors: ValidationError, names: dict[str, str]) -> ValidationError:
    return ValidationError({names.get(k, k): v for k, v in errors.detail.items()})


def _user_body(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "nickname": user.nickname,
    }


def _pair_response(
    request: Request, pair: TokenPair, status_code: int = 200
) -> Response:
    body = {
        "access": pair.access,
        "refresh": pair.refresh,
        "access_expires_at": pair.access_expires_at,
        "refresh_expires_at": pair.refresh_expires_at,
        "device_id": f"api-{pair.family.id}",
        "user": _user_body(pair.family.user),
    }
    response = Response(s.TokenPairSerializer(body).data, status=status_code)
    set_refresh_cookie(response, request=request, pair=pair)
    return response


def _detail(message: str, status_code: int = 200, **extra) -> Response:
    return Response({"detail": message, **extra}, status=status_code)


# 400, 401, 404 (identified paths) and 429 come from kaigon/openapi.py.
GOOGLE_DISABLED = {
    404: OpenApiResponse(description="google_disabled: Google login is not set up."),
}


class AnonymousAPIView(APIView):
    """No session authentication (so no CSRF) and no login needed."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


# --- captcha -----------------------------------------------------------------


def _captcha_body(request: Request, challenge) -> dict:
    body = s.CaptchaSerializer(challenge).data
    # Absolute, so an app can load it without knowing the site's address.
    body["image_url"] = request.build_absolute_uri(challenge.image_url)
    return body


class CaptchaView(AnonymousAPIView):
    @extend_schema(request=None, responses={201: s.CaptchaSerializer})
    def post(self, request: Request) -> Response:
        """A new captcha: an id (`key`) and the URL of its picture."""
        rate_limit_consume(request._request, action="captcha")
        challenge = captcha_create()
        return Response(_captcha_body(request, challenge), status=201)


class CaptchaRefreshView(AnonymousAPIView):
    @extend_schema(request=None, responses={200: s.CaptchaSerializer})
    def post(self, request: Request, key: str) -> Response:
        """A new code behind the same captcha id, as often as the client likes."""
        rate_limit_consume(request._request, action="captcha")
        challenge = captcha_refresh(key=key)
        return Response(_captcha_body(request, challenge))


# --- signup and e-mail verification -------------------------------------------


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
            raise _renamed(_form_errors(form), {"password1": "password"})
        with transaction.atomic():
            user = form.save(request._request)
        account_signals.user_signed_up.send(
            sender=User, request=request._request, user=user
        )
        address = (
            EmailAddress.objects.get_primary(user)
            or EmailAddress.objects.filter(user=user).first()
        )
        email_verification.send_verification_email_to_address(
            request._request, address, signup=True
        )
        return _detail(
            _("Check your e-mail for a link to verify your address."),
            status.HTTP_201_CREATED,
            email=user.email,
        )


def _confirmation_from_key(key: str):
    model = get_emailconfirmation_model()
    confirmation = model.from_key(key)
    if confirmation is not None and not confirmation.key_expired():
        return confirmation
    from allauth.account import app_settings as account_settings

    try:
        signing.loads(key, salt=SALT)
    except signing.BadSignature:
        raise ValidationError(
            {"key": [_("This verification link is invalid.")]}
        ) from None
    if account_settings.EMAIL_CONFIRMATION_HMAC:
        raise ValidationError(
            {"key": [_("This verification link has expired; ask for a new one.")]}
        )
    raise ValidationError({"key": [_("This verification link is invalid.")]})


class EmailVerifyView(AnonymousAPIView):
    @extend_schema(request=s.KeySerializer, responses={200: s.SignupResponseSerializer})
    def post(self, request: Request) -> Response:
        """Verify an address with the key from the e-mailed link."""
        serializer = s.KeySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmation = _confirmation_from_key(serializer.validated_data["key"])
        address = confirmation.confirm(request._request)
        if not address:
            raise ValidationError({"key": [_("This verification link is invalid.")]})
        return _detail(_("Your e-mail address is verified."), email=address.email)


class EmailVerifyResendView(AnonymousAPIView):
    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    def post(self, request: Request) -> Response:
        """Send the verification link again (same answer whether or not the
        address has an unverified account)."""
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        # Per IP and per submitted address, whether or not it has an account.
        rate_limit_consume(request._request, action="resend_verification", key=email)
        address = EmailAddress.objects.filter(
            email__iexact=email, verified=False
        ).first()
        if address is not None:
            # allauth skips the mail silently inside its own cooldown after the
            # previous one (whose link still works), so the answer is the same.
            email_verification.send_verification_email_to_address(
                request._request, address
            )
        return _detail(
            _("If this address has an unverified account, a new link is on its way.")
        )


# --- login, tokens, logout -----------------------------------------------------


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
        login = serializer.validated_data["login"].strip()
        # The key allauth's adapter counts failed logins under (per account).
        failed_key = f"{get_current_site(django_request).domain}:{login.lower()}"
        rate_limit_consume(
            django_request, action="login_failed", key=failed_key, dry_run=True
        )
        form = CaptchaLoginForm(
            data=dict(serializer.validated_data), request=django_request
        )
        if not form.is_valid():
            raise _form_errors(form)
        user = form.user
        if not user.is_active:
            # allauth's pages show their "account inactive" page at this point.
            raise UserInactive()
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            address = email_verification.get_address_for_user(user)
            if address is not None:
                email_verification.send_verification_email_to_address(
                    django_request, address
                )
            raise EmailUnverified()
        return _pair_response(
            request, token_pair_issue(user=user, request=django_request)
        )


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
        raw = serializer.validated_data.get("refresh") or request.COOKIES.get(
            settings.KAIGON_REFRESH_COOKIE_NAME, ""
        )
        if not raw:
            raise ValidationError({"refresh": [_("This field is required.")]})
        pair = token_pair_refresh(raw_refresh=raw, request=request._request)
        return _pair_response(request, pair)


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
        family = None
        auth = request.auth
        if auth is not None and hasattr(auth, "get") and auth.get(FAMILY_CLAIM):
            from accounts.models_auth import RefreshFamily

            family = RefreshFamily.objects.filter(pk=auth.get(FAMILY_CLAIM)).first()
        if family is None:
            raw = (
                request.data.get("refresh") if hasattr(request.data, "get") else None
            ) or request.COOKIES.get(settings.KAIGON_REFRESH_COOKIE_NAME, "")
            family = family_from_refresh(str(raw)) if raw else None
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
        """Sign out everywhere: every device, browser session and access token."""
        user_logout_everywhere(user=request.user)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        delete_refresh_cookie(response)
        return response


# --- passwords -----------------------------------------------------------------


class PasswordResetView(AnonymousAPIView):
    @extend_schema(request=s.EmailSerializer, responses={200: s.DetailSerializer})
    def post(self, request: Request) -> Response:
        """Mail a reset link if the address has an account (the answer is the same
        either way)."""
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        rate_limit_consume(request._request, action="reset_password", key=email)
        from allauth.account.forms import ResetPasswordForm

        form = ResetPasswordForm(data={"email": email})
        if form.is_valid():
            form.save(request._request)
        return _detail(
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
        uidb36, _sep, token = serializer.validated_data["key"].partition("-")
        token_form = UserTokenForm(data={"uidb36": uidb36, "key": token})
        if not token_form.is_valid():
            raise ValidationError(
                {"key": [_("This reset link is invalid, used or expired.")]}
            )
        user = token_form.reset_user
        password = serializer.validated_data["password"]
        try:
            get_adapter().clean_password(password, user=user)
        except DjangoValidationError as exc:
            raise ValidationError({"password": list(exc.messages)}) from exc
        password_reset.reset_password(user, password)
        # Sends allauth's password_reset signal (→ every token and session ends)
        # and the "your password was reset" mail.
        password_reset.finalize_password_reset(request._request, user)
        return _detail(_("Your password was changed. Log in with the new one."))


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
        if not user.check_password(serializer.validated_data["current_password"]):
            raise ValidationError(
                {"current_password": [_("Please type your current password.")]}
            )
        new_password = serializer.validated_data["new_password"]
        try:
            get_adapter().clean_password(new_password, user=user)
        except DjangoValidationError as exc:
            raise ValidationError({"new_password": list(exc.messages)}) from exc
        get_adapter().set_password(user, new_password)
        user_revoke_all_credentials(user=user, reason=RevokeReason.PASSWORD)
        get_adapter().send_notification_mail("account/email/password_changed", user)
        return _pair_response(
            request, token_pair_issue(user=user, request=request._request)
        )


# --- e-mail change -----------------------------------------------------------------


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
            raise _form_errors(form)
        address = form.save(request._request)
        return _detail(
            _("Check the new address for a verification link."),
            status.HTTP_202_ACCEPTED,
            email=address.email,
        )


# --- Google ----------------------------------------------------------------------


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
        return _pair_response(
            request, token_pair_issue(user=user, request=request._request)
        )


class GoogleConnectView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.SocialAccountSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """The Google accounts linked to mine."""
        accounts = SocialAccount.objects.filter(
            user=request.user, provider=google.PROVIDER
        )
        body = [
            {
                "provider": a.provider,
                "uid": a.uid,
                "email": a.extra_data.get("email", ""),
            }
            for a in accounts
        ]
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
        account = sociallogin.account
        body = {
            "provider": account.provider,
            "uid": account.uid,
            "email": account.extra_data.get("email", ""),
        }
        return Response(s.SocialAccountSerializer(body).data, status=201)

    @extend_schema(request=None, responses={204: None, **GOOGLE_DISABLED})
    def delete(self, request: Request) -> Response:
        """Unbind Google (refused if the account would have no way to log in)."""
        google.google_disconnect(request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- devices -------------------------------------------------------------------------


def _current_family_id(request: Request) -> str | None:
    auth = request.auth
    if auth is not None and hasattr(auth, "get"):
        return auth.get(FAMILY_CLAIM)
    return None


class DeviceListView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(responses={200: s.DeviceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """Signed-in devices (API) and browser sessions (web) of my account."""
        devices = device_list(
            user=request.user,
            current_family_id=_current_family_id(request),
            current_session_key=request._request.session.session_key,
        )
        return Response(s.DeviceSerializer(devices, many=True).data)


class DeviceDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request, device_id: str) -> Response:
        """Sign one of my devices out."""
        if not device_revoke(user=request.user, device_id=device_id):
            raise NotFound(_("You have no such device."))
        return Response(status=status.HTTP_204_NO_CONTENT)
