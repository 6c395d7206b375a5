"""What signed-out readers get from the forum API, cached for a few seconds.

A board's post list, a post and its comment pages are the forum's busiest
reads and the same for every signed-out reader. Each answer is stored beside
the version of the board or post it shows. Every write that changes what
they show (posts.receivers, reactions, moves, member deletion) drops that
version after commit, so hidden, deleted, moved or edited content is never
served from the cache; only view counts and authors' names and avatars may
lag, by up to KAIGON_FORUM_READ_CACHE_SECONDS. Signed-in readers see their
own reactions and bookmarks and always read the database.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from boards.models import Board
from posts.models import Post
from posts.signals import post_search_changed


def _board_version_key(slug: str) -> str:
    return f"forum:version:board:{slug}"


def _post_version_key(post_id: int) -> str:
    return f"forum:version:post:{post_id}"


def _current_version(version_key: str, found: dict[str, Any]) -> str | None:
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(version_key)
    return version


def _cached(*, version_key: str, answer: str, build: Callable[[], Any]) -> Any:
    seconds = settings.KAIGON_FORUM_READ_CACHE_SECONDS
    if seconds <= 0:
        return build()
    digest = hashlib.blake2b(answer.encode(), digest_size=16).hexdigest()
    data_key = f"forum:read:{digest}"
    found = cache.get_many([version_key, data_key])
    entry = found.get(data_key)
    # The version is read before building: a write landing meanwhile drops
    # it, and what was built here is never served under the new one.
    version = _current_version(version_key, found)
    if entry is not None and version is not None and entry[0] == version:
        return entry[1]
    data = build()
    if version is not None:
        cache.set(data_key, (version, data), timeout=seconds)
    return data


def board_read(*, slug: str, answer: str, build: Callable[[], Any]) -> Any:
    """`build()`'s data for a page of the board `slug`, maybe from the cache.

    `answer` names the answer completely (URL with its query, language).
    """
    return _cached(version_key=_board_version_key(slug), answer=answer, build=build)


def post_read(*, post_id: int, answer: str, build: Callable[[], Any]) -> Any:
    """The same for what is shown of one post (the post, its comments)."""
    return _cached(version_key=_post_version_key(post_id), answer=answer, build=build)


def forum_changed(
    *, post_ids: Iterable[int] = (), board_ids: Iterable[int] = ()
) -> None:
    """After commit, the cached answers about these posts and boards go stale.

    The boards of `post_ids` are included; pass `board_ids` for boards a post
    left (a move) or whose posts are gone.
    """
    post_ids, board_ids = set(post_ids), set(board_ids)

    def drop() -> None:
        slugs = set(
            Board.objects.filter(pk__in=board_ids).values_list("slug", flat=True)
        )
        slugs.update(
            Post.objects.filter(pk__in=post_ids).values_list("board__slug", flat=True)
        )
        cache.delete_many(
            [_post_version_key(post_id) for post_id in post_ids]
            + [_board_version_key(slug) for slug in slugs]
        )

    transaction.on_commit(drop, robust=True)


@receiver(post_search_changed, dispatch_uid="posts.read_cache")
def _post_changed(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    # Sent by every service that changes a post or its comments.
    forum_changed(post_ids=[post_id])
