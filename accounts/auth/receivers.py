"""allauth's signals → our services, for the flows allauth's pages run."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from accounts.auth.services import user_password_changed, user_password_reset


@receiver(password_changed, dispatch_uid="kaigon_revoke_on_password_changed")
@receiver(password_set, dispatch_uid="kaigon_revoke_on_password_set")
def revoke_on_password_change(sender, request, user, **kwargs) -> None:
    user_password_changed(user=user, request=request)


@receiver(password_reset, dispatch_uid="kaigon_revoke_on_password_reset")
def revoke_on_password_reset(sender, request, user, **kwargs) -> None:
    user_password_reset(user=user)
