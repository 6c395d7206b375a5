"""Counters equal a recount after a mix of actions, and under concurrency on MariaDB."""

import os
import random
import threading

import pytest
from django.db import connection, connections

from boards.models import Board
from posts import moderation, services
from posts.models import Comment, CommentReaction, Post, PostReaction, Visibility
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_comment, make_post

EMOJI = ["👍", "❤️", "😂"]


def assert_counters_match_a_recount() -> None:
    for board in Board.objects.all():
        visible = Post.objects.filter(board=board, status=Visibility.PUBLISHED)
        assert board.post_count == visible.count(), board.slug
    for post in Post.objects.all():
        comments = Comment.objects.filter(post=post, status=Visibility.PUBLISHED)
        assert post.comment_count == comments.count(), post.pk
        assert post.reaction_count == PostReaction.objects.filter(post=post).count()
        floors = Comment.objects.filter(post=post, floor__isnull=False)
        assert post.last_floor == max(floors.values_list("floor", flat=True), default=0)
        assert floors.count() == len(set(floors.values_list("floor", flat=True)))
    for comment in Comment.objects.all():
        replies = Comment.objects.filter(parent=comment, status=Visibility.PUBLISHED)
        assert comment.reply_count == replies.count(), comment.pk
        reactions = CommentReaction.objects.filter(comment=comment)
        assert comment.reaction_count == reactions.count(), comment.pk


@pytest.mark.django_db
def test_counters_equal_a_recount_after_a_mix_of_actions():
    board = BoardFactory()
    moderator = UserFactory()
    board.moderators.add(moderator)
    people = [UserFactory() for _ in range(4)]
    rng = random.Random(7)
    posts = [make_post(author=rng.choice(people), board=board) for _ in range(4)]
    comments = []
    for _ in range(40):
        post = rng.choice(posts)
        person = rng.choice(people)
        floors = [c for c in comments if c.post_id == post.pk and c.floor]
        parent = rng.choice(floors) if floors and rng.random() < 0.3 else None
        comments.append(make_comment(post=post, author=person, parent=parent))
        services.reaction_set(user=person, target=post, emoji=rng.choice(EMOJI))
    for comment in rng.sample(comments, 10):
        services.reaction_set(user=people[0], target=comment, emoji="👍")
    for comment in rng.sample(comments, 8):
        comment.refresh_from_db()
        if comment.status == Visibility.PUBLISHED:
            services.comment_delete(comment=comment, actor=comment.author)
    hidden = rng.choice([c for c in comments if c.status == Visibility.PUBLISHED])
    moderation.comment_moderate(comment=hidden, moderator=moderator, action="hide")
    for person in people[:2]:
        services.reaction_remove(user=person, target=posts[0])
    services.post_delete(post=posts[1], actor=posts[1].author)
    moderation.post_moderate(post=posts[2], moderator=moderator, action="hide")
    elsewhere = BoardFactory(moderators=[moderator])
    moderation.post_moderate(
        post=posts[3], moderator=moderator, action="move", to_board=elsewhere
    )

    assert_counters_match_a_recount()


@pytest.fixture
def mysql_only():
    """The concurrency test needs row locks of a real server (CI runs MariaDB)."""
    if not os.environ.get("DATABASE_URL", "").startswith("mysql"):
        pytest.skip("needs DATABASE_URL pointing at MySQL/MariaDB")


@pytest.mark.django_db(transaction=True)
def test_counters_equal_a_recount_after_concurrent_creates_and_deletes(mysql_only):
    assert connection.vendor == "mysql"
    board = BoardFactory()
    people = [UserFactory() for _ in range(6)]
    post = make_post(author=people[0], board=board)
    floors = [make_comment(post=post, author=people[1]) for _ in range(3)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(people))

    def work(index: int) -> None:
        person = people[index]
        rng = random.Random(index)
        try:
            start.wait()
            mine: list[Comment] = []
            own_posts: list[Post] = []
            for step in range(12):
                choice = rng.random()
                if choice < 0.3:
                    parent = rng.choice(floors) if step % 3 == 0 else None
                    mine.append(make_comment(post=post, author=person, parent=parent))
                elif choice < 0.45 and mine:
                    services.comment_delete(comment=mine.pop(), actor=person)
                elif choice < 0.6:
                    services.reaction_set(
                        user=person, target=post, emoji=rng.choice(EMOJI)
                    )
                elif choice < 0.7:
                    services.reaction_remove(user=person, target=post)
                elif choice < 0.8:
                    services.reaction_set(
                        user=person, target=rng.choice(floors), emoji="👍"
                    )
                elif choice < 0.9:
                    own_posts.append(make_post(author=person, board=board))
                elif own_posts:
                    services.post_delete(post=own_posts.pop(), actor=person)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert_counters_match_a_recount()
