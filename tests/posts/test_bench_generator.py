import pytest

from bench.forum_data import generate
from posts.models import Comment, Post
from tests.posts.test_counters import assert_counters_match_a_recount

pytestmark = pytest.mark.django_db


def test_generated_forum_is_consistent_and_readable(client):
    ids = generate(boards=3, posts=60, comments=600, users=10)

    assert Post.objects.count() == 60
    assert Comment.objects.count() == 600
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert_counters_match_a_recount()
    board_page = client.get(f"/api/v1/boards/{ids['board_slug']}/posts")
    assert board_page.status_code == 200
    assert board_page.json()["results"][0]["excerpt"]
    post_page = client.get(f"/api/v1/posts/{ids['post_id']}")
    assert post_page.json()["body_html"].startswith("<")
    comments = client.get(f"/api/v1/posts/{ids['post_id']}/comments").json()
    assert comments["count"] >= 1
