"""Changes to the search index: one post at a time, or the whole index."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from posts import repository
from posts.models import Comment, Post, Visibility
from search.models import Field, PostToken, day_number
from search.text import hashtag_token, index_tokens

FIELD_WEIGHT = {Field.TITLE: 4, Field.HASHTAG: 3, Field.BODY: 1, Field.COMMENT: 1}
# Repeating a word past this adds nothing: keyword stuffing does not pay.
MAX_OCCURRENCES = 5
REINDEX_BATCH = 500


def _rows(
    *, post: Post, body: str, hashtags: Iterable[str], comments: Iterable[str]
) -> list[PostToken]:
    day = day_number(post.created_at.date())
    fields: dict[Field, Counter[str]] = {
        Field.TITLE: index_tokens(post.title),
        Field.BODY: index_tokens(body),
        Field.HASHTAG: Counter(hashtag_token(name) for name in hashtags),
        Field.COMMENT: sum((index_tokens(text) for text in comments), Counter()),
    }
    return [
        PostToken(
            token=token,
            post_id=post.pk,
            field=field,
            weight=FIELD_WEIGHT[field] * min(count, MAX_OCCURRENCES),
            day=day,
        )
        for field, counts in fields.items()
        for token, count in counts.items()
    ]


def _index_posts(posts: Sequence[Post]) -> int:
    """Replace the rows of `posts`; only published posts get rows back."""
    ids = [post.pk for post in posts]
    PostToken.objects.filter(post_id__in=ids).delete()
    published = [
        post
        for post in posts
        if post.status == Visibility.PUBLISHED and post.author.is_active
    ]
    if not published:
        return 0
    published_ids = [post.pk for post in published]
    bodies = repository.body_latest_many(post_ids=published_ids)
    hashtags: dict[int, list[str]] = defaultdict(list)
    for post_id, name in Post.hashtags.through.objects.filter(
        post_id__in=published_ids
    ).values_list("post_id", "hashtag__name"):
        hashtags[post_id].append(name)
    comments: dict[int, list[str]] = defaultdict(list)
    for post_id, comment_body in Comment.objects.filter(
        post_id__in=published_ids, status=Visibility.PUBLISHED
    ).values_list("post_id", "body"):
        comments[post_id].append(comment_body)
    rows: list[PostToken] = []
    for post in published:
        body = bodies.get(post.pk)
        rows += _rows(
            post=post,
            body=body.body if body is not None else "",
            hashtags=hashtags[post.pk],
            comments=comments[post.pk],
        )
    PostToken.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def post_index_update(*, post_id: int) -> None:
    """Bring one post's rows up to date (none when hidden, deleted or gone)."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        PostToken.objects.filter(post_id=post_id).delete()
        return
    _index_posts([post])


def index_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index in batches; returns the number of rows written."""
    PostToken.objects.all().delete()
    ids = list(
        Post.objects.filter(status=Visibility.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    written = 0
    for start in range(0, len(ids), REINDEX_BATCH):
        batch = ids[start : start + REINDEX_BATCH]
        with transaction.atomic():
            posts = Post.objects.select_related("author").filter(pk__in=batch)
            written += _index_posts(list(posts))
        if progress is not None:
            progress(min(start + REINDEX_BATCH, len(ids)), len(ids))
    return written


@transaction.atomic
def member_index_update(*, user: User) -> None:
    """A deactivated member's posts leave the index; a reactivated one's return."""
    if not user.is_active:
        PostToken.objects.filter(
            post_id__in=Post.objects.filter(author=user).values("pk")
        ).delete()
        return
    missing = Post.objects.filter(author=user, status=Visibility.PUBLISHED).exclude(
        Exists(PostToken.objects.filter(post_id=OuterRef("pk")))
    )
    _index_posts(list(missing.select_related("author")))
