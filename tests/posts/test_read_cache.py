"""Signed-out readers' cached answers (posts/read_cache.py) follow every write."""

import pytest

from kaigon.members import member_delete
from posts import moderation, services
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_comment, make_post

API = "/api/v1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write's after-commit work (tests hold one transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def titles(api_client, slug="talk"):
    response = api_client.get(f"{API}/boards/{slug}/posts")
    assert response.status_code == 200
    return [post["title"] for post in response.json()["results"]]


def test_a_board_list_is_served_from_the_cache_until_a_write(
    api_client, board, user, committed, django_assert_num_queries
):
    make_post(author=user, board=board, title="First")
    assert titles(api_client) == ["First"]

    with django_assert_num_queries(0):
        assert titles(api_client) == ["First"]

    with committed():
        make_post(author=user, board=board, title="Second")
    assert titles(api_client) == ["Second", "First"]


def test_hidden_and_deleted_posts_leave_cached_answers_at_once(
    api_client, board, user, moderator, committed
):
    hidden = make_post(author=user, board=board, title="Hidden soon")
    deleted = make_post(author=user, board=board, title="Deleted soon")
    for post in (hidden, deleted):
        assert api_client.get(f"{API}/posts/{post.pk}").status_code == 200
        assert api_client.get(f"{API}/posts/{post.pk}/comments").status_code == 200
    assert titles(api_client) == ["Deleted soon", "Hidden soon"]

    with committed():
        moderation.post_moderate(post=hidden, moderator=moderator, action="hide")
        services.post_delete(post=deleted, actor=user)

    assert titles(api_client) == []
    for post in (hidden, deleted):
        assert api_client.get(f"{API}/posts/{post.pk}").status_code == 404
        assert api_client.get(f"{API}/posts/{post.pk}/comments").status_code == 404


def test_edits_comments_and_reactions_show_at_once(
    api_client, post, user, other_user, committed
):
    path = f"{API}/posts/{post.pk}"
    assert api_client.get(path).json()["reaction_count"] == 0
    assert api_client.get(f"{path}/comments").json()["count"] == 0

    with committed():
        services.post_edit(post=post, editor=user, title="Renamed", body="New body")
        make_comment(post=post, author=other_user, body="First!")
        services.reaction_set(user=other_user, target=post, emoji="👍")

    answer = api_client.get(path).json()
    assert (answer["title"], answer["reaction_count"]) == ("Renamed", 1)
    assert answer["comment_count"] == 1
    floors = api_client.get(f"{path}/comments").json()["results"]
    assert [floor["body_html"] for floor in floors] == ["<p>First!</p>\n"]
    assert titles(api_client) == ["Renamed"]

    with committed():
        services.reaction_remove(user=other_user, target=post)
    assert api_client.get(path).json()["reaction_count"] == 0


def test_a_moved_post_leaves_the_old_boards_cached_list(
    api_client, board, post, moderator, committed
):
    other = BoardFactory(slug="elsewhere")
    other.moderators.add(moderator)
    assert titles(api_client) == ["First post"]
    assert titles(api_client, "elsewhere") == []

    with committed():
        moderation.post_moderate(
            post=post, moderator=moderator, action="move", to_board=other
        )

    assert titles(api_client) == []
    assert titles(api_client, "elsewhere") == ["First post"]


def test_signed_in_readers_read_the_database(
    api_client, user_api_client, board, user, committed
):
    make_post(author=user, board=board, title="First")
    assert titles(api_client) == ["First"]

    # Not committed: only a reader of the database sees it.
    make_post(author=UserFactory(), board=board, title="Second")

    assert titles(user_api_client) == ["Second", "First"]
    assert titles(api_client) == ["First"]


def test_the_cache_can_be_turned_off(api_client, board, user, settings):
    settings.KAIGON_FORUM_READ_CACHE_SECONDS = 0
    make_post(author=user, board=board, title="First")
    assert titles(api_client) == ["First"]

    make_post(author=user, board=board, title="Second")

    assert titles(api_client) == ["Second", "First"]


@pytest.mark.parametrize("keep_content", [False, True])
def test_a_deleted_members_posts_leave_cached_answers(
    api_client, board, committed, keep_content
):
    leaving = UserFactory(username="leaving")
    post = make_post(author=leaving, board=board, title="Bye")
    assert titles(api_client) == ["Bye"]
    assert api_client.get(f"{API}/posts/{post.pk}").json()["author"]["username"] == (
        "leaving"
    )

    with committed():
        member_delete(user=leaving, keep_content=keep_content, report=lambda _: None)

    if keep_content:
        author = api_client.get(f"{API}/posts/{post.pk}").json()["author"]
        assert author["username"] != "leaving"
    else:
        assert titles(api_client) == []
