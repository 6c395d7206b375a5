from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from media_uploads.models import ImageSize
from media_uploads.selectors import upload_url

BIO_MAX_LENGTH = 500


class User(AbstractUser):
    """A Kaigon member: a unique e-mail, a unique @handle and a display nickname.

    The profile (nickname, bio, avatar) lives on this row rather than in a
    one-to-one Profile: every page that shows a member already loads the user,
    so the profile costs no join and no second row to create at signup.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    bio = models.TextField(_("bio"), max_length=BIO_MAX_LENGTH, blank=True)
    avatar = models.ForeignKey(
        "media_uploads.Upload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="avatar_of",
        verbose_name=_("avatar"),
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    @property
    def display_name(self) -> str:
        return self.nickname or self.username

    @property
    def avatar_url(self) -> str | None:
        """The square avatar, 320 px (None without one)."""
        return self.avatar_size_url(ImageSize.DISPLAY)

    @property
    def avatar_thumbnail_url(self) -> str | None:
        """The square avatar, 96 px (None without one)."""
        return self.avatar_size_url(ImageSize.THUMBNAIL)

    def avatar_size_url(
        self, size: str, request: HttpRequest | None = None
    ) -> str | None:
        """One size of the avatar, absolute given a request; None without one.

        The only place that builds an avatar's URL (pages and the API).
        """
        if self.avatar_id is None:
            return None
        return upload_url(upload=self.avatar, size=size, request=request)


class Follow(models.Model):
    """`follower` follows `followee`; one row per pair, never oneself."""

    follower = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="following_links",
        verbose_name=_("follower"),
    )
    followee = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="follower_links",
        verbose_name=_("followed user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "followee"], name="accounts_follow_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")),
                name="accounts_follow_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followee_id}"


class NotificationKind(models.TextChoices):
    """Kinds of notification a member can switch on or off."""

    CHAT_MESSAGE = "chat_message", _("New chat message")
    COMMENT = "comment", _("A comment or reply on my post or comment")
    REACTION = "reaction", _("A reaction on my post or comment")
    FOLLOWED_USER_POST = "followed_user_post", _("A new post by someone I follow")
    NEW_FOLLOWER = "new_follower", _("A new follower")
    FOLLOWED_POST_COMMENT = (
        "followed_post_comment",
        _("A new comment on a post I follow"),
    )
    MENTION = "mention", _("An @mention of me")


class NotificationSetting(models.Model):
    """One switch a member has set; a kind without a row is on (the default)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="accounts_notification_setting_once"
            ),
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user_id} {self.kind} {state}"


from accounts.auth.models import RefreshFamily, UserAuthState  # noqa: E402, F401
