"""Posts, comments, reactions, bookmarks, follows, hashtags, reports, moderation.

A post's body and its edit history live in the document store (see
posts/repository.py); the row here holds what lists, counters and moderation
need. Counters are kept by the services with F() updates and checked by a
test that recounts.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaigon.docstore.models import CaseSensitiveCharField

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20000
COMMENT_MAX_LENGTH = 5000
HASHTAG_MAX_LENGTH = 64
REPORT_REASON_MAX_LENGTH = 1000


class Visibility(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by the author")


class Hashtag(models.Model):
    """A `#tag`, stored normalised (NFKC, case folded): one row per spelling."""

    name = CaseSensitiveCharField(_("name"), max_length=HASHTAG_MAX_LENGTH, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("hashtag")
        verbose_name_plural = _("hashtags")

    def __str__(self) -> str:
        return f"#{self.name}"


class Post(models.Model):
    board = models.ForeignKey(
        "boards.Board",
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("board"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    hashtags = models.ManyToManyField(
        Hashtag, blank=True, related_name="posts", verbose_name=_("hashtags")
    )
    images = models.ManyToManyField(
        "media_uploads.Upload",
        blank=True,
        related_name="posts",
        verbose_name=_("images"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLISHED,
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new comments.")
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Visible comments (floors and replies) and reactions; views of the page.
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    reaction_count = models.PositiveIntegerField(_("reactions"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    # The last floor number handed out: floors never renumber or repeat.
    last_floor = models.PositiveIntegerField(_("last floor"), default=0)
    last_activity_at = models.DateTimeField(_("latest activity"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(
                fields=["board", "status", "-pinned", "-last_activity_at"],
                name="posts_board_activity",
            ),
            models.Index(
                fields=["board", "status", "-pinned", "-created_at"],
                name="posts_board_newest",
            ),
            models.Index(fields=["status", "-last_activity_at"], name="posts_activity"),
            models.Index(fields=["author", "-created_at"], name="posts_author"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_visible(self) -> bool:
        return self.status == Visibility.PUBLISHED


class Comment(models.Model):
    """A numbered floor (B1, B2, …) of a post, or a reply to one (no deeper)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    floor = models.PositiveIntegerField(
        _("floor"), null=True, blank=True, help_text=_("Top-level comments only.")
    )
    body = models.TextField(_("body"), max_length=COMMENT_MAX_LENGTH)
    # Rendered once on write: lists show many comments and never re-render.
    body_html = models.TextField(_("rendered body"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLISHED,
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    reaction_count = models.PositiveIntegerField(_("reactions"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "floor"], name="posts_comment_floor_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["post", "parent", "floor"], name="posts_comment_floor"
            ),
            models.Index(fields=["parent", "id"], name="posts_comment_replies"),
            models.Index(fields=["author", "-created_at"], name="posts_comment_author"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} B{self.floor}" if self.floor else f"reply {self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == Visibility.PUBLISHED


class ReactionBase(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    emoji = models.CharField(_("emoji"), max_length=16)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True


class PostReaction(ReactionBase):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post")
    )

    class Meta:
        verbose_name = _("post reaction")
        verbose_name_plural = _("post reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="posts_postreaction_once"
            )
        ]
        indexes = [
            models.Index(fields=["post", "emoji"], name="posts_postreaction_emoji"),
            models.Index(fields=["created_at"], name="posts_postreaction_created"),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} {self.user_id} → post {self.post_id}"


class CommentReaction(ReactionBase):
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("comment"),
    )

    class Meta:
        verbose_name = _("comment reaction")
        verbose_name_plural = _("comment reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="posts_commentreaction_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["comment", "emoji"], name="posts_commentreaction_emoji"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} {self.user_id} → comment {self.comment_id}"


class Bookmark(models.Model):
    """收藏: a member keeps a post to find it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("post")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="posts_bookmark_once")
        ]
        indexes = [models.Index(fields=["user", "-id"], name="posts_bookmark_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.post_id}"


class PostFollow(models.Model):
    """追蹤: a member hears of new comments on a post (authors follow their own)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="post_follows",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="follows", verbose_name=_("post")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("post follow")
        verbose_name_plural = _("post follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="posts_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.post_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ReportResolution(models.TextChoices):
    HIDDEN = "hidden", _("Content hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """檢舉: a member flags a post or a comment for the moderators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("reporter"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post")
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("comment"),
        help_text=_("Empty when the post itself is reported."),
    )
    reason = models.TextField(_("reason"), max_length=REPORT_REASON_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
    )
    resolution = models.CharField(
        _("resolution"), max_length=16, choices=ReportResolution.choices, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "-id"], name="posts_report_status")]

    def __str__(self) -> str:
        target = f"comment {self.comment_id}" if self.comment_id else "post"
        return f"report {self.pk} on {target} of post {self.post_id}"


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("Hide")
    UNHIDE = "unhide", _("Unhide")
    LOCK = "lock", _("Lock")
    UNLOCK = "unlock", _("Unlock")
    PIN = "pin", _("Pin")
    UNPIN = "unpin", _("Unpin")
    MOVE = "move", _("Move to another board")
    DISMISS_REPORT = "dismiss_report", _("Dismiss a report")
    SUSPEND = "suspend", _("Suspend a member")


class ModerationLog(models.Model):
    """One moderator action, kept for admins to read (never edited)."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(
        _("action"), max_length=32, choices=ModerationAction.choices
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report"),
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    details = models.CharField(_("details"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.moderator_id}"


class Suspension(models.Model):
    """Staff suspend a member until a date: they can read, not write."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_suspensions",
        verbose_name=_("member"),
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [
            models.Index(fields=["user", "-until"], name="posts_suspension_until")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d}"
