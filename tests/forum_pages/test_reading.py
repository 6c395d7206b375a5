"""Reading pages: front page, boards, a board, a post, tags, bookmarks, profiles."""

from datetime import timedelta

import pytest
from django.utils import timezone

from boards.models import PostingRule
from boards.services import board_subscribe
from posts import moderation, services
from posts.models import Suspension
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.forum_pages.conftest import client_for
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db


def test_front_page_shows_latest_posts_boards_and_live_header(client, post, board):
    page = client.get("/").content.decode()

    assert "First post" in page
    assert 'href="/b/talk/"' in page
    assert 'href="/boards/"' in page
    assert "Boards <small>" not in page  # no "soon" badge for boards


def test_front_page_shows_a_members_subscribed_boards(member_client, other_user):
    mine = BoardFactory(name="Cooking", slug="cooking")
    make_post(board=mine, title="Dumplings")
    elsewhere = BoardFactory(name="Elsewhere", slug="elsewhere")
    board_subscribe(board=mine, user=other_user)
    page = member_client.get("/").content.decode()

    section = page.split('id="mine-title"')[1].split("</section>")[0]
    assert "Cooking" in section and "Dumplings" in section
    assert elsewhere.name not in section


def test_front_page_hot_lists_only_posts_with_reactions_this_week(
    client, board, other_user
):
    liked = make_post(board=board, title="Liked one")
    make_post(board=board, title="Quiet one")
    services.reaction_set(user=other_user, target=liked, emoji="👍")

    page = client.get("/").content.decode()

    hot = page.split('id="hot-title"')[1].split("</section>")[0]
    assert "Liked one" in hot and "Quiet one" not in hot


def test_front_page_empty_states(client, db):
    page = client.get("/").content.decode()

    assert "No posts yet" in page
    assert "There are no boards yet." in page


def test_board_list_shows_counts_and_activity(client, post):
    page = client.get("/boards/").content.decode()

    assert "Talk" in page
    assert "1 post" in page
    assert "active" in page


def test_board_page_lists_pinned_first(client, board, moderator):
    old = make_post(board=board, title="Old pinned")
    make_post(board=board, title="Newer")
    moderation.post_moderate(post=old, moderator=moderator, action="pin")

    page = client.get("/b/talk/").content.decode()

    assert page.index("Old pinned") < page.index("Newer")


def test_board_page_sorts_by_newest(client, board):
    first = make_post(board=board, title="Written first")
    make_post(board=board, title="Written second")
    make_comment(post=first)  # bumps latest activity

    by_activity = client.get("/b/talk/").content.decode()
    by_newest = client.get("/b/talk/?sort=newest").content.decode()

    assert by_activity.index("Written first") < by_activity.index("Written second")
    assert by_newest.index("Written second") < by_newest.index("Written first")


def test_board_page_paginates(client, board):
    author = UserFactory()
    for number in range(23):
        make_post(board=board, author=author, title=f"Numbered {number:02}")

    first = client.get("/b/talk/?sort=newest").content.decode()
    second = client.get("/b/talk/?sort=newest&page=2").content.decode()

    assert "Numbered 22" in first and "Numbered 02" not in first
    assert "Numbered 02" in second and "Page 2 of 2" in second


def test_board_page_empty_state_and_unknown_board(client, board):
    assert "No posts in this board yet" in client.get("/b/talk/").content.decode()
    assert client.get("/b/nope/").status_code == 404


def test_board_page_says_why_a_member_cannot_post(member_client, board):
    board.archived = True
    board.save()
    page = member_client.get("/b/talk/").content.decode()
    assert "archived" in page
    assert "/b/talk/new/" not in page

    board.archived = False
    board.posting_rule = PostingRule.MODERATORS
    board.save()
    page = member_client.get("/b/talk/").content.decode()
    assert "Only the moderators of this board can post" in page


def test_suspended_member_is_told_why(member_client, other_user, post):
    Suspension.objects.create(
        user=other_user,
        until=timezone.now() + timedelta(days=3),
        reason="Spamming links",
    )

    page = member_client.get(f"/p/{post.pk}/").content.decode()

    assert "You are suspended until" in page and "Spamming links" in page
    assert 'id="comment-form-top"' not in page


def test_post_page_shows_body_hashtags_floors_and_replies(client, post):
    floor = make_comment(post=post, body="first floor")
    make_comment(post=post, body="a reply", parent=floor)
    make_comment(post=post, body="second floor")

    page = client.get(f"/p/{post.pk}/").content.decode()

    assert '<a href="/tags/django/" class="hashtag">#Django</a>' in page
    assert ">B1</a>" in page and ">B2</a>" in page
    assert (
        page.index("first floor") < page.index("a reply") < page.index("second floor")
    )
    assert "Log in to comment" in page


def test_post_page_counts_a_view(client, post):
    client.get(f"/p/{post.pk}/")
    post.refresh_from_db()
    assert post.view_count == 1


def test_edited_post_links_to_its_history(author_client, user, post):
    services.post_edit(post=post, editor=user, title="First post", body="New text")

    page = author_client.get(f"/p/{post.pk}/").content.decode()
    history = author_client.get(f"/p/{post.pk}/history/").content.decode()

    assert f'href="/p/{post.pk}/history/"' in page
    assert "New text" in history and "Hi " in history
    assert history.index("New text") < history.index("Hi ")


def test_moderator_tools_only_for_moderators(member_client, moderator, post):
    assert "Moderator tools" not in member_client.get(f"/p/{post.pk}/").content.decode()
    page = client_for(moderator).get(f"/p/{post.pk}/").content.decode()
    assert "Moderator tools" in page


def test_anonymous_post_shows_pseudonym_except_to_moderators(
    client, member_client, moderator, board
):
    board.anonymous_allowed = True
    board.save()
    author = UserFactory(username="secretwriter")
    post = make_post(author=author, board=board, anonymous=True, title="Confession")

    for page in (
        client.get(f"/p/{post.pk}/").content.decode(),
        client.get("/b/talk/").content.decode(),
        client.get("/").content.decode(),
    ):
        assert "secretwriter" not in page
        assert "Anonymous " in page
    assert (
        "secretwriter" in client_for(moderator).get(f"/p/{post.pk}/").content.decode()
    )


def test_profile_lists_posts_but_never_anonymous_ones_to_others(client, board):
    board.anonymous_allowed = True
    board.save()
    author = UserFactory(username="writer")
    make_post(author=author, board=board, title="Signed post")
    make_post(author=author, board=board, title="Masked post", anonymous=True)

    to_others = client.get("/u/writer").content.decode()
    to_self = client_for(author).get("/u/writer").content.decode()

    assert "Signed post" in to_others and "Masked post" not in to_others
    assert "Masked post" in to_self


def test_profile_empty_state(client, user):
    page = client.get(f"/u/{user.username}").content.decode()
    assert "has not posted anything yet" in page


def test_tag_page_lists_tagged_posts_in_any_case(client, post, board):
    make_post(board=board, title="Untagged", body="no tags")

    page = client.get("/tags/DJANGO/").content.decode()

    assert "#django" in page and "First post" in page and "Untagged" not in page
    unused = client.get("/tags/台北美食/")
    assert unused.status_code == 200
    assert "No posts with this hashtag yet." in unused.content.decode()


def test_bookmarks_page(author_client, user, post, board):
    assert "no bookmarks yet" in author_client.get("/me/bookmarks/").content.decode()
    services.bookmark_set(user=user, post=post, on=True)

    assert "First post" in author_client.get("/me/bookmarks/").content.decode()


def test_bookmarks_need_login(client):
    response = client.get("/me/bookmarks/")
    assert response.status_code == 302


def test_missing_post_or_board_is_a_404_page_with_the_reason(client, post):
    for url, reason in (
        ("/p/999999/", "There is no such post."),
        ("/b/nope/", "There is no such board."),
        (f"/p/{post.pk}/history/x", None),
    ):
        response = client.get(url)
        assert response.status_code == 404
        if reason:
            assert reason in response.content.decode()


def test_board_page_tells_a_suspended_member_why(member_client, other_user, board):
    Suspension.objects.create(
        user=other_user, until=timezone.now() + timedelta(days=1), reason="Flooding"
    )

    page = member_client.get("/b/talk/").content.decode()

    assert "Flooding" in page and "/b/talk/new/" not in page


def test_hashtags_in_the_title_link_to_their_tag(client, board):
    post = make_post(board=board, title="Noodles #牛肉麵", body="text")

    page = client.get(f"/p/{post.pk}/").content.decode()

    assert 'class="hashtag">#牛肉麵</a></h1>' in page
