"""The following feed: /feed/ and /api/v1/feed/."""

import pytest
from rest_framework.test import APIClient

from accounts.services import user_follow
from boards.services import board_subscribe
from posts import moderation, services
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/feed/"


@pytest.fixture
def reader(db):
    return UserFactory()


@pytest.fixture
def client_of():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def titles(client, url=URL):
    return [post["title"] for post in client.get(url).json()["results"]]


def test_feed_has_followed_members_and_subscribed_boards_newest_first(
    reader, client_of
):
    followed, stranger = UserFactory(), UserFactory()
    user_follow(follower=reader, followee=followed)
    board = BoardFactory()
    board_subscribe(board=board, user=reader)
    make_post(author=followed, title="By a friend")
    make_post(author=stranger, title="Elsewhere")
    make_post(author=stranger, board=board, title="In my board")

    assert titles(client_of(reader)) == ["In my board", "By a friend"]


def test_feed_leaves_out_hidden_deleted_and_anonymous_posts(reader, client_of):
    followed = UserFactory()
    user_follow(follower=reader, followee=followed)
    board = BoardFactory(anonymous_allowed=True)
    moderator = UserFactory()
    board.moderators.add(moderator)
    hidden = make_post(author=followed, board=board, title="Hidden")
    moderation.post_moderate(post=hidden, moderator=moderator, action="hide")
    deleted = make_post(author=followed, board=board, title="Deleted")
    services.post_delete(post=deleted, actor=followed)
    make_post(author=followed, board=board, title="Masked", anonymous=True)
    make_post(author=followed, board=board, title="Visible")

    assert titles(client_of(reader)) == ["Visible"]


def test_feed_cursor_pages_with_constant_queries(
    reader, client_of, django_assert_max_num_queries
):
    followed = UserFactory()
    user_follow(follower=reader, followee=followed)
    for n in range(5):
        make_post(author=followed, title=f"Post {n}")
    client = client_of(reader)

    seen, url = [], f"{URL}?page_size=2"
    while url:
        with django_assert_max_num_queries(8):
            page = client.get(url).json()
        seen += [post["title"] for post in page["results"]]
        url = page["next"]

    assert seen == [f"Post {n}" for n in range(4, -1, -1)]


def test_feed_queries_do_not_grow_with_posts(
    reader, client_of, django_assert_max_num_queries
):
    board = BoardFactory()
    board_subscribe(board=board, user=reader)
    for _ in range(20):
        make_post(author=UserFactory(), board=board)

    with django_assert_max_num_queries(8):
        assert len(client_of(reader).get(URL).json()["results"]) == 20


def test_feed_needs_a_login(api_client, client):
    assert api_client.get(URL).status_code == 401
    assert client.get("/feed/").status_code == 302


def test_feed_page_and_front_page_link(client, reader):
    followed = UserFactory()
    user_follow(follower=reader, followee=followed)
    make_post(author=followed, title="Hello feed")
    client.force_login(reader)

    assert "/feed/" in client.get("/").content.decode()
    assert "Hello feed" in client.get("/feed/").content.decode()
