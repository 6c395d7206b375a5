"""Chat rooms and who belongs to them. Messages live in the document store
(chat/repository.py); the ORM keeps rooms, memberships and preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoomKind(models.TextChoices):
    DIRECT = "direct", _("Direct")
    GROUP = "group", _("Group")


class Room(models.Model):
    """A conversation: a direct room between two members, or a named group."""

    kind = models.CharField(_("kind"), max_length=8, choices=RoomKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    avatar = models.ForeignKey(
        "media_uploads.Upload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_room_avatar_of",
        verbose_name=_("avatar"),
    )
    emoji = models.CharField(_("emoji"), max_length=16, blank=True)
    theme_color = models.CharField(_("theme colour"), max_length=7, blank=True)
    # "<lower user id>:<higher user id>" for a direct room, so a pair has one;
    # NULL for groups, as NULLs never collide under the unique constraint.
    direct_key = models.CharField(  # noqa: DJ001
        _("direct pair"), max_length=48, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        constraints = [
            models.UniqueConstraint(fields=["direct_key"], name="chat_room_one_direct"),
            models.CheckConstraint(
                condition=models.Q(kind="direct", direct_key__isnull=False)
                | models.Q(kind="group", direct_key__isnull=True),
                name="chat_room_direct_key_iff_direct",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_direct(self) -> bool:
        return self.kind == RoomKind.DIRECT


class MessageKind(models.TextChoices):
    """Kinds of messages (stored in the document store, not in a table)."""

    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    SYSTEM = "system", _("System")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A member of a room: role, nickname, read mark and personal settings."""

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("room"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    nickname = models.CharField(_("nickname in the room"), max_length=50, blank=True)
    last_read_seq = models.PositiveBigIntegerField(_("last read seq"), default=0)
    notifications = models.BooleanField(_("notifications"), default=True)
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    archived = models.BooleanField(_("archived"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("room membership")
        verbose_name_plural = _("room memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user"], name="chat_membership_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "room"], name="chat_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.room_id}"

    @property
    def is_admin(self) -> bool:
        return self.role in (MemberRole.OWNER, MemberRole.ADMIN)


class WhoMayMessage(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    FOLLOWING = "following", _("People I follow")
    NOBODY = "nobody", _("Nobody")


class ChatPreference(models.Model):
    """A member's chat-wide choices; a missing row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chat_preference",
        verbose_name=_("user"),
    )
    who_may_message = models.CharField(
        _("who may message me"),
        max_length=16,
        choices=WhoMayMessage.choices,
        default=WhoMayMessage.EVERYONE,
        help_text=_("Who may start a direct conversation or add me to a group."),
    )

    class Meta:
        verbose_name = _("chat preference")
        verbose_name_plural = _("chat preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.who_may_message}"
