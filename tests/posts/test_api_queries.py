"""API lists run the same number of queries for a page of 5 and a page of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts import services
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.conftest import client_for
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db

API = "/api/v1"
ROWS = 60
MAX_QUERIES = 12


@pytest.fixture
def forum():
    """60 posts (some anonymous) on one board with tags, bookmarks and comments."""
    board = BoardFactory(slug="busy", anonymous_allowed=True)
    reader = UserFactory(username="reader")
    author = UserFactory(username="writer")
    others = [UserFactory() for _ in range(3)]
    posts = []
    for number in range(ROWS):
        anonymous = number % 8 == 0
        post = make_post(
            author=others[number % 3] if anonymous else author,
            board=board,
            body=f"text #tag{number % 5} #common",
            anonymous=anonymous,
        )
        services.bookmark_set(user=reader, post=post, on=True)
        posts.append(post)
    thread = posts[1]
    for number in range(ROWS):
        floor = make_comment(post=thread, author=others[number % 3])
        services.reaction_set(user=reader, target=floor, emoji="👍")
        if number % 3 == 0:
            make_comment(post=thread, author=reader, parent=floor)
    return {"reader": reader, "thread": thread, "author": author}


def queries_for(client, url: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert len(results) == page_size, url
    return len(captured)


def test_list_queries_do_not_grow_with_the_page(forum, django_assert_max_num_queries):
    client = client_for(forum["reader"])
    for url in [
        f"{API}/boards/busy/posts",
        f"{API}/boards/busy/posts?sort=newest",
        f"{API}/boards/busy/posts?sort=top_week",
        f"{API}/hashtags/common/posts",
        f"{API}/users/writer/posts",
        f"{API}/me/bookmarks",
        f"{API}/posts/{forum['thread'].pk}/comments",
    ]:
        small = queries_for(client, url, 5)
        large = queries_for(client, url, 50)
        assert small == large, url
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url, {"page_size": 50})
    for _ in range(30):
        BoardFactory(posting_rule="moderators")
    with django_assert_max_num_queries(4):
        response = client.get(f"{API}/boards")
    assert len(response.json()) == 31
