import pytest

from boards import demo as boards_demo
from boards.models import Board
from posts import demo as posts_demo
from posts.models import Comment, Post, PostReaction
from tests.factories import UserFactory
from tests.posts.test_counters import assert_counters_match_a_recount

pytestmark = pytest.mark.django_db


def test_demo_forum_is_seeded_once_with_images_and_both_languages():
    for username in ["admin", "mei", "jun", "alice", "bob"]:
        UserFactory(username=username, is_staff=username == "admin")
    lines: list[str] = []

    for _ in range(2):
        boards_demo.seed(report=lines.append)
        posts_demo.seed(report=lines.append)

    assert Board.objects.count() == len(boards_demo.DEMO_BOARDS)
    assert Post.objects.count() == len(posts_demo.DEMO_POSTS)
    assert Comment.objects.count() == len(posts_demo.DEMO_COMMENTS)
    assert PostReaction.objects.count() == len(posts_demo.DEMO_REACTIONS)
    assert Post.objects.filter(images__isnull=False).distinct().count() == 3
    assert Post.objects.filter(title__contains="牛肉麵").exists()
    assert Post.objects.filter(hashtags__name="django").exists()
    assert Post.objects.filter(pinned=True).count() == 1
    assert lines[-1].startswith("posts: 0 new")
    assert_counters_match_a_recount()


def test_demo_posts_wait_for_the_demo_users():
    lines: list[str] = []
    posts_demo.seed(report=lines.append)
    assert Post.objects.count() == 0
    assert "skipped" in lines[0]
