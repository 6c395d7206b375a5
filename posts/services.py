"""State changes of the forum: posts, comments, reactions, bookmarks, follows.

Every service locks the post (or comment) row it counts on before touching a
counter, so concurrent comments, reactions and deletes keep the counters equal
to a recount. Live events and the notification hook leave on commit
(posts.activity). Moderation and reports are in posts.moderation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from boards.exceptions import BoardArchived
from boards.models import Board
from boards.selectors import board_check_can_post, board_is_moderator
from kaigon.errors import Message
from media_uploads.exceptions import UploadNotFound, UploadNotOwned, UploadWrongKind
from media_uploads.models import UploadKind
from media_uploads.services import upload_attach, upload_detach
from posts import repository
from posts.activity import ActivityKind, ForumActivity, forum_activity
from posts.exceptions import (
    AnonymousNotAllowed,
    CommentNotFound,
    ForumInvalid,
    ImageNotAllowed,
    MemberSuspended,
    NotAuthor,
    PostLocked,
    PostNotFound,
    ReactionNotAllowed,
    ReplyTooDeep,
)
from posts.markdown import extract_hashtags, normalize_hashtag, render_markdown
from posts.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Bookmark,
    Comment,
    CommentReaction,
    Hashtag,
    Post,
    PostFollow,
    PostReaction,
    Visibility,
)
from posts.notifications import (
    notify_comment_created,
    notify_post_created,
    notify_reaction_withdrawn,
    withdraw_comment_notifications,
    withdraw_post_notifications,
)
from posts.read_cache import forum_changed
from posts.selectors import reaction_emoji_set, suspension_active
from posts.signals import post_search_changed

MAX_IMAGES = 10
MAX_HASHTAGS = 20


# --- checks ------------------------------------------------------------------


def check_not_suspended(*, user: User) -> None:
    """Raise MemberSuspended, saying until when and why, for a suspended member."""
    suspension = suspension_active(user=user)
    if suspension is None:
        return
    until = formats.date_format(
        timezone.localtime(suspension.until), "SHORT_DATETIME_FORMAT"
    )
    raise MemberSuspended(
        _("You are suspended until %(until)s and cannot write: %(reason)s"),
        params={"until": until, "reason": suspension.reason},
    )


def _clean_text(
    value: str, *, field: str, max_length: int, empty_message: Message
) -> str:
    text = (value or "").strip()
    if not text:
        raise ForumInvalid.on(field, empty_message)
    if len(text) > max_length:
        raise ForumInvalid.on(
            field,
            _("Keep it to %(limit)d characters (this has %(count)d).")
            % {"limit": max_length, "count": len(text)},
        )
    return text


def _clean_title(title: str) -> str:
    return _clean_text(
        title,
        field="title",
        max_length=TITLE_MAX_LENGTH,
        empty_message=_("Give the post a title."),
    )


def _clean_body(
    body: str, *, field: str = "body", max_length: int = BODY_MAX_LENGTH
) -> str:
    return _clean_text(
        body, field=field, max_length=max_length, empty_message=_("Write something.")
    )


def _clean_image_ids(image_ids: Iterable[int | str]) -> list[int]:
    cleaned: list[int] = []
    for value in image_ids:
        try:
            cleaned.append(int(value))
        except (TypeError, ValueError):
            raise ImageNotAllowed.on(
                "image_ids", _("%(value)s is not an image id.") % {"value": value}
            ) from None
    cleaned = list(dict.fromkeys(cleaned))
    if len(cleaned) > MAX_IMAGES:
        raise ForumInvalid.on(
            "image_ids",
            _("Attach at most %(limit)d images.") % {"limit": MAX_IMAGES},
        )
    return cleaned


def _hashtag_names(*texts: str) -> list[str]:
    names: list[str] = []
    for text in texts:
        names.extend(extract_hashtags(text))
    names = list(dict.fromkeys(normalize_hashtag(name) for name in names))
    if len(names) > MAX_HASHTAGS:
        raise ForumInvalid.on(
            "body",
            _("Use at most %(limit)d hashtags.") % {"limit": MAX_HASHTAGS},
        )
    return names


def lock_board(board_id: int) -> None:
    """Take the board's row lock first, before any post of it.

    Changing a post's status or activity time rewrites its (board, ...) index
    entries, and InnoDB then takes a shared lock on the board row; two such
    holders that go on to update the board's counters would deadlock. Every
    service that touches a board takes this lock first: board, post, comment.
    """
    Board.objects.select_for_update().filter(pk=board_id).first()


def _locked_post(post: Post) -> Post:
    """The post's row, locked and fresh; PostNotFound if it is not visible."""
    locked = Post.objects.select_for_update().filter(pk=post.pk).first()
    if locked is None or locked.status != Visibility.PUBLISHED:
        raise PostNotFound()
    return locked


def _locked_comment(comment: Comment) -> Comment:
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None or locked.status != Visibility.PUBLISHED:
        raise CommentNotFound()
    return locked


# --- side effects, one function each -------------------------------------------


def _images_attach(*, post: Post, user: User, image_ids: Sequence[int]) -> None:
    uploads = []
    for image_id in image_ids:
        try:
            uploads.append(
                upload_attach(upload_id=image_id, user=user, kind=UploadKind.IMAGE)
            )
        except (UploadNotFound, UploadNotOwned, UploadWrongKind):
            raise ImageNotAllowed.on(
                "image_ids",
                _("Image %(id)s is not one you uploaded.") % {"id": image_id},
            ) from None
    post.images.set(uploads)


def _images_detach(upload_ids: Iterable[int]) -> None:
    for upload_id in upload_ids:
        with contextlib.suppress(UploadNotFound):
            upload_detach(upload_id=upload_id)


def _hashtags_set(*, post: Post, names: Sequence[str]) -> None:
    if names:
        Hashtag.objects.bulk_create(
            [Hashtag(name=name) for name in names], ignore_conflicts=True
        )
    post.hashtags.set(Hashtag.objects.filter(name__in=names))


def board_post_count_add(*, board_id: int, delta: int, touch: bool = False) -> None:
    changes: dict = {"post_count": F("post_count") + delta}
    if touch:
        changes["last_activity_at"] = timezone.now()
    Board.objects.filter(pk=board_id).update(**changes)


def _board_touch(board_id: int) -> None:
    Board.objects.filter(pk=board_id).update(last_activity_at=timezone.now())


def post_board_count_change(*, post: Post, was_visible: bool) -> None:
    """Keep the board's post count after a post's status changed."""
    if was_visible != post.is_visible:
        board_post_count_add(board_id=post.board_id, delta=1 if post.is_visible else -1)


# --- posts ---------------------------------------------------------------------


@transaction.atomic
def post_create(
    *,
    author: User,
    board: Board,
    title: str,
    body: str,
    anonymous: bool = False,
    image_ids: Iterable[int | str] = (),
) -> Post:
    """Start a thread: the post, its body (version 1), images, hashtags, follow."""
    check_not_suspended(user=author)
    board_check_can_post(board=board, user=author)
    if anonymous and not board.anonymous_allowed:
        raise AnonymousNotAllowed.on("anonymous", AnonymousNotAllowed.default_message)
    title = _clean_title(title)
    body = _clean_body(body)
    image_ids = _clean_image_ids(image_ids)
    hashtag_names = _hashtag_names(title, body)
    body_html = render_markdown(body)

    lock_board(board.pk)
    now = timezone.now()
    post = Post.objects.create(
        board=board,
        author=author,
        title=title,
        anonymous=anonymous,
        created_at=now,
        last_activity_at=now,
    )
    _images_attach(post=post, user=author, image_ids=image_ids)
    _hashtags_set(post=post, names=hashtag_names)
    repository.body_append(
        post_id=post.pk,
        title=title,
        body=body,
        body_html=body_html,
        editor_id=author.pk,
    )
    PostFollow.objects.create(user=author, post=post)
    board_post_count_add(board_id=board.pk, delta=1, touch=True)
    post_search_changed.send(sender=Post, post_id=post.pk)
    notify_post_created(post=post, body=body)
    return post


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: User,
    title: str,
    body: str,
    image_ids: Iterable[int | str] | None = None,
) -> Post:
    """The author changes title, body (a new version; the old one stays) or images."""
    post = _locked_post(post)
    if post.author_id != editor.pk:
        raise NotAuthor()
    check_not_suspended(user=editor)
    title = _clean_title(title)
    body = _clean_body(body)
    hashtag_names = _hashtag_names(title, body)
    if image_ids is not None:
        new_ids = _clean_image_ids(image_ids)
        old_ids = set(post.images.values_list("pk", flat=True))
        _images_attach(post=post, user=editor, image_ids=new_ids)
        _images_detach(old_ids - set(new_ids))
    _hashtags_set(post=post, names=hashtag_names)
    repository.body_append(
        post_id=post.pk,
        title=title,
        body=body,
        body_html=render_markdown(body),
        editor_id=editor.pk,
    )
    post.title = title
    post.edited_at = timezone.now()
    post.save(update_fields=["title", "edited_at"])
    post_search_changed.send(sender=Post, post_id=post.pk)
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: User) -> None:
    """The author removes the post: others see a placeholder, lists drop it."""
    lock_board(post.board_id)
    post = _locked_post(post)
    if post.author_id != actor.pk:
        raise NotAuthor()
    post.status = Visibility.DELETED
    post.save(update_fields=["status"])
    post_board_count_change(post=post, was_visible=True)
    _images_detach(post.images.values_list("pk", flat=True))
    withdraw_post_notifications(post_id=post.pk)
    post_search_changed.send(sender=Post, post_id=post.pk)


def post_view_record(*, post: Post) -> None:
    """Count one view of the post page.

    With KAIGON_VIEW_COUNT_BATCH = n > 1, views gather in the cache and reach
    the row n at a time, so reading a post is not a database write each time
    (a cache restart may lose up to n - 1). `post.view_count` is updated to
    include the views still waiting.
    """
    batch = settings.KAIGON_VIEW_COUNT_BATCH
    if batch <= 1:
        Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
        post.view_count += 1
        return
    key = f"posts:views:{post.pk}"
    cache.add(key, 0, timeout=None)
    try:
        pending = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)
        pending = 1
    if pending >= batch:
        cache.decr(key, pending)
        Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + pending)
        post.view_count += pending
        pending = 0
    post.view_count += pending


# --- comments ------------------------------------------------------------------


def _comment_anonymous(*, post: Post, author: User, anonymous: bool) -> bool:
    # The author of an anonymous thread keeps their pseudonym in it.
    if post.anonymous and post.author_id == author.pk:
        return True
    if anonymous and not post.board.anonymous_allowed:
        raise AnonymousNotAllowed.on("anonymous", AnonymousNotAllowed.default_message)
    return anonymous


@transaction.atomic
def comment_create(
    *,
    post: Post,
    author: User,
    body: str,
    parent: Comment | None = None,
    anonymous: bool = False,
) -> Comment:
    """A new floor (B1, B2, …) or a reply to a floor; tells the authors concerned."""
    check_not_suspended(user=author)
    lock_board(post.board_id)
    post = _locked_post(post)
    if post.board.archived:
        raise BoardArchived()
    if post.locked and not board_is_moderator(board=post.board, user=author):
        raise PostLocked()
    if parent is not None:
        parent = _locked_comment(parent)
        if parent.post_id != post.pk:
            raise CommentNotFound()
        if parent.parent_id is not None:
            raise ReplyTooDeep.on("parent", ReplyTooDeep.default_message)
    body = _clean_body(body, max_length=COMMENT_MAX_LENGTH)
    anonymous = _comment_anonymous(post=post, author=author, anonymous=anonymous)

    now = timezone.now()
    floor = post.last_floor + 1 if parent is None else None
    comment = Comment.objects.create(
        post=post,
        author=author,
        parent=parent,
        floor=floor,
        body=body,
        body_html=render_markdown(body),
        anonymous=anonymous,
        created_at=now,
    )
    Post.objects.filter(pk=post.pk).update(
        last_floor=floor or F("last_floor"),
        comment_count=F("comment_count") + 1,
        last_activity_at=now,
    )
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    _board_touch(post.board_id)
    _comment_activity(post=post, comment=comment, parent=parent)
    post_search_changed.send(sender=Post, post_id=post.pk)
    notify_comment_created(post=post, comment=comment, parent=parent)
    return comment


def _comment_activity(*, post: Post, comment: Comment, parent: Comment | None) -> None:
    activity = partial(
        ForumActivity,
        actor=comment.author,
        post_id=post.pk,
        post_title=post.title,
        comment_id=comment.pk,
        floor=parent.floor if parent is not None else comment.floor,
        actor_anonymous=comment.anonymous,
    )
    told = set()
    if parent is not None:
        forum_activity(activity(kind=ActivityKind.REPLY, recipient=parent.author))
        told.add(parent.author_id)
    if post.author_id not in told:
        forum_activity(activity(kind=ActivityKind.COMMENT, recipient=post.author))


@transaction.atomic
def comment_edit(*, comment: Comment, editor: User, body: str) -> Comment:
    """The author rewrites a comment (shown as edited; no history for comments)."""
    comment = _locked_comment(comment)
    if comment.author_id != editor.pk:
        raise NotAuthor()
    check_not_suspended(user=editor)
    body = _clean_body(body, max_length=COMMENT_MAX_LENGTH)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    post_search_changed.send(sender=Post, post_id=comment.post_id)
    return comment


def comment_count_change(*, comment: Comment, delta: int) -> None:
    """Counters of the post (and of the floor, for a reply) after a status change."""
    Post.objects.filter(pk=comment.post_id).update(
        comment_count=F("comment_count") + delta
    )
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(
            reply_count=F("reply_count") + delta
        )


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User) -> None:
    """The author removes a comment; its floor number stays taken."""
    # Post first, then comment: the same lock order as comment_create.
    Post.objects.select_for_update().filter(pk=comment.post_id).first()
    comment = _locked_comment(comment)
    if comment.author_id != actor.pk:
        raise NotAuthor()
    comment.status = Visibility.DELETED
    comment.save(update_fields=["status"])
    comment_count_change(comment=comment, delta=-1)
    withdraw_comment_notifications(comment_id=comment.pk)
    post_search_changed.send(sender=Post, post_id=comment.post_id)


# --- reactions -------------------------------------------------------------------


def _check_emoji(emoji: str) -> str:
    if emoji not in reaction_emoji_set():
        raise ReactionNotAllowed.on("emoji", ReactionNotAllowed.default_message)
    return emoji


@transaction.atomic
def reaction_set(*, user: User, target: Post | Comment, emoji: str) -> None:
    """Set the member's one reaction on a post or comment (a new emoji replaces it)."""
    check_not_suspended(user=user)
    emoji = _check_emoji(emoji)
    model: type[PostReaction] | type[CommentReaction]
    lookup: dict[str, Post | Comment]
    if isinstance(target, Post):
        target = _locked_post(target)
        model, lookup, post = PostReaction, {"post": target}, target
    else:
        _locked_post(Post(pk=target.post_id))
        target = _locked_comment(target)
        model, lookup, post = CommentReaction, {"comment": target}, target.post
    existing = model.objects.filter(user=user, **lookup).first()
    if existing is not None:
        if existing.emoji == emoji:
            return
        existing.emoji = emoji
        existing.save(update_fields=["emoji"])
    else:
        model.objects.create(user=user, emoji=emoji, **lookup)
        type(target).objects.filter(pk=target.pk).update(
            reaction_count=F("reaction_count") + 1
        )
    forum_changed(post_ids=[post.pk])
    forum_activity(
        ForumActivity(
            kind=ActivityKind.POST_REACTION
            if isinstance(target, Post)
            else ActivityKind.COMMENT_REACTION,
            actor=user,
            recipient=target.author,
            post_id=post.pk,
            post_title=post.title,
            comment_id=None if isinstance(target, Post) else target.pk,
            floor=None if isinstance(target, Post) else target.floor,
            emoji=emoji,
        )
    )


@transaction.atomic
def reaction_remove(*, user: User, target: Post | Comment) -> bool:
    """Take the member's reaction back; False if there was none."""
    locked: Post | Comment | None
    reactions: QuerySet[PostReaction] | QuerySet[CommentReaction]
    if isinstance(target, Post):
        locked = Post.objects.select_for_update().filter(pk=target.pk).first()
        reactions = PostReaction.objects.filter(user=user, post=locked)
    else:
        Post.objects.select_for_update().filter(pk=target.post_id).first()
        locked = Comment.objects.select_for_update().filter(pk=target.pk).first()
        reactions = CommentReaction.objects.filter(user=user, comment=locked)
    if locked is None:
        return False
    deleted, _ = reactions.delete()
    if deleted:
        type(locked).objects.filter(pk=locked.pk).update(
            reaction_count=F("reaction_count") - deleted
        )
        forum_changed(
            post_ids=[target.pk if isinstance(target, Post) else target.post_id]
        )
        notify_reaction_withdrawn(user=user, target=target)
    return bool(deleted)


# --- bookmarks and follows -------------------------------------------------------


@transaction.atomic
def bookmark_set(*, user: User, post: Post, on: bool) -> bool:
    """收藏 a post, or drop the bookmark; returns the new state."""
    if on:
        if not post.is_visible:
            raise PostNotFound()
        Bookmark.objects.get_or_create(user=user, post=post)
    else:
        Bookmark.objects.filter(user=user, post=post).delete()
    return on


@transaction.atomic
def post_follow_set(*, user: User, post: Post, on: bool) -> bool:
    """追蹤 a post (hear of its new comments), or stop; returns the new state."""
    if on:
        if not post.is_visible:
            raise PostNotFound()
        PostFollow.objects.get_or_create(user=user, post=post)
    else:
        PostFollow.objects.filter(user=user, post=post).delete()
    return on


# --- member deletion (kaigon.members, via posts/member_data.py) -------------------


@transaction.atomic
def member_reactions_remove(*, user: User) -> int:
    """Take back every reaction of `user`, keeping the counters right."""
    removed = 0
    for post_reaction in PostReaction.objects.filter(user=user).select_related("post"):
        removed += reaction_remove(user=user, target=post_reaction.post)
    comment_reactions = CommentReaction.objects.filter(user=user)
    for comment_reaction in comment_reactions.select_related("comment"):
        removed += reaction_remove(user=user, target=comment_reaction.comment)
    return removed


@transaction.atomic
def member_posts_remove(*, user: User) -> int:
    """Delete `user`'s posts with their threads, images' links and bodies."""
    posts = list(Post.objects.filter(author=user).order_by("board_id", "pk"))
    for board_id in sorted({post.board_id for post in posts}):
        lock_board(board_id)
    forum_changed(board_ids={post.board_id for post in posts})
    for post in posts:
        post_id = post.pk
        if post.is_visible:
            board_post_count_add(board_id=post.board_id, delta=-1)
        _images_detach(post.images.values_list("pk", flat=True))
        withdraw_post_notifications(post_id=post_id)
        post.delete()
        # The document store is not transactional: drop the bodies once the
        # rows are surely gone.
        transaction.on_commit(partial(repository.body_delete_all, post_id=post_id))
    return len(posts)


@transaction.atomic
def member_posts_hand_over(*, user: User, placeholder: User) -> int:
    """Credit `user`'s posts to `placeholder` (the deleted-member account)."""
    posts = Post.objects.filter(author=user)
    forum_changed(post_ids=list(posts.values_list("pk", flat=True)))
    return posts.update(author=placeholder)


@transaction.atomic
def member_comments_hand_over(*, user: User, placeholder: User, clear: bool) -> int:
    """Credit `user`'s comments to `placeholder`; with `clear`, as empty deleted
    floors (floor numbers and others' replies stay)."""
    comments = Comment.objects.filter(author=user)
    forum_changed(post_ids=set(comments.values_list("post_id", flat=True)))
    if not clear:
        return comments.update(author=placeholder)
    changed = 0
    for post_id in sorted(set(comments.values_list("post_id", flat=True))):
        Post.objects.select_for_update().filter(pk=post_id).first()
        for comment in comments.filter(post_id=post_id).select_for_update():
            if comment.is_visible:
                comment_count_change(comment=comment, delta=-1)
            comment.status = Visibility.DELETED
            comment.body = comment.body_html = ""
            comment.author = placeholder
            comment.save(update_fields=["status", "body", "body_html", "author"])
            changed += 1
    return changed
