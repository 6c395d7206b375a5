"""Boards (topic categories), their moderators and members' subscriptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 500


class PostingRule(models.TextChoices):
    EVERYONE = "everyone", _("Every member")
    MODERATORS = "moderators", _("Moderators only")


class Board(models.Model):
    """A topic category; staff create and edit boards in admin."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    icon = models.CharField(
        _("icon"), max_length=16, blank=True, help_text=_("An emoji shown by the name.")
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    posting_rule = models.CharField(
        _("who may post"),
        max_length=16,
        choices=PostingRule.choices,
        default=PostingRule.EVERYONE,
    )
    anonymous_allowed = models.BooleanField(_("anonymous posts allowed"), default=False)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Readable, but closed to new posts.")
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_boards",
        verbose_name=_("moderators"),
    )
    # Visible posts only; kept by the post services, checked by a recount test.
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_activity_at = models.DateTimeField(
        _("latest activity"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["order", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class BoardSubscription(models.Model):
    """A member follows a board: its posts show on their front page."""

    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("board"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_subscriptions",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("board subscription")
        verbose_name_plural = _("board subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "board"], name="boards_subscription_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.board_id}"
