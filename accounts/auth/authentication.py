"""DRF authentication: simplejwt access tokens, checked against live state.

Besides the signature and expiry, an access token is refused at once when its
device (refresh family) was revoked, the user's token epoch moved on (logout
from everywhere, password change or reset), or the user is gone or inactive.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import (
    AUTH_HEADER_TYPE_BYTES,
    JWTAuthentication,
)
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from accounts.auth.models import RefreshFamily
from accounts.auth.tokens import EPOCH_CLAIM, FAMILY_CLAIM, MALFORMED_TOKEN_ERRORS


def _invalid() -> AuthenticationFailed:
    # DRF's exception (a plain message), not simplejwt's dict-shaped one.
    return AuthenticationFailed(
        _("The access token is invalid or expired."), code="token_not_valid"
    )


class KaigonJWTAuthentication(JWTAuthentication):
    def get_raw_token(self, header: bytes) -> bytes | None:
        parts = header.split()
        if parts and parts[0] in AUTH_HEADER_TYPE_BYTES and len(parts) != 2:
            raise AuthenticationFailed(
                _("Send the access token after the word Bearer and one space."),
                code="bad_authorization_header",
            )
        return super().get_raw_token(header)

    def get_validated_token(self, raw_token):
        try:
            return super().get_validated_token(raw_token)
        except (InvalidToken, *MALFORMED_TOKEN_ERRORS) as exc:
            raise _invalid() from exc

    def get_user(self, validated_token):
        family_id = validated_token.get(FAMILY_CLAIM)
        user_id = validated_token.get(jwt_settings.USER_ID_CLAIM)
        if not family_id or user_id is None:
            raise _invalid()
        try:
            family = RefreshFamily.objects.select_related(
                "user", "user__auth_state"
            ).get(pk=family_id)
        except (RefreshFamily.DoesNotExist, ValueError, ValidationError) as exc:
            raise AuthenticationFailed(
                _("This account no longer exists."), code="user_not_found"
            ) from exc
        user = family.user
        if str(user.pk) != str(user_id):
            raise _invalid()
        if not user.is_active:
            raise AuthenticationFailed(
                _("This account is not active."), code="user_inactive"
            )
        if family.revoked_at is not None:
            raise AuthenticationFailed(
                _("This device was logged out."), code="token_revoked"
            )
        state = getattr(user, "auth_state", None)
        epoch = state.epoch if state is not None else 0
        if validated_token.get(EPOCH_CLAIM) != epoch:
            raise AuthenticationFailed(
                _("This token was revoked; please log in again."),
                code="token_revoked",
            )
        return user


class KaigonJWTScheme(SimpleJWTScheme):
    """OpenAPI: the same bearer scheme as simplejwt's."""

    target_class = "accounts.auth.authentication.KaigonJWTAuthentication"
    name = "jwtAuth"
