"""Auth state owned by the auth flows: token epoch and refresh-token families."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserAuthState(models.Model):
    """Per-user counter; bumping it kills every access token issued before."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="auth_state",
        verbose_name=_("user"),
    )
    epoch = models.PositiveIntegerField(_("token epoch"), default=0)

    class Meta:
        verbose_name = _("auth state")
        verbose_name_plural = _("auth states")

    def __str__(self) -> str:
        return f"{self.user_id} epoch {self.epoch}"


class RevokeReason(models.TextChoices):
    LOGOUT = "logout", _("Logged out")
    LOGOUT_ALL = "logout_all", _("Logged out everywhere")
    REVOKED = "revoked", _("Removed from the device list")
    REUSE = "reuse", _("An old refresh token was used again")
    PASSWORD = "password", _("Password changed or reset")


class RefreshFamily(models.Model):
    """One signed-in API device: the chain of refresh tokens born from one login.

    Only the newest refresh token (`current_jti`) is valid; presenting an older
    one means it was copied, and the whole family is revoked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="refresh_families",
        verbose_name=_("user"),
    )
    current_jti = models.CharField(_("current token id"), max_length=64)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(
        _("revoke reason"), max_length=16, choices=RevokeReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("logged-in device")
        verbose_name_plural = _("logged-in devices")
        indexes = [
            models.Index(fields=["user", "revoked_at"], name="accounts_rf_user_active")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
