"""State changes of the auth flows, called by the API views and (through
allauth's signals) by allauth's pages, so each rule lives here once.

allauth's own forms and flows do the account work (creating users, setting
passwords, confirmation keys); these functions add what Kaigon decides:
which credentials end, which mail goes out, what a client is told.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from allauth.account import app_settings as account_settings
from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter
from allauth.account.app_settings import SALT
from allauth.account.forms import ResetPasswordForm, UserTokenForm
from allauth.account.internal.flows import email_verification, password_reset
from allauth.account.internal.flows.password_change import (
    change_password,
    finalize_password_change,
)
from allauth.account.models import EmailAddress, get_emailconfirmation_model
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ua_parser import parse as ua_parse

from accounts.auth.models import RefreshFamily, RevokeReason
from accounts.auth.tokens import refresh_family_revoke, user_revoke_all_credentials
from accounts.errors import (
    CurrentPasswordWrong,
    EmailUnverified,
    EmailUnverifiedLinkPending,
    PasswordResetLinkInvalid,
    UserInactive,
    VerificationLinkExpired,
    VerificationLinkInvalid,
)
from accounts.models import User
from kaigon.errors import InvalidInput, Message, RateLimited
from kaigon.ratelimit import rate_limit_consume

API_PREFIX = "api-"
WEB_PREFIX = "web-"


@dataclass(frozen=True)
class Device:
    id: str
    kind: str
    name: str
    user_agent: str
    ip: str | None
    created_at: datetime
    last_used_at: datetime
    current: bool


def device_list(
    *,
    user: User,
    current_family_id: str | None = None,
    current_session_key: str | None = None,
) -> list[Device]:
    """Signed-in API devices and browser sessions of `user`, newest use first."""
    from django.utils import timezone

    devices = [
        Device(
            id=f"{API_PREFIX}{family.id}",
            kind="api",
            name=device_name(user_agent=family.user_agent, kind="api"),
            user_agent=family.user_agent,
            ip=family.ip,
            created_at=family.created_at,
            last_used_at=family.last_used_at,
            current=str(family.id) == str(current_family_id),
        )
        for family in RefreshFamily.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    ]
    devices += [
        Device(
            id=f"{WEB_PREFIX}{session.pk}",
            kind="web",
            name=device_name(user_agent=session.user_agent, kind="web"),
            user_agent=session.user_agent,
            ip=session.ip,
            created_at=session.created_at,
            last_used_at=session.last_seen_at,
            current=session.session_key == current_session_key,
        )
        for session in _live_user_sessions(user=user)
    ]
    return sorted(devices, key=lambda device: device.last_used_at, reverse=True)


_BROWSER_NAMES = {"Mobile Safari": "Safari", "Chrome Mobile": "Chrome"}
_OS_NAMES = {"Mac OS X": "macOS"}


@functools.lru_cache(maxsize=512)
def _browser_and_system(user_agent: str) -> tuple[str, str]:
    parsed = ua_parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent else "Other"
    system = parsed.os.family if parsed.os else "Other"
    browser = _BROWSER_NAMES.get(browser, browser.removesuffix(" Mobile"))
    return browser, _OS_NAMES.get(system, system)


def device_name(*, user_agent: str, kind: str) -> str:
    """ "Chrome on Android", "Safari on iOS", ... from a user agent string."""
    browser, system = _browser_and_system(user_agent or "")
    if browser != "Other" and system != "Other":
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser != "Other":
        return browser
    if system != "Other":
        return _("An app on %(system)s") % {"system": system}
    return _("An app") if kind == "api" else _("A browser")


def _live_user_sessions(*, user: User) -> list[UserSession]:
    """allauth's session records whose Django session still exists."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return UserSession.objects.purge_and_list(user)
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    sessions = list(UserSession.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[s.session_key for s in sessions],
            expire_date__gt=timezone.now(),
        ).values_list("session_key", flat=True)
    )
    return [session for session in sessions if session.session_key in alive]


@transaction.atomic
def device_revoke(*, user: User, device_id: str) -> bool:
    """Sign one of `user`'s devices out; False when `user` has no such device."""
    if device_id.startswith(API_PREFIX):
        try:
            family_id = uuid.UUID(device_id.removeprefix(API_PREFIX))
        except ValueError:
            return False
        family = RefreshFamily.objects.filter(
            pk=family_id, user=user, revoked_at__isnull=True
        ).first()
        if family is None:
            return False
        refresh_family_revoke(family=family, reason=RevokeReason.REVOKED)
        return True
    if device_id.startswith(WEB_PREFIX):
        pk = device_id.removeprefix(WEB_PREFIX)
        # ASCII digits only: isdigit() also takes "²", which int() refuses.
        if not (pk.isascii() and pk.isdecimal()) or len(pk) > 18:
            return False
        session = UserSession.objects.filter(pk=int(pk), user=user).first()
        if session is None:
            return False
        session.end()
        return True
    return False


def user_logout_everywhere(*, user: User) -> None:
    """Every device and browser session of `user` ends, this one included."""
    user_revoke_all_credentials(user=user, reason=RevokeReason.LOGOUT_ALL)


# --- after a password change or reset -------------------------------------------


def _signed_in_session_key(request: HttpRequest | None) -> str | None:
    """The browser session making the request, if it is a signed-in one."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    return session.session_key


def user_password_changed(*, user: User, request: HttpRequest | None) -> None:
    """A new password ends every device and session but the one that set it.

    A browser page that changed it stays signed in; an API client gets a new
    token pair from its view. A reset by e-mailed link keeps nothing.
    """
    user_revoke_all_credentials(
        user=user,
        reason=RevokeReason.PASSWORD,
        keep_session_key=_signed_in_session_key(request),
    )


def user_password_reset(*, user: User) -> None:
    user_revoke_all_credentials(user=user, reason=RevokeReason.PASSWORD)


def _password_validate(*, password: str, user: User, field: str) -> None:
    try:
        get_adapter().clean_password(password, user=user)
    except ValidationError as exc:
        messages: list[Message] = list(exc.messages)
        raise InvalidInput(fields={field: messages}) from exc


def password_change(
    *, request: HttpRequest, user: User, current_password: str, new_password: str
) -> None:
    """Change `user`'s password, as allauth's page does (signal, mail, sessions)."""
    if not user.check_password(current_password):
        raise CurrentPasswordWrong()
    _password_validate(password=new_password, user=user, field="new_password")
    change_password(user, new_password)
    # Sends password_changed (→ user_password_changed) and the notice mail.
    finalize_password_change(request, user)


def password_reset_request(*, request: HttpRequest, email: str) -> None:
    """Mail a reset link if `email` has an account; nothing says whether it has."""
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


def password_reset_from_key(*, request: HttpRequest, key: str, password: str) -> User:
    """Set a new password with the key of a reset link (`<uid36>-<token>`)."""
    uidb36, _sep, token = key.partition("-")
    token_form = UserTokenForm(data={"uidb36": uidb36, "key": token})
    if not token_form.is_valid():
        raise PasswordResetLinkInvalid()
    user = token_form.reset_user
    _password_validate(password=password, user=user, field="password")
    password_reset.reset_password(user, password)
    # Sends password_reset (→ user_password_reset) and the notice mail.
    password_reset.finalize_password_reset(request, user)
    return user


# --- signup, login checks and e-mail verification -------------------------------


def signup_complete(*, request: HttpRequest, user: User) -> None:
    """After allauth's signup form made `user`: announce it, mail the link."""
    account_signals.user_signed_up.send(sender=User, request=request, user=user)
    address = email_verification.get_address_for_user(user)
    if address is not None:
        email_verification.send_verification_email_to_address(
            request, address, signup=True
        )


def login_allowed(*, request: HttpRequest, user: User) -> None:
    """Refuse a correct password of an inactive or unverified account.

    An unverified one gets a new link unless the last is too recent; the
    refusal says which happened, and when another link can be asked for.
    """
    if not user.is_active:
        raise UserInactive()
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return
    address = email_verification.get_address_for_user(user)
    if address is None or email_verification.send_verification_email_to_address(
        request, address
    ):
        raise EmailUnverified()
    try:
        rate_limit_consume(
            request, action="confirm_email", key=address.email, dry_run=True
        )
    except RateLimited as limited:
        raise EmailUnverifiedLinkPending(retry_after=limited.retry_after) from None
    raise EmailUnverified()


@dataclass(frozen=True)
class Verification:
    address: EmailAddress
    already_verified: bool


def email_verify(*, request: HttpRequest, key: str) -> Verification:
    """Verify the address a link's key names; a used link is not an error."""
    confirmation = get_emailconfirmation_model().from_key(key)
    if confirmation is not None and not confirmation.key_expired():
        address = confirmation.confirm(request)
        if address:
            return Verification(address=address, already_verified=False)
    if not account_settings.EMAIL_CONFIRMATION_HMAC:
        raise VerificationLinkInvalid()
    address = email_address_of_key(key=key)
    if address is None:
        raise VerificationLinkInvalid()
    if address.verified:
        return Verification(address=address, already_verified=True)
    raise VerificationLinkExpired()


def email_address_of_key(*, key: str) -> EmailAddress | None:
    """The address a (signed) verification key names, however old the key."""
    try:
        pk = signing.loads(key, salt=SALT)
    except signing.BadSignature:
        return None
    return EmailAddress.objects.filter(pk=pk).first()


def email_verification_resend(*, request: HttpRequest, email: str) -> None:
    """Mail the link again to an unverified address (silent when there is none)."""
    address = EmailAddress.objects.filter(email__iexact=email, verified=False).first()
    if address is not None:
        # allauth skips the mail inside its cooldown after the previous one
        # (whose link still works); the answer must not tell the difference.
        email_verification.send_verification_email_to_address(request, address)


# --- the site that mails name -----------------------------------------------------


def site_sync(*, using: str = "default") -> None:
    """Make the sites row say SITE_NAME and SITE_DOMAIN (mails read it)."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"name": settings.SITE_NAME, "domain": settings.SITE_DOMAIN},
    )
    Site.objects.clear_cache()
