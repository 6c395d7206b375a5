"""The forum raises each of its kinds through notifications (posts.notifications)."""

import pytest
from django.utils import translation

from accounts.models import NotificationKind
from accounts.services import notification_settings_update, user_follow
from notifications.models import Notification
from notifications.selectors import notification_text
from posts import moderation, services
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return UserFactory(username="aiko", nickname="Aiko")


@pytest.fixture
def mei(db):
    return UserFactory(username="mei", nickname="Mei")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit fan-out of the block (tests hold one transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def texts(user, kind=None):
    entries = Notification.objects.filter(recipient=user).order_by("-pk")
    if kind is not None:
        entries = entries.filter(kind=kind)
    with translation.override("en"):
        return [notification_text(entry) for entry in entries]


def test_comment_on_my_post(author, mei):
    post = make_post(author=author, title="Tea")

    make_comment(post=post, author=mei)

    assert texts(author) == ["Mei commented on your post “Tea”"]
    entry = Notification.objects.get(recipient=author)
    assert entry.snapshot["url"].startswith(f"/p/{post.pk}/#comment-")


def test_reply_to_my_comment(author, mei):
    post = make_post(author=author, title="Tea")
    floor = make_comment(post=post, author=mei)

    make_comment(post=post, author=author, parent=floor)

    assert texts(mei) == ["Aiko replied to your comment on “Tea”"]


def test_own_comment_raises_nothing(author):
    post = make_post(author=author)

    make_comment(post=post, author=author)

    assert texts(author) == []


def test_comment_switched_off(author, mei):
    notification_settings_update(user=author, changes={NotificationKind.COMMENT: False})
    post = make_post(author=author)

    make_comment(post=post, author=mei)

    assert texts(author) == []


def test_anonymous_commenter_is_shown_by_pseudonym(author, mei):
    post = make_post(author=author, board=BoardFactory(anonymous_allowed=True))

    make_comment(post=post, author=mei, anonymous=True)

    [text] = texts(author)
    assert text.startswith("Anonymous ") and "Mei" not in text


def test_reactions_group_and_unreacting_leaves_the_group(author, mei):
    post = make_post(author=author, title="Tea")
    alex = UserFactory(nickname="Alex")
    services.reaction_set(user=mei, target=post, emoji="👍")
    services.reaction_set(user=alex, target=post, emoji="😮")

    assert texts(author) == ["Alex and Mei reacted to your post “Tea”"]

    services.reaction_remove(user=alex, target=post)

    assert texts(author) == ["Mei reacted to your post “Tea”"]


def test_reaction_on_my_comment(author, mei):
    post = make_post(author=author, title="Tea")
    comment = make_comment(post=post, author=mei)

    services.reaction_set(user=author, target=comment, emoji="👍")

    assert texts(mei) == ["Aiko reacted to your comment on “Tea”"]


def test_new_post_by_someone_i_follow(author, mei, on_commit):
    user_follow(follower=mei, followee=author)

    with on_commit():
        make_post(author=author, title="Hello")

    assert texts(mei, NotificationKind.FOLLOWED_USER_POST) == ["Aiko posted “Hello”"]


def test_anonymous_post_is_not_announced_to_followers(author, mei, on_commit):
    user_follow(follower=mei, followee=author)

    with on_commit():
        make_post(
            author=author, board=BoardFactory(anonymous_allowed=True), anonymous=True
        )

    assert texts(mei, NotificationKind.FOLLOWED_USER_POST) == []


def test_new_comment_on_a_post_i_follow(author, mei, on_commit):
    post = make_post(author=author, title="Tea")
    services.post_follow_set(user=mei, post=post, on=True)
    bob = UserFactory(nickname="Bob")

    with on_commit():
        make_comment(post=post, author=bob)

    assert texts(mei) == ["Bob commented on “Tea”, which you follow"]
    # The author hears it as a comment on their post, once.
    assert texts(author) == ["Bob commented on your post “Tea”"]


def test_mention_in_a_post_and_in_a_comment(author, mei, on_commit):
    with on_commit():
        post = make_post(author=author, title="Tea", body="Ask @mei about it")
        make_comment(post=post, author=UserFactory(nickname="Bob"), body="@mei, hi")

    assert texts(mei) == [
        "Bob mentioned you in “Tea”",
        "Aiko mentioned you in “Tea”",
    ]


def test_mention_switched_off(author, mei):
    notification_settings_update(user=mei, changes={NotificationKind.MENTION: False})

    make_post(author=author, body="@mei look")

    assert texts(mei) == []


def test_post_hidden_before_the_fan_out_reaches_no_follower(author, mei, on_commit):
    user_follow(follower=mei, followee=author)
    board = BoardFactory()
    moderator = UserFactory()
    board.moderators.add(moderator)

    with on_commit():
        post = make_post(author=author, board=board)
        moderation.post_moderate(post=post, moderator=moderator, action="hide")

    assert texts(mei, NotificationKind.FOLLOWED_USER_POST) == []


@pytest.fixture
def moderated_board():
    board = BoardFactory()
    moderator = UserFactory()
    board.moderators.add(moderator)
    board.moderator = moderator
    return board


def test_hiding_a_post_takes_its_entries_out_of_the_inbox(
    author, mei, moderated_board, client
):
    post = make_post(author=author, board=moderated_board, title="Tea")
    comment = make_comment(post=post, author=mei)
    services.reaction_set(user=author, target=comment, emoji="👍")
    other = make_post(author=author, title="Coffee")
    make_comment(post=other, author=mei)
    assert len(texts(author)) == 2 and len(texts(mei)) == 1

    moderation.post_moderate(
        post=post, moderator=moderated_board.moderator, action="hide"
    )

    assert texts(author) == ["Mei commented on your post “Coffee”"]
    assert texts(mei) == []
    client.force_login(author)
    page = client.get("/notifications/").content.decode()
    assert "Coffee" in page and "“Tea”" not in page
    assert client.get("/api/v1/notifications/unread-count").json() == {
        "unread_count": 1
    }


def test_deleting_a_post_takes_its_entries_out_of_the_inbox(author, mei):
    post = make_post(author=author, title="Tea")
    make_comment(post=post, author=mei)

    services.post_delete(post=post, actor=author)

    assert texts(author) == []


def test_hiding_or_deleting_a_comment_takes_only_its_entries(
    author, mei, moderated_board
):
    post = make_post(author=author, board=moderated_board, title="Tea")
    first = make_comment(post=post, author=mei)
    second = make_comment(post=post, author=mei)
    services.reaction_set(user=author, target=first, emoji="👍")
    services.reaction_set(user=author, target=second, emoji="😮")
    assert len(texts(mei)) == 2

    moderation.comment_moderate(
        comment=first, moderator=moderated_board.moderator, action="hide"
    )
    remaining = Notification.objects.filter(recipient=mei)
    assert [entry.target_id for entry in remaining] == [second.pk]

    services.comment_delete(comment=second, actor=mei)
    assert texts(mei) == []
    # The post itself is still there: the comments' entries on it stay.
    assert len(texts(author)) == 2
