"""Google sign-in for the API through allauth's Google provider.

allauth verifies the ID token (signature against Google's published keys,
issuer, audience = GOOGLE_CLIENT_ID, expiry, single use of its jti) and maps it
to a SocialLogin; this module decides whose account it is, as allauth's own
login flow would, but without a browser session.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.internal.flows.connect import (
    disconnect,
    validate_disconnect,
)
from allauth.socialaccount.internal.flows.email_authentication import wipe_password
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.errors import (
    GoogleCannotUnlink,
    GoogleDisabled,
    GoogleNotLinked,
    GoogleTaken,
    GoogleTokenInvalid,
    GoogleUnreachable,
    SignupClosed,
    UserInactive,
)
from accounts.models import User

PROVIDER = "google"


def _provider(request: HttpRequest):
    try:
        return get_social_adapter().get_provider(request, PROVIDER)
    except SocialApp.DoesNotExist as exc:
        raise GoogleDisabled() from exc


def google_id_token_from_code(
    *, request: HttpRequest, code: str, redirect_uri: str = ""
) -> str:
    """Exchange an authorization code at Google's token endpoint for an ID token."""
    import requests
    from allauth.socialaccount.providers.google import views as google_views

    app = _provider(request).app
    data = {
        "code": code,
        "client_id": app.client_id,
        "client_secret": app.secret,
        "redirect_uri": redirect_uri,
        "grant_type": "authorization_code",
    }
    try:
        with get_social_adapter().get_requests_session() as session:
            response = session.post(google_views.ACCESS_TOKEN_URL, data=data)
        payload = response.json() if response.ok else {}
    except (requests.RequestException, ValueError) as exc:
        raise GoogleUnreachable() from exc
    id_token = payload.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise GoogleTokenInvalid(_("Google did not accept this code."))
    return id_token


def google_verify_id_token(*, request: HttpRequest, id_token: str) -> SocialLogin:
    provider = _provider(request)
    try:
        return provider.verify_token(request, {"id_token": id_token})
    except ValidationError as exc:
        raise GoogleTokenInvalid() from exc


@transaction.atomic
def google_login(*, request: HttpRequest, sociallogin: SocialLogin) -> User:
    """The account this Google identity signs in to, creating or linking it."""
    sociallogin.lookup()
    if sociallogin.is_existing:
        user = sociallogin.user
        if sociallogin.account.pk is None:
            # Matched by Google's verified e-mail address: link it from now on.
            wipe_password(request, user, sociallogin._did_authenticate_by_email)
            sociallogin.connect(request, user)
    else:
        social_adapter = get_social_adapter()
        if not social_adapter.is_open_for_signup(request, sociallogin):
            raise SignupClosed()
        user = sociallogin.user
        get_account_adapter().populate_username(request, user)
        if not user.nickname:
            user.nickname = user.username
        sociallogin.save(request)
    if not user.is_active:
        raise UserInactive()
    return user


@transaction.atomic
def google_connect(
    *, request: HttpRequest, user: User, sociallogin: SocialLogin
) -> None:
    """Link a Google identity to `user` (bind from the settings)."""
    existing = SocialAccount.objects.filter(
        provider=PROVIDER, uid=sociallogin.account.uid
    ).first()
    if existing is not None:
        if existing.user_id == user.pk:
            return
        raise GoogleTaken()
    sociallogin.connect(request, user)


@transaction.atomic
def google_disconnect(*, request: HttpRequest, user: User) -> None:
    """Unlink Google, unless that would leave no way to log in."""
    account = SocialAccount.objects.filter(provider=PROVIDER, user=user).first()
    if account is None:
        raise GoogleNotLinked()
    try:
        validate_disconnect(request, account)
    except ValidationError as exc:
        raise GoogleCannotUnlink(" ".join(exc.messages)) from exc
    disconnect(request, account)


def google_accounts(*, user: User) -> list[SocialAccount]:
    """The Google accounts linked to `user`."""
    return list(SocialAccount.objects.filter(user=user, provider=PROVIDER))
