"""Reads of the forum: post lists and pages, comments, reactions, hashtags.

Lists only ever hold published posts and comments; a deleted or hidden floor
is a placeholder without its text or author. List helpers (`attach_*`) add
what a page of rows needs with a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import TypeGuard, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Follow, User
from boards.models import Board, BoardSubscription
from boards.selectors import board_is_moderator, moderated_board_ids
from media_uploads.models import Upload
from posts import repository
from posts.exceptions import CommentNotFound, HashtagNotFound, PostNotFound
from posts.markdown import normalize_hashtag
from posts.models import (
    Bookmark,
    Comment,
    CommentReaction,
    Hashtag,
    Post,
    PostFollow,
    PostReaction,
    Suspension,
    Visibility,
)

HOT_WINDOW = timedelta(days=7)
AUTOCOMPLETE_LIMIT = 10


class PostSort:
    ACTIVITY = "activity"
    NEWEST = "newest"
    TOP_WEEK = "top_week"
    CHOICES = (ACTIVITY, NEWEST, TOP_WEEK)


def reaction_emoji_set() -> list[str]:
    """The emoji members may react with (setting KAIGON_REACTION_EMOJI)."""
    return list(settings.KAIGON_REACTION_EMOJI)


def suspension_active(*, user: User) -> Suspension | None:
    """The member's current suspension (the one lasting longest), if any."""
    return (
        Suspension.objects.filter(user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def _is_member(viewer: User | None) -> TypeGuard[User]:
    return viewer is not None and viewer.is_authenticated


def _posts_base() -> QuerySet[Post]:
    """Published posts with board and author; `attach_hashtags` adds the tags."""
    return Post.objects.filter(status=Visibility.PUBLISHED).select_related(
        "board", "author__avatar__image"
    )


def post_list(
    *,
    viewer: User | None = None,
    board: Board | None = None,
    hashtag: Hashtag | None = None,
    author: User | None = None,
    sort: str = PostSort.ACTIVITY,
) -> QuerySet[Post]:
    """Published posts, newest activity first (pinned first within a board).

    With `author`, the member's anonymous posts are left out unless the viewer
    is that member: a profile never unmasks a pseudonym.
    """
    posts = _posts_base()
    if board is not None:
        posts = posts.filter(board=board)
    if hashtag is not None:
        posts = posts.filter(hashtags=hashtag)
    if author is not None:
        posts = posts.filter(author=author)
        if not (_is_member(viewer) and viewer.pk == author.pk):
            posts = posts.filter(anonymous=False)
    order: list = ["-pinned"] if board is not None else []
    if sort == PostSort.NEWEST:
        order += ["-created_at", "-pk"]
    elif sort == PostSort.TOP_WEEK:
        since = timezone.now() - HOT_WINDOW
        posts = posts.annotate(
            week_reactions=Count(
                "reactions", filter=Q(reactions__created_at__gte=since)
            )
        )
        order += ["-week_reactions", "-last_activity_at", "-pk"]
    else:
        order += ["-last_activity_at", "-pk"]
    return posts.order_by(*order)


def post_list_latest(*, viewer: User | None = None) -> QuerySet[Post]:
    """Front page: the newest posts across boards."""
    return post_list(viewer=viewer, sort=PostSort.NEWEST)


def post_list_hot(*, viewer: User | None = None) -> QuerySet[Post]:
    """Front page: posts with the most reactions this week (at least one)."""
    since = timezone.now() - HOT_WINDOW
    reacted = PostReaction.objects.filter(post=OuterRef("pk"), created_at__gte=since)
    return post_list(viewer=viewer, sort=PostSort.TOP_WEEK).filter(
        Exists(reacted), last_activity_at__gte=since
    )


def post_list_subscribed(*, user: User) -> QuerySet[Post]:
    """Front page: recent posts of the boards `user` subscribes to."""
    return post_list(viewer=user).filter(board__subscriptions__user=user)


def user_post_list(*, author: User, viewer: User | None = None) -> QuerySet[Post]:
    return post_list(viewer=viewer, author=author, sort=PostSort.NEWEST)


def post_list_feed(*, user: User) -> QuerySet[Post]:
    """The following feed: published posts by members `user` follows (not their
    anonymous ones) or in boards `user` subscribes to, newest first."""
    followed = Follow.objects.filter(follower=user).values("followee_id")
    boards = BoardSubscription.objects.filter(user=user).values("board_id")
    return (
        _posts_base()
        .filter(Q(author_id__in=followed, anonymous=False) | Q(board_id__in=boards))
        .order_by("-pk")
    )


def bookmark_list(*, user: User) -> QuerySet[Post]:
    """收藏: visible posts the member bookmarked, the latest bookmark first."""
    return (
        _posts_base()
        .filter(bookmarks__user=user)
        .annotate(
            bookmark_id=F("bookmarks__id"), bookmarked_at=F("bookmarks__created_at")
        )
        .order_by("-bookmark_id")
    )


def post_get_for_viewer(
    *, post_id: int | str, viewer: User | None = None, details: bool = True
) -> Post:
    """A post to show: PostNotFound when missing, deleted or hidden.

    The board's moderators (and staff) still see a hidden post, to undo it.
    `details` loads the hashtags and images the post page shows; endpoints
    that only act on the post (comments, reactions, ...) leave them out.
    """
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        raise PostNotFound() from None
    posts = Post.objects.select_related("board", "author__avatar__image")
    if details:
        posts = posts.prefetch_related(
            Prefetch("hashtags", Hashtag.objects.order_by("name")),
            Prefetch("images", Upload.objects.select_related("image")),
        )
    post = posts.filter(pk=pk).first()
    if post is None or post.status == Visibility.DELETED:
        raise PostNotFound()
    if post.status == Visibility.HIDDEN and not board_is_moderator(
        board=post.board, user=viewer
    ):
        raise PostNotFound()
    return post


def post_history(*, post: Post) -> list[repository.BodyVersion]:
    """Every version of the body, newest (the current one) first."""
    return repository.body_history(post_id=post.pk)


T = TypeVar("T", Post, Comment)


def attach_bodies(posts: Sequence[Post]) -> Sequence[Post]:
    """Set `post.body_version` on each, from one document-store query."""
    bodies = repository.body_latest_many(post_ids=[post.pk for post in posts])
    for post in posts:
        post.body_version = bodies.get(post.pk)
    return posts


def attach_hashtags(posts: Sequence[Post]) -> Sequence[Post]:
    """Set `hashtag_names` (sorted) on each post, from one query."""
    names: dict[int, list[str]] = defaultdict(list)
    if posts:
        links = Post.hashtags.through.objects.filter(
            post_id__in=[post.pk for post in posts]
        ).values_list("post_id", "hashtag__name")
        for post_id, name in links:
            names[post_id].append(name)
    for post in posts:
        post.hashtag_names = sorted(names.get(post.pk, []))
    return posts


def attach_reactions(targets: Sequence[T], viewer: User | None) -> Sequence[T]:
    """Set `reaction_counts` ({emoji: n}) and `viewer_reaction` on each target.

    Posts or comments, not mixed: two queries whatever the number of targets.
    """
    if not targets:
        return targets
    is_post = isinstance(targets[0], Post)
    model = PostReaction if is_post else CommentReaction
    key = "post_id" if is_post else "comment_id"
    ids = [target.pk for target in targets]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        model.objects.filter(**{f"{key}__in": ids})
        .values(key, "emoji")
        .annotate(n=Count("pk"))
        .order_by(key, "emoji")
    )
    for row in rows:
        counts[row[key]][row["emoji"]] = row["n"]
    mine: dict[int, str] = {}
    if _is_member(viewer):
        mine = dict(
            model.objects.filter(**{f"{key}__in": ids}, user=viewer).values_list(
                key, "emoji"
            )
        )
    order = {emoji: index for index, emoji in enumerate(reaction_emoji_set())}
    for target in targets:
        found = counts.get(target.pk, {})
        target.reaction_counts = dict(
            sorted(found.items(), key=lambda item: order.get(item[0], len(order)))
        )
        target.viewer_reaction = mine.get(target.pk)
    return targets


def attach_viewer_flags(posts: Sequence[Post], viewer: User | None) -> Sequence[Post]:
    """Set `is_bookmarked` and `is_following` for the viewer (two queries)."""
    ids = [post.pk for post in posts]
    bookmarked: set[int] = set()
    following: set[int] = set()
    if _is_member(viewer) and ids:
        bookmarked = set(
            Bookmark.objects.filter(user=viewer, post_id__in=ids).values_list(
                "post_id", flat=True
            )
        )
        following = set(
            PostFollow.objects.filter(user=viewer, post_id__in=ids).values_list(
                "post_id", flat=True
            )
        )
    for post in posts:
        post.is_bookmarked = post.pk in bookmarked
        post.is_following = post.pk in following
    return posts


def viewer_moderates(viewer: User | None) -> set[int] | None:
    """Board ids the viewer moderates (None: all boards), for showing real authors."""
    return moderated_board_ids(user=viewer)


# --- comments ------------------------------------------------------------------


def comment_list(*, post: Post) -> QuerySet[Comment]:
    """The post's floors in order, placeholders included (B3 stays B3).

    Attach the replies of a page of floors with `attach_replies`.
    """
    return (
        Comment.objects.filter(post=post, parent__isnull=True)
        .select_related("author__avatar__image")
        .order_by("floor")
    )


def attach_replies(
    floors: Sequence[Comment], viewer: User | None = None
) -> Sequence[Comment]:
    """Set `visible_replies` on each floor: its published replies, oldest first.

    Replies get their reactions too; three queries for the whole page.
    """
    by_parent: dict[int, list[Comment]] = defaultdict(list)
    if floors:
        replies = list(
            Comment.objects.filter(
                parent__in=[floor.pk for floor in floors],
                status=Visibility.PUBLISHED,
            )
            .select_related("author__avatar__image")
            .order_by("pk")
        )
        attach_reactions(replies, viewer)
        for reply in replies:
            if reply.parent_id is not None:
                by_parent[reply.parent_id].append(reply)
    for floor in floors:
        floor.visible_replies = by_parent.get(floor.pk, [])
    return floors


def comment_get_for_viewer(
    *, comment_id: int | str, viewer: User | None = None
) -> Comment:
    """A published comment of a published post, else CommentNotFound."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise CommentNotFound() from None
    comment = (
        Comment.objects.select_related("post__board", "author__avatar__image")
        .filter(
            pk=pk,
            status=Visibility.PUBLISHED,
            post__status=Visibility.PUBLISHED,
        )
        .first()
    )
    if comment is None:
        raise CommentNotFound()
    return comment


def comment_get(*, comment_id: int, post: Post | None = None) -> Comment:
    """Any comment by id (of `post`, if given), whatever its status.

    For moderation (which may unhide it) and for replies, whose service checks
    that the floor is still published; CommentNotFound if there is none.
    """
    comments = Comment.objects.filter(pk=comment_id)
    if post is not None:
        comments = comments.filter(post=post)
    comment = comments.first()
    if comment is None:
        raise CommentNotFound()
    return comment


# --- hashtags ------------------------------------------------------------------


def _hashtags_in_use() -> QuerySet[Hashtag]:
    """Hashtags of at least one published post, with that count as `post_count`."""
    return Hashtag.objects.annotate(
        post_count=Count("posts", filter=Q(posts__status=Visibility.PUBLISHED))
    ).filter(post_count__gt=0)


def hashtag_autocomplete(
    *, prefix: str, limit: int = AUTOCOMPLETE_LIMIT
) -> list[Hashtag]:
    """Tags starting with `prefix` (any case for Latin), most used first."""
    prefix = normalize_hashtag(prefix.strip().lstrip("#"))
    if not prefix:
        return []
    return list(
        _hashtags_in_use()
        .filter(name__startswith=prefix)
        .order_by(F("post_count").desc(), "name")[:limit]
    )


def hashtag_get(*, name: str) -> Hashtag:
    """A tag that has published posts, by any spelling; else HashtagNotFound."""
    hashtag = (
        _hashtags_in_use().filter(name=normalize_hashtag(name.lstrip("#"))).first()
    )
    if hashtag is None:
        raise HashtagNotFound()
    return hashtag
