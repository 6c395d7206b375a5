"""JWT issuing, rotation and revocation (the only module that issues tokens).

Refresh tokens carry `fam` (the RefreshFamily id) and `jti`; access tokens
carry `fam` and `ep` (the user's token epoch). See docs/decisions-auth.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.auth.models import RefreshFamily, RevokeReason, UserAuthState
from accounts.errors import (
    RefreshFamilyExpired,
    RefreshRejected,
    RefreshReused,
    RefreshRevoked,
    UserInactive,
)
from accounts.models import User
from kaigon.errors import KaigonError
from kaigon.events import close_user_sockets

FAMILY_CLAIM = "fam"
EPOCH_CLAIM = "ep"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    family: RefreshFamily
    access_expires_at: datetime
    refresh_expires_at: datetime


def user_token_epoch(*, user: User) -> int:
    state, _created = UserAuthState.objects.get_or_create(user=user)
    return state.epoch


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    ip = get_adapter().get_client_ip(request)
    return ip or None


def _user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:255]


def _encode_pair(*, family: RefreshFamily, epoch: int) -> TokenPair:
    user_id = str(getattr(family.user, jwt_settings.USER_ID_FIELD))
    # Built by hand, not RefreshToken.for_user(): the family row is our record
    # of outstanding tokens (simplejwt's blacklist app is not installed).
    refresh = RefreshToken()
    refresh[jwt_settings.USER_ID_CLAIM] = user_id
    refresh[FAMILY_CLAIM] = str(family.id)
    refresh[jwt_settings.JTI_CLAIM] = family.current_jti
    # A refresh token never outlives its family.
    refresh_exp = min(datetime.fromtimestamp(refresh["exp"], tz=UTC), family.expires_at)
    refresh.set_exp(from_time=refresh_exp, lifetime=timedelta(0))
    access = AccessToken()
    access[jwt_settings.USER_ID_CLAIM] = user_id
    access[FAMILY_CLAIM] = str(family.id)
    access[EPOCH_CLAIM] = epoch
    return TokenPair(
        access=str(access),
        refresh=str(refresh),
        family=family,
        access_expires_at=datetime.fromtimestamp(access["exp"], tz=UTC),
        refresh_expires_at=refresh_exp,
    )


@transaction.atomic
def token_pair_issue(*, user: User, request: HttpRequest | None = None) -> TokenPair:
    """Start a new device (refresh family) for `user` and return its first pair."""
    now = timezone.now()
    family = RefreshFamily.objects.create(
        user=user,
        current_jti=uuid.uuid4().hex,
        user_agent=_user_agent(request),
        ip=_client_ip(request),
        created_at=now,
        last_used_at=now,
        expires_at=now + settings.KAIGON_REFRESH_FAMILY_MAX_AGE,
    )
    User.objects.filter(pk=user.pk).update(last_login=now)
    return _encode_pair(family=family, epoch=user_token_epoch(user=user))


# What a malformed token makes simplejwt or PyJWT raise besides TokenError:
# text that is not UTF-8, an `exp` too large for a datetime, odd claim types.
MALFORMED_TOKEN_ERRORS = (
    TokenError,
    UnicodeError,
    OverflowError,
    ValueError,
    TypeError,
)


def _refresh_token_or_none(raw: str) -> RefreshToken | None:
    try:
        # simplejwt annotates the encoded token as a Token.
        return RefreshToken(raw)  # type: ignore[arg-type]
    except MALFORMED_TOKEN_ERRORS:
        return None


def _decode_refresh(raw: str) -> RefreshToken:
    token = _refresh_token_or_none(raw)
    if token is None:
        raise RefreshRejected()
    return token


def token_pair_refresh(
    *, raw_refresh: str, request: HttpRequest | None = None
) -> TokenPair:
    """Rotate: the presented refresh token must be its family's newest one.

    Presenting an older one revokes the family (the token was probably stolen).
    """
    token = _decode_refresh(raw_refresh)
    # The outcome is decided inside the transaction but raised outside it, so
    # a revocation for reuse is committed, not rolled back with the error.
    outcome = _rotate(token=token, request=request)
    if isinstance(outcome, KaigonError):
        raise outcome
    return outcome


@transaction.atomic
def _rotate(
    *, token: RefreshToken, request: HttpRequest | None
) -> TokenPair | KaigonError:
    try:
        family = (
            RefreshFamily.objects.select_for_update()
            .select_related("user")
            .get(pk=token.get(FAMILY_CLAIM))
        )
    except (RefreshFamily.DoesNotExist, ValueError, TypeError, ValidationError):
        return RefreshRejected()
    now = timezone.now()
    if family.revoked_at is not None:
        return RefreshRevoked()
    if family.expires_at <= now:
        return RefreshFamilyExpired()
    if not family.user.is_active:
        return UserInactive(status=401)
    if token.get(jwt_settings.JTI_CLAIM) != family.current_jti:
        family.revoked_at = now
        family.revoke_reason = RevokeReason.REUSE
        family.save(update_fields=["revoked_at", "revoke_reason"])
        return RefreshReused()
    family.current_jti = uuid.uuid4().hex
    family.last_used_at = now
    family.user_agent = _user_agent(request) or family.user_agent
    family.ip = _client_ip(request) or family.ip
    family.save(update_fields=["current_jti", "last_used_at", "user_agent", "ip"])
    return _encode_pair(family=family, epoch=user_token_epoch(user=family.user))


def family_from_refresh(raw_refresh: str) -> RefreshFamily | None:
    """The family a refresh token belongs to, even if the token is outdated."""
    token = _refresh_token_or_none(raw_refresh)
    if token is None:
        return None
    try:
        return RefreshFamily.objects.get(pk=token.get(FAMILY_CLAIM))
    except (RefreshFamily.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


def refresh_family_revoke(*, family: RefreshFamily, reason: str) -> None:
    """Sign one device out: its refresh and access tokens stop working."""
    RefreshFamily.objects.filter(pk=family.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )


@transaction.atomic
def user_revoke_all_credentials(
    *, user: User, reason: str, keep_session_key: str | None = None
) -> None:
    """Every refresh family and browser session ends; older access tokens fail."""
    from allauth.usersessions.models import UserSession

    UserAuthState.objects.get_or_create(user=user)
    UserAuthState.objects.filter(user=user).update(epoch=F("epoch") + 1)
    RefreshFamily.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    for user_session in sessions:
        user_session.end()
    close_user_sockets([user.pk], except_session_key=keep_session_key)


# --- refresh cookie for browser clients ------------------------------------


def set_refresh_cookie(
    response: HttpResponse, *, request: HttpRequest, pair: TokenPair
) -> None:
    response.set_cookie(
        settings.KAIGON_REFRESH_COOKIE_NAME,
        pair.refresh,
        expires=pair.refresh_expires_at,
        path=settings.KAIGON_REFRESH_COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )


def delete_refresh_cookie(response: HttpResponse) -> None:
    response.delete_cookie(
        settings.KAIGON_REFRESH_COOKIE_NAME,
        path=settings.KAIGON_REFRESH_COOKIE_PATH,
        samesite="Strict",
    )
