"""The forum's part of export_member / delete_member (posts and boards hooks)."""

import io
import json

import pytest
from django.core.management import call_command

from accounts.models import User
from boards import services as board_services
from boards.models import Board, BoardSubscription
from posts import repository, services
from posts.models import Bookmark, Comment, Post, Visibility
from tests.posts.factories import make_comment, make_post
from tests.posts.test_counters import assert_counters_match_a_recount

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(user, other_user, board):
    """`user` wrote a post (with others' comments) and comments on others' posts."""
    own = make_post(author=user, board=board, title="Mine", body="My words")
    make_comment(post=own, author=other_user, body="Reply to you")
    theirs = make_post(author=other_user, board=board, title="Theirs")
    floor = make_comment(post=theirs, author=user, body="My floor")
    make_comment(post=theirs, author=other_user, body="Under yours", parent=floor)
    last = make_comment(post=theirs, author=user, body="My last word")
    services.reaction_set(user=user, target=theirs, emoji="👍")
    services.reaction_set(user=user, target=last, emoji="❤️")
    services.bookmark_set(user=user, post=theirs, on=True)
    board_services.board_subscribe(board=board, user=user)
    return {"own": own, "theirs": theirs, "floor": floor, "last": last}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_holds_what_the_member_wrote_and_kept(user, forum, board, tmp_path):
    output = run("export_member", user.username, "--output", str(tmp_path))

    apps = json.loads((tmp_path / "member.json").read_text())["apps"]
    posts = apps["posts"]
    assert [p["title"] for p in posts["posts"]] == ["Mine"]
    assert posts["posts"][0]["versions"][0]["body"] == "My words"
    assert [c["body"] for c in posts["comments"]] == ["My floor", "My last word"]
    assert [r["emoji"] for r in posts["post_reactions"]] == ["👍"]
    assert [r["emoji"] for r in posts["comment_reactions"]] == ["❤️"]
    assert [b["post__title"] for b in posts["bookmarks"]] == ["Theirs"]
    assert apps["boards"]["subscriptions"][0]["board__slug"] == board.slug
    assert "posts: 1 post(s), 2 comment(s), 2 reaction(s), 1 bookmark(s)" in output


def test_delete_keeping_content_credits_it_to_the_placeholder(user, forum):
    run("delete_member", user.username, "--content", "keep", "--yes")

    placeholder = User.objects.get(username="deleted")
    own = Post.objects.get(pk=forum["own"].pk)
    assert own.author == placeholder
    assert own.is_visible
    floor = Comment.objects.get(pk=forum["floor"].pk)
    assert (floor.author, floor.body) == (placeholder, "My floor")
    # Reactions are a person's, not content: they go, and the counts follow.
    assert Post.objects.get(pk=forum["theirs"].pk).reaction_count == 0
    assert_counters_match_a_recount()


def test_delete_removing_content_leaves_others_replies(
    user, other_user, forum, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run("delete_member", user.username, "--content", "remove", "--yes")

    assert not Post.objects.filter(pk=forum["own"].pk).exists()
    assert repository.body_latest(post_id=forum["own"].pk) is None
    assert Board.objects.get(pk=board.pk).post_count == 1
    # Their floors stay as empty deleted floors: B1 keeps the other's reply.
    floor = Comment.objects.get(pk=forum["floor"].pk)
    assert floor.status == Visibility.DELETED
    assert floor.body == ""
    assert floor.author.username == "deleted"
    assert Comment.objects.filter(parent=floor, author=other_user).exists()
    assert not Comment.objects.filter(body__in=["My floor", "My last word"]).exists()
    assert not Bookmark.objects.exists()
    assert not BoardSubscription.objects.exists()
    assert_counters_match_a_recount()


def test_delete_removing_content_of_a_member_without_comments_adds_no_account(
    user, board
):
    make_post(author=user, board=board)

    run("delete_member", user.username, "--content", "remove", "--yes")

    assert not Post.objects.exists()
    assert not User.objects.filter(username="deleted").exists()
