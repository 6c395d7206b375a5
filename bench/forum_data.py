"""Generate a big forum for the benchmarks: boards, posts, comments, reactions.

    python manage.py shell -c "from bench.forum_data import generate; generate()"

Rows go in with bulk_create in batches, counters are computed while
generating (so they equal a recount), and Markdown is rendered once per body
template rather than once per row. Post bodies go into the document store's
ORM tables directly (one version each), which is what a run of `post_create`
would leave there; the benchmarks use the embedded (ORM) document store.
"""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import Board
from kaigon.docstore import POST_BODIES
from kaigon.docstore.models import PartitionCounter, StoredDocument
from posts.markdown import extract_hashtags, render_markdown
from posts.models import Comment, Hashtag, Post, PostReaction

BATCH = 5000
TAGS = [f"tag{n}" for n in range(180)] + [
    "台北美食",
    "django",
    "python",
    "htmx",
    "旅行",
    "轉職",
    "kaigon",
    "咖啡",
    "hiking",
    "夜市",
]
POST_BODY_TEMPLATES = [
    "這是第 {n} 篇測試文章。**重點**：效能測試。\n\n- 一\n- 二\n\n#{a} #{b}",
    "Benchmark post {n}. Some *Markdown*, a [link](https://example.com) "
    "and `code`.\n\n> quoted\n\n#{a} #{b}",
    "短文 {n} #{a}",
]
COMMENT_TEMPLATES = [
    "同意 +1",
    "Thanks, this helped!",
    "我也遇過一樣的問題，後來是重開機解決的 😂",
    "Could you share a **link**?",
    "推",
    "Interesting point about `select_related`.",
]


class Progress:
    """A one-line progress bar on stderr (no third-party dependency)."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self._draw()

    def add(self, count: int) -> None:
        if self.done >= self.total:
            return
        self.done += count
        self._draw()

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        sys.stderr.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>9,}/{self.total:,} {rate:9,.0f}/s {elapsed:6.1f}s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _batches(total: int) -> Iterator[int]:
    start = 0
    while start < total:
        yield min(BATCH, total - start)
        start += BATCH


@transaction.atomic
def generate(
    *,
    boards: int = 100,
    posts: int = 100_000,
    comments: int = 1_000_000,
    users: int = 1000,
    seed: int = 42,
) -> dict[str, int]:
    """Fill an empty database; returns the id of a busy board's and post's rows."""
    if settings.MONGO_URL:
        raise RuntimeError("The generator writes the ORM document store only.")
    rng = random.Random(seed)
    now = timezone.now()
    User = get_user_model()

    progress = Progress("users", users)
    User.objects.bulk_create(
        [
            User(
                username=f"gen{n}",
                email=f"gen{n}@example.com",
                nickname=f"測試者 {n}",
                password="!",
            )
            for n in range(users)
        ],
        batch_size=BATCH,
    )
    progress.add(users)
    user_ids = list(
        User.objects.filter(username__startswith="gen").values_list("pk", flat=True)
    )

    progress = Progress("boards", boards)
    Board.objects.bulk_create(
        [
            Board(
                name=f"Board {n} 看板",
                slug=f"gen-board-{n}",
                description="Generated for the benchmark.",
                icon="💬",
                order=n,
                last_activity_at=now,
            )
            for n in range(boards)
        ]
    )
    progress.add(boards)
    board_ids = list(
        Board.objects.filter(slug__startswith="gen-board-").values_list("pk", flat=True)
    )
    Hashtag.objects.bulk_create([Hashtag(name=name) for name in TAGS])
    tag_ids = dict(Hashtag.objects.values_list("name", "pk"))

    # Bodies: a few templates, each rendered once.
    rendered: dict[tuple[int, str, str], tuple[str, str, list[str]]] = {}

    def body_for(n: int) -> tuple[str, str, list[str]]:
        template = n % len(POST_BODY_TEMPLATES)
        a, b = TAGS[n % len(TAGS)], TAGS[(n * 7 + 3) % len(TAGS)]
        key = (template, a, b)
        if key not in rendered:
            source = POST_BODY_TEMPLATES[template].format(n="{n}", a=a, b=b)
            rendered[key] = (source, render_markdown(source), extract_hashtags(source))
        source, html, tags = rendered[key]
        return source.replace("{n}", str(n)), html.replace("{n}", str(n)), tags

    # Plan comments and reactions first, so every counter is known before the
    # rows go in (no update pass afterwards).
    comment_plan: list[tuple[int, int | None, int | None]] = []
    last_floor = [0] * posts
    comment_count = [0] * posts
    floors_of: dict[int, list[int]] = {}
    reply_count: dict[int, int] = {}
    for number in range(comments):
        post_index = int(rng.random() ** 2 * posts)
        floors = floors_of.get(post_index)
        if floors and rng.random() < 0.2:
            parent = floors[rng.randrange(len(floors))]
            reply_count[parent] = reply_count.get(parent, 0) + 1
            comment_plan.append((post_index, parent, None))
        else:
            last_floor[post_index] += 1
            floors_of.setdefault(post_index, []).append(number)
            comment_plan.append((post_index, None, last_floor[post_index]))
        comment_count[post_index] += 1
    reaction_plan: set[tuple[int, int]] = set()
    reaction_count = [0] * posts
    for _ in range(posts):
        pair = (int(rng.random() ** 3 * posts), rng.randrange(len(user_ids)))
        if pair not in reaction_plan:
            reaction_plan.add(pair)
            reaction_count[pair[0]] += 1

    progress = Progress("posts", posts)
    per_board = [0] * len(board_ids)
    made = 0
    # Ids given here: MySQL's bulk_create does not return them.
    first_post_id = (Post.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    post_ids = list(range(first_post_id, first_post_id + posts))
    for size in _batches(posts):
        rows, bodies = [], []
        for n in range(made, made + size):
            board_index = n % len(board_ids)
            per_board[board_index] += 1
            created = now - timedelta(minutes=posts - n)
            rows.append(
                Post(
                    pk=post_ids[n],
                    board_id=board_ids[board_index],
                    author_id=user_ids[rng.randrange(len(user_ids))],
                    title=f"測試文章 Benchmark post {n}",
                    created_at=created,
                    last_activity_at=created,
                    pinned=n < len(board_ids),  # one pinned post per board
                    comment_count=comment_count[n],
                    last_floor=last_floor[n],
                    reaction_count=reaction_count[n],
                )
            )
            bodies.append(body_for(n))
        created_posts = Post.objects.bulk_create(rows)
        documents, counters, links = [], [], []
        for post, (source, html, tags) in zip(created_posts, bodies, strict=True):
            documents.append(
                StoredDocument(
                    collection=POST_BODIES,
                    partition=str(post.pk),
                    seq=1,
                    data={
                        "title": post.title,
                        "body": source,
                        "html": html,
                        "editor_id": post.author_id,
                    },
                    created_at=post.created_at,
                    updated_at=post.created_at,
                )
            )
            counters.append(
                PartitionCounter(
                    collection=POST_BODIES, partition=str(post.pk), last_seq=1
                )
            )
            links.extend(
                Post.hashtags.through(post_id=post.pk, hashtag_id=tag_ids[tag])
                for tag in tags
            )
        StoredDocument.objects.bulk_create(documents)
        PartitionCounter.objects.bulk_create(counters)
        Post.hashtags.through.objects.bulk_create(links, ignore_conflicts=True)
        made += size
        progress.add(size)
    for board_id, count in zip(board_ids, per_board, strict=True):
        Board.objects.filter(pk=board_id).update(post_count=count)

    comment_html = {text: render_markdown(text) for text in COMMENT_TEMPLATES}
    # Ids are given here, so a reply can point at a floor of the same batch.
    first_id = (Comment.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    progress = Progress("comments", comments)
    made = 0
    for size in _batches(comments):
        rows = []
        for number in range(made, made + size):
            post_index, parent, floor = comment_plan[number]
            text = COMMENT_TEMPLATES[number % len(COMMENT_TEMPLATES)]
            rows.append(
                Comment(
                    pk=first_id + number,
                    post_id=post_ids[post_index],
                    author_id=user_ids[rng.randrange(len(user_ids))],
                    parent_id=None if parent is None else first_id + parent,
                    floor=floor,
                    body=text,
                    body_html=comment_html[text],
                    reply_count=reply_count.get(number, 0),
                    created_at=now,
                )
            )
        Comment.objects.bulk_create(rows)
        made += size
        progress.add(size)

    progress = Progress("reactions", len(reaction_plan))
    emoji = list(settings.KAIGON_REACTION_EMOJI)
    pairs = sorted(reaction_plan)
    for start in range(0, len(pairs), BATCH):
        PostReaction.objects.bulk_create(
            [
                PostReaction(
                    post_id=post_ids[post_index],
                    user_id=user_ids[user_index],
                    emoji=emoji[(post_index + user_index) % len(emoji)],
                )
                for post_index, user_index in pairs[start : start + BATCH]
            ]
        )
        progress.add(len(pairs[start : start + BATCH]))

    typical = next(n for n, count in enumerate(comment_count) if 8 <= count <= 12)
    return {"board_slug": "gen-board-0", "post_id": post_ids[typical]}
