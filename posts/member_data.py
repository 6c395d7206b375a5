"""A member's posts, comments, reactions, bookmarks and follows (kaigon.members)."""

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from accounts.models import User
from kaigon.members import deleted_member_placeholder
from posts import repository, services
from posts.models import (
    Bookmark,
    Comment,
    CommentReaction,
    Post,
    PostFollow,
    PostReaction,
    Report,
    Suspension,
)


def export(*, user: User, files: Path, report: Callable[[str], None]) -> dict:
    posts = [
        {
            "id": post.pk,
            "board": post.board.slug,
            "title": post.title,
            "status": post.status,
            "anonymous": post.anonymous,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            # The versions they wrote, newest first (the document store).
            "versions": [
                asdict(version) for version in repository.body_history(post_id=post.pk)
            ],
        }
        for post in Post.objects.filter(author=user)
        .select_related("board")
        .order_by("pk")
    ]
    data: dict[str, Any] = {
        "posts": posts,
        "comments": list(
            Comment.objects.filter(author=user)
            .order_by("pk")
            .values(
                "id",
                "post_id",
                "floor",
                "parent_id",
                "body",
                "status",
                "anonymous",
                "created_at",
                "edited_at",
            )
        ),
        "post_reactions": list(
            PostReaction.objects.filter(user=user)
            .order_by("pk")
            .values("post_id", "emoji", "created_at")
        ),
        "comment_reactions": list(
            CommentReaction.objects.filter(user=user)
            .order_by("pk")
            .values("comment_id", "emoji", "created_at")
        ),
        "bookmarks": list(
            Bookmark.objects.filter(user=user)
            .order_by("pk")
            .values("post_id", "post__title", "created_at")
        ),
        "followed_posts": list(
            PostFollow.objects.filter(user=user)
            .order_by("pk")
            .values("post_id", "created_at")
        ),
        "reports": list(
            Report.objects.filter(reporter=user)
            .order_by("pk")
            .values("post_id", "comment_id", "reason", "status", "created_at")
        ),
        "suspensions": list(
            Suspension.objects.filter(user=user)
            .order_by("pk")
            .values("until", "reason", "created_at")
        ),
    }
    reactions = len(data["post_reactions"]) + len(data["comment_reactions"])
    report(
        f"posts: {len(posts)} post(s), {len(data['comments'])} comment(s), "
        f"{reactions} reaction(s), {len(data['bookmarks'])} bookmark(s)"
    )
    return data


def delete(
    *, user: User, placeholder: User | None, report: Callable[[str], None]
) -> None:
    # Bookmarks, follows, reports and suspensions go with the account (CASCADE).
    reactions = services.member_reactions_remove(user=user)
    if placeholder is not None:
        posts = services.member_posts_hand_over(user=user, placeholder=placeholder)
        comments = services.member_comments_hand_over(
            user=user, placeholder=placeholder, clear=False
        )
        report(
            f"posts: {posts} post(s) and {comments} comment(s) kept, "
            f"{reactions} reaction(s) removed"
        )
        return
    posts = services.member_posts_remove(user=user)
    comments = 0
    if Comment.objects.filter(author=user).exists():
        # A floor keeps its number and others' replies: it stays, emptied.
        comments = services.member_comments_hand_over(
            user=user, placeholder=deleted_member_placeholder(), clear=True
        )
    report(
        f"posts: {posts} post(s) removed, {comments} comment(s) emptied, "
        f"{reactions} reaction(s) removed"
    )
