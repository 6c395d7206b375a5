"""The forum's notifications: what posts raises through notifications.services.

posts.services and posts.activity call these (one call per event); this
module turns posts and comments into notification targets and registers who
may still see them, so notifications never imports the forum.
"""

import re
from collections.abc import Iterable

from django.urls import reverse

from accounts.models import NotificationKind, User
from notifications.models import TargetType
from notifications.services import (
    notification_withdraw,
    notifications_withdraw,
    notify,
    notify_followers,
    notify_many,
)
from notifications.targets import Target, target_visibility
from posts.activity import ActivityKind, ForumActivity
from posts.anonymity import pseudonym_code
from posts.models import Comment, Post, PostFollow, Visibility

# "@mei" in text; a handle is letters, digits and . + - _ (no trailing dot).
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")
MAX_MENTIONS = 20


@target_visibility(TargetType.POST)
def _post_visible(post_id: int, user_ids: list[int]) -> list[int]:
    visible = Post.objects.filter(pk=post_id, status=Visibility.PUBLISHED).exists()
    return user_ids if visible else []


@target_visibility(TargetType.COMMENT)
def _comment_visible(comment_id: int, user_ids: list[int]) -> list[int]:
    visible = Comment.objects.filter(
        pk=comment_id,
        status=Visibility.PUBLISHED,
        post__status=Visibility.PUBLISHED,
    ).exists()
    return user_ids if visible else []


def withdraw_post_notifications(*, post_id: int) -> None:
    """The post is gone for readers: so are the entries about it and its comments."""
    notifications_withdraw(thread=f"post:{post_id}")


def withdraw_comment_notifications(*, comment_id: int) -> None:
    notifications_withdraw(target_type=TargetType.COMMENT, target_ids=[comment_id])


def _post_target(
    *,
    post_id: int,
    title: str,
    comment_id: int | None = None,
    anchor: int | None = None,
) -> Target:
    url = reverse("posts:detail", args=[post_id])
    if comment_id is not None or anchor is not None:
        url += f"#comment-{comment_id or anchor}"
    if comment_id is not None:
        return Target(
            type=TargetType.COMMENT,
            id=comment_id,
            snapshot={"title": title, "url": url},
            thread=f"post:{post_id}",
        )
    return Target(
        type=TargetType.POST,
        id=post_id,
        snapshot={"title": title, "url": url},
        thread=f"post:{post_id}",
    )


def _alias(*, post_id: int, actor: User, anonymous: bool) -> str:
    return pseudonym_code(post_id=post_id, user_id=actor.pk) if anonymous else ""


def notify_forum_activity(activity: ForumActivity) -> None:
    """A comment, reply or reaction on someone's post or comment."""
    on_comment = activity.kind in (ActivityKind.REPLY, ActivityKind.COMMENT_REACTION)
    target = _post_target(
        post_id=activity.post_id,
        title=activity.post_title,
        comment_id=activity.comment_id if on_comment else None,
        anchor=activity.comment_id,
    )
    reaction = activity.kind in (
        ActivityKind.POST_REACTION,
        ActivityKind.COMMENT_REACTION,
    )
    notify(
        recipient=activity.recipient,
        kind=NotificationKind.REACTION if reaction else NotificationKind.COMMENT,
        actor=activity.actor,
        actor_alias=_alias(
            post_id=activity.post_id,
            actor=activity.actor,
            anonymous=activity.actor_anonymous,
        ),
        target=target,
        group_key=f"reaction:{target.type}:{target.id}" if reaction else "",
    )


def notify_reaction_withdrawn(*, user: User, target: Post | Comment) -> None:
    """The member took a reaction back: they leave the grouped entry."""
    target_type = TargetType.POST if isinstance(target, Post) else TargetType.COMMENT
    notification_withdraw(
        recipient=target.author,
        actor=user,
        group_key=f"reaction:{target_type}:{target.pk}",
    )


def _mentioned(text: str, *, exclude: Iterable[int]) -> list[User]:
    names = list(dict.fromkeys(MENTION.findall(text)))[:MAX_MENTIONS]
    if not names:
        return []
    return list(
        User.objects.filter(username__in=names, is_active=True).exclude(
            pk__in=list(exclude)
        )
    )


def _notify_mentions(
    *, text: str, actor: User, alias: str, target: Target, exclude: Iterable[int]
) -> None:
    for member in _mentioned(text, exclude=exclude):
        notify(
            recipient=member,
            kind=NotificationKind.MENTION,
            actor=actor,
            actor_alias=alias,
            target=target,
        )


def notify_post_created(*, post: Post, body: str) -> None:
    """Followers of the author (not for an anonymous post) and @mentions."""
    target = _post_target(post_id=post.pk, title=post.title)
    if not post.anonymous:
        notify_followers(
            author=post.author, kind=NotificationKind.FOLLOWED_USER_POST, target=target
        )
    _notify_mentions(
        text=f"{post.title}\n{body}",
        actor=post.author,
        alias=_alias(post_id=post.pk, actor=post.author, anonymous=post.anonymous),
        target=target,
        exclude=[post.author_id],
    )


def notify_comment_created(
    *, post: Post, comment: Comment, parent: Comment | None
) -> None:
    """Members following the post, and @mentions; the authors concerned
    already heard through `notify_forum_activity`."""
    told = {comment.author_id, post.author_id}
    if parent is not None:
        told.add(parent.author_id)
    alias = _alias(post_id=post.pk, actor=comment.author, anonymous=comment.anonymous)
    target = _post_target(post_id=post.pk, title=post.title, comment_id=comment.pk)
    mentioned = _mentioned(comment.body, exclude=told)
    _notify_mentions(
        text=comment.body,
        actor=comment.author,
        alias=alias,
        target=target,
        exclude=told,
    )
    told.update(member.pk for member in mentioned)
    followers = User.objects.filter(
        pk__in=PostFollow.objects.filter(post=post).values("user_id")
    ).exclude(pk__in=told)
    notify_many(
        recipients=followers,
        kind=NotificationKind.FOLLOWED_POST_COMMENT,
        target=target,
        actor=comment.author,
        actor_alias=alias,
    )
