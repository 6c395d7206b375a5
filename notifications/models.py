from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import NotificationKind


class TargetType(models.TextChoices):
    """What a notification is about; apps above this one own the rows."""

    POST = "post", _("post")
    COMMENT = "comment", _("comment")
    ROOM = "room", _("chat room")
    USER = "user", _("member")


class Notification(models.Model):
    """One inbox entry; events with the same `group_key` merge while unread.

    The target is generic (type + id) with a JSON snapshot (title, url, ...)
    taken when it was raised: the text is rendered in the reader's language
    at display time, never stored.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    target_type = models.CharField(
        _("target type"), max_length=16, choices=TargetType.choices
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    group_key = models.CharField(_("group key"), max_length=100, blank=True)
    # The thread (post, room) for mail batching: one mail per thread per hour.
    thread_key = models.CharField(_("thread key"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("events"), default=1)
    actor_count = models.PositiveIntegerField(_("actors"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notif_inbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="notif_unread_idx"),
            models.Index(fields=["recipient", "group_key"], name="notif_group_idx"),
            models.Index(fields=["read_at"], name="notif_prune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.target_type}:{self.target_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationActor(models.Model):
    """A member whose action is part of a notification (reactors, commenters)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="actor_links"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # An anonymous writer's pseudonym code, shown as "Anonymous <code>"
    # instead of the actor's name.
    alias = models.CharField(_("alias"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification actor")
        verbose_name_plural = _("notification actors")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "actor"], name="notif_actor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} in {self.notification_id}"

    @property
    def name(self) -> str:
        if self.alias:
            return gettext("Anonymous %(code)s") % {"code": self.alias}
        return self.actor.display_name


class MailSetting(models.Model):
    """Whether a member wants e-mail for one kind when they were offline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        verbose_name = _("notification e-mail setting")
        verbose_name_plural = _("notification e-mail settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_mail_once")
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user_id} {self.kind} mail {state}"
