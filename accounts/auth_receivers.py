"""allauth signals → token and session revocation for the pages' flows."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from accounts.models_auth import RevokeReason
from accounts.tokens import user_revoke_all_credentials


def _current_session_key(request) -> str | None:
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    return session.session_key


@receiver(password_changed, dispatch_uid="kaigon_revoke_on_password_changed")
@receiver(password_set, dispatch_uid="kaigon_revoke_on_password_set")
def revoke_on_password_change(sender, request, user, **kwargs) -> None:
    # The page the user changed it on stays signed in; everything else ends.
    user_revoke_all_credentials(
        user=user,
        reason=RevokeReason.PASSWORD,
        keep_session_key=_current_session_key(request),
    )


@receiver(password_reset, dispatch_uid="kaigon_revoke_on_password_reset")
def revoke_on_password_reset(sender, request, user, **kwargs) -> None:
    user_revoke_all_credentials(user=user, reason=RevokeReason.PASSWORD)
