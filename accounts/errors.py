"""The refusals of accounts' services: sign-in, tokens, captcha, Google.

Each is a KaigonError with its own code (see docs/api.md); the API, the pages
and the socket answer them without any view translating them.
"""

from django.utils.translation import gettext_lazy as _

from kaigon.errors import InvalidInput, KaigonError, NotFound, PermissionDenied


class UserInactive(PermissionDenied):
    code = "user_inactive"
    default_message = _("This account is not active.")


class EmailUnverified(PermissionDenied):
    code = "email_unverified"
    default_message = _("Verify your e-mail address first; we sent you a new link.")


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
    default_message = _("This device was signed out.")


class RefreshFamilyExpired(RefreshRejected):
    code = "session_expired"
    default_message = _("This sign-in is too old; please log in again.")


class RefreshReused(RefreshRejected):
    code = "token_reused"
    default_message = _(
        "This refresh token was already used; the device was signed out."
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
    default_message = _("Google sign-in is not configured here.")


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
