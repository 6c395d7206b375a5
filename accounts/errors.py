"""The refusals of accounts' services: sign-in, tokens, captcha, Google.

Each is a KaigonError with its own code (see docs/api.md); the API, the pages
and the socket answer them without any view translating them.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kaigon.errors import (
    InvalidInput,
    KaigonError,
    Message,
    NotFound,
    PermissionDenied,
    RateLimited,
)


class UserInactive(PermissionDenied):
    code = "user_inactive"
    default_message = _("This account is not active.")


class EmailUnverified(PermissionDenied):
    code = "email_unverified"
    default_message = _("Verify your e-mail address first; we sent you a new link.")


class EmailUnverifiedLinkPending(EmailUnverified):
    """Unverified, and the last link is too recent for another one."""

    default_message = ngettext_lazy(
        "Verify your e-mail address first with the link we sent you. If it did "
        "not arrive, you can ask for a new one in %(minutes)d minute.",
        "Verify your e-mail address first with the link we sent you. If it did "
        "not arrive, you can ask for a new one in %(minutes)d minutes.",
        "minutes",
    )

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(params={"minutes": max(1, -(-retry_after // 60))})


class ResendTooSoon(RateLimited):
    """The verification link for this address was asked for a moment ago."""

    default_message = ngettext_lazy(
        "A link for this address was asked for a moment ago; you can ask for "
        "another in %(minutes)d minute.",
        "A link for this address was asked for a moment ago; you can ask for "
        "another in %(minutes)d minutes.",
        "minutes",
    )

    def __init__(self, *, retry_after: float) -> None:
        super().__init__(
            retry_after=retry_after,
            params={"minutes": max(1, -(-int(retry_after) // 60))},
        )


class VerificationLinkInvalid(InvalidInput):
    default_message = _("This verification link is invalid.")

    def __init__(self, message: Message | None = None) -> None:
        message = message or self.default_message
        super().__init__(message, fields={"key": [message]})


class VerificationLinkExpired(VerificationLinkInvalid):
    default_message = _("This verification link has expired; ask for a new one.")


class PasswordResetLinkInvalid(InvalidInput):
    default_message = _("This reset link is invalid, used or expired.")

    def __init__(self) -> None:
        super().__init__(self.default_message, fields={"key": [self.default_message]})


class CurrentPasswordWrong(InvalidInput):
    default_message = _("Please type your current password.")

    def __init__(self) -> None:
        super().__init__(
            self.default_message, fields={"current_password": [self.default_message]}
        )


class SignupClosed(PermissionDenied):
    code = "signup_closed"
    default_message = _("Signing up is closed.")


# --- refresh tokens (401) ---------------------------------------------------


class RefreshRejected(KaigonError):
    """The refresh token cannot be used; the subclass says why."""

    code = "token_not_valid"
    status = 401
    default_message = _("The refresh token is invalid or expired.")


class RefreshRevoked(RefreshRejected):
    code = "token_revoked"
    default_message = _("This device was logged out.")


class RefreshFamilyExpired(RefreshRejected):
    code = "session_expired"
    default_message = _("This login is too old; please log in again.")


class RefreshReused(RefreshRejected):
    code = "token_reused"
    default_message = _(
        "This refresh token was already used; the device was logged out."
    )


# --- captcha (field errors: the API answers "invalid" with `fields`) ----------


class CaptchaInvalid(InvalidInput):
    """The captcha was not solved; the subclass says why."""

    default_message = _("The characters you typed do not match the picture.")

    def __init__(self, field: str = "captcha_answer") -> None:
        super().__init__(fields={field: [self.default_message]})


class CaptchaWrong(CaptchaInvalid):
    pass


class CaptchaRequired(CaptchaInvalid):
    default_message = _("Type the characters shown.")


class CaptchaExpired(CaptchaInvalid):
    default_message = _("This captcha has expired; get a new one.")


# --- Google ---------------------------------------------------------------------


class GoogleError(KaigonError):
    """Google sign-in or binding was refused; the subclass says why."""


class GoogleDisabled(GoogleError, NotFound):
    code = "google_disabled"
    default_message = _("Google login is not configured here.")


class GoogleUnreachable(GoogleError):
    code = "google_unreachable"
    status = 502
    default_message = _("Google could not be reached.")


class GoogleTokenInvalid(GoogleError, InvalidInput):
    code = "invalid_token"
    default_message = _("The Google token is invalid or expired.")


class GoogleTaken(GoogleError):
    code = "google_taken"
    default_message = _("This Google account is linked to another account.")


class GoogleNotLinked(GoogleError, NotFound):
    code = "not_linked"
    default_message = _("No Google account is linked.")


class GoogleCannotUnlink(GoogleError):
    code = "cannot_unlink"
    default_message = _("Google cannot be unlinked from this account.")


# --- profiles and follows --------------------------------------------------------


class MemberNotFound(NotFound):
    default_message = _("There is no member with this username.")


class SelfFollow(InvalidInput):
    default_message = _("You cannot follow yourself.")

    def __init__(self) -> None:
        super().__init__(
            self.default_message, fields={"username": [self.default_message]}
        )


class AvatarRejected(InvalidInput):
    """The upload cannot be this member's avatar (unknown, not theirs, wrong kind)."""

    default_message = _("There is no avatar upload with this id.")

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(fields={"avatar": [message or self.default_message]})


class UnknownNotificationKind(InvalidInput):
    default_message = _("Unknown notification kind.")

    def __init__(self, kind: str) -> None:
        super().__init__(fields={kind: [self.default_message]})
