"""Moderation services: hide, lock, pin, move; reports; suspensions.

Every action is checked against the board's moderators (staff moderate every
board) and written to the moderation log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from boards.models import Board
from boards.selectors import board_is_moderator
from kaigon.errors import PermissionDenied
from posts.exceptions import (
    CommentNotFound,
    ForumInvalid,
    NotModerator,
    PostNotFound,
)
from posts.models import (
    REPORT_REASON_MAX_LENGTH,
    Comment,
    ModerationAction,
    ModerationLog,
    Post,
    Report,
    ReportResolution,
    ReportStatus,
    Suspension,
    Visibility,
)
from posts.notifications import (
    withdraw_comment_notifications,
    withdraw_post_notifications,
)
from posts.read_cache import forum_changed
from posts.services import (
    board_post_count_add,
    comment_count_change,
    lock_board,
    post_board_count_change,
)
from posts.signals import post_search_changed

POST_ACTIONS = {
    ModerationAction.HIDE,
    ModerationAction.UNHIDE,
    ModerationAction.LOCK,
    ModerationAction.UNLOCK,
    ModerationAction.PIN,
    ModerationAction.UNPIN,
    ModerationAction.MOVE,
}


def _check_moderator(*, board: Board, user: User) -> None:
    if not board_is_moderator(board=board, user=user):
        raise NotModerator()


def _log(*, moderator: User, action: str, **targets) -> ModerationLog:
    return ModerationLog.objects.create(moderator=moderator, action=action, **targets)


@transaction.atomic
def post_moderate(
    *,
    post: Post,
    moderator: User,
    action: str,
    to_board: Board | None = None,
    report: Report | None = None,
) -> Post:
    """Hide/unhide, lock/unlock, pin/unpin or move a post, and log it."""
    if action not in POST_ACTIONS:
        raise ForumInvalid.on("action", _("Unknown moderation action."))
    for board_id in sorted({post.board_id, to_board.pk if to_board else post.board_id}):
        lock_board(board_id)
    post = Post.objects.select_for_update().select_related("board").get(pk=post.pk)
    if post.status == Visibility.DELETED:
        raise PostNotFound()
    _check_moderator(board=post.board, user=moderator)
    was_visible = post.is_visible
    details = ""
    if action in (ModerationAction.HIDE, ModerationAction.UNHIDE):
        post.status = (
            Visibility.HIDDEN
            if action == ModerationAction.HIDE
            else Visibility.PUBLISHED
        )
        post.save(update_fields=["status"])
        post_board_count_change(post=post, was_visible=was_visible)
        if action == ModerationAction.HIDE:
            withdraw_post_notifications(post_id=post.pk)
    elif action in (ModerationAction.LOCK, ModerationAction.UNLOCK):
        post.locked = action == ModerationAction.LOCK
        post.save(update_fields=["locked"])
    elif action in (ModerationAction.PIN, ModerationAction.UNPIN):
        post.pinned = action == ModerationAction.PIN
        post.save(update_fields=["pinned"])
    else:
        if to_board is None:
            raise ForumInvalid.on("board", _("Pick the board to move the post to."))
        _check_moderator(board=to_board, user=moderator)
        if to_board.pk != post.board_id:
            forum_changed(board_ids=[post.board_id])
            details = f"{post.board.slug} → {to_board.slug}"
            if was_visible:
                board_post_count_add(board_id=post.board_id, delta=-1)
                board_post_count_add(board_id=to_board.pk, delta=1)
            post.board = to_board
            post.save(update_fields=["board"])
    post_search_changed.send(sender=Post, post_id=post.pk)
    _log(moderator=moderator, action=action, post=post, report=report, details=details)
    return post


@transaction.atomic
def comment_moderate(
    *, comment: Comment, moderator: User, action: str, report: Report | None = None
) -> Comment:
    """Hide or unhide a comment (its floor stays numbered), and log it."""
    if action not in (ModerationAction.HIDE, ModerationAction.UNHIDE):
        raise ForumInvalid.on("action", _("Unknown moderation action."))
    Post.objects.select_for_update().filter(pk=comment.post_id).first()
    comment = (
        Comment.objects.select_for_update()
        .select_related("post__board")
        .get(pk=comment.pk)
    )
    if comment.status == Visibility.DELETED:
        raise CommentNotFound()
    _check_moderator(board=comment.post.board, user=moderator)
    target = (
        Visibility.HIDDEN if action == ModerationAction.HIDE else Visibility.PUBLISHED
    )
    if comment.status != target:
        comment.status = target
        comment.save(update_fields=["status"])
        comment_count_change(
            comment=comment, delta=1 if target == Visibility.PUBLISHED else -1
        )
        if target == Visibility.HIDDEN:
            withdraw_comment_notifications(comment_id=comment.pk)
    post_search_changed.send(sender=Post, post_id=comment.post_id)
    _log(
        moderator=moderator,
        action=action,
        post_id=comment.post_id,
        comment=comment,
        report=report,
    )
    return comment


@transaction.atomic
def report_create(*, reporter: User, target: Post | Comment, reason: str) -> Report:
    """檢舉 a post or a comment; one open report per member and target."""
    reason = (reason or "").strip()
    if not reason:
        raise ForumInvalid.on("reason", _("Say what is wrong."))
    if len(reason) > REPORT_REASON_MAX_LENGTH:
        raise ForumInvalid.on(
            "reason",
            _("Keep it to %(limit)d characters.") % {"limit": REPORT_REASON_MAX_LENGTH},
        )
    if isinstance(target, Post):
        if not target.is_visible:
            raise PostNotFound()
        post, comment = target, None
    else:
        if not target.is_visible:
            raise CommentNotFound()
        post, comment = target.post, target
    report, _created = Report.objects.get_or_create(
        reporter=reporter,
        post=post,
        comment=comment,
        status=ReportStatus.OPEN,
        defaults={"reason": reason},
    )
    return report


@transaction.atomic
def report_resolve(*, report: Report, moderator: User, resolution: str) -> Report:
    """Hide the reported content or dismiss the report; other open reports on
    the same content are resolved with it. Logged."""
    if resolution not in ReportResolution.values:
        raise ForumInvalid.on(
            "resolution", _("Hide the content or dismiss the report.")
        )
    report = Report.objects.select_related("post__board").get(pk=report.pk)
    _check_moderator(board=report.post.board, user=moderator)
    if resolution == ReportResolution.HIDDEN:
        if report.comment_id is not None:
            comment_moderate(
                comment=report.comment,
                moderator=moderator,
                action=ModerationAction.HIDE,
                report=report,
            )
        elif report.post.status != Visibility.HIDDEN:
            post_moderate(
                post=report.post,
                moderator=moderator,
                action=ModerationAction.HIDE,
                report=report,
            )
    else:
        _log(
            moderator=moderator,
            action=ModerationAction.DISMISS_REPORT,
            post=report.post,
            comment_id=report.comment_id,
            report=report,
        )
    Report.objects.filter(
        post_id=report.post_id, comment_id=report.comment_id, status=ReportStatus.OPEN
    ).update(
        status=ReportStatus.RESOLVED,
        resolution=resolution,
        resolved_by=moderator,
        resolved_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def member_suspend(
    *, user: User, until: datetime, reason: str, actor: User
) -> Suspension:
    """Staff stop a member from writing until `until` (reading stays open)."""
    if not actor.is_staff:
        raise PermissionDenied()
    reason = (reason or "").strip()
    if not reason:
        raise ForumInvalid.on("reason", _("Say why."))
    suspension = Suspension.objects.create(
        user=user, until=until, reason=reason, created_by=actor
    )
    _log(
        moderator=actor,
        action=ModerationAction.SUSPEND,
        target_user=user,
        details=f"until {until.isoformat()}",
    )
    return suspension
