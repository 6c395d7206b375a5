"""Live events to authors (comments, replies, reactions): never their own, no leaks."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from accounts.models import NotificationKind
from accounts.services import notification_settings_update
from kaigon.events import user_group_name
from posts import moderation, services
from posts.exceptions import PostNotFound
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.kaigon.conftest import Rollback
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db(transaction=True)


async def listen(layer, user) -> str:
    channel = await layer.new_channel()
    await layer.group_add(user_group_name(user.pk), channel)
    return channel


async def next_event(layer, channel: str, timeout: float = 3) -> dict:
    """The next forum event; the inbox's own (notification.*) are tested elsewhere."""
    while True:
        message = await asyncio.wait_for(layer.receive(channel), timeout)
        if not message["event"]["type"].startswith("notification."):
            return message["event"]


async def assert_silent(layer, channel: str) -> None:
    with pytest.raises(TimeoutError):
        await next_event(layer, channel, timeout=0.3)


@database_sync_to_async
def setup_thread(anonymous_board: bool = False):
    board = BoardFactory(anonymous_allowed=anonymous_board)
    author, reader, moderator = UserFactory(), UserFactory(), UserFactory()
    board.moderators.add(moderator)
    post = make_post(author=author, board=board, title="Thread")
    return post, author, reader, moderator


async def test_author_hears_of_a_comment_a_reply_and_reactions(channel_layer):
    post, author, reader, _ = await setup_thread()
    to_author = await listen(channel_layer, author)
    to_reader = await listen(channel_layer, reader)

    comment = await database_sync_to_async(make_comment)(
        post=post, author=reader, body="hello"
    )
    event = await next_event(channel_layer, to_author)
    assert event["type"] == "post.comment_added"
    assert event["post"] == {"id": post.pk, "title": "Thread"}
    assert event["comment"] == {"id": comment.pk, "floor": 1}
    assert event["actor"]["username"] == reader.username

    await database_sync_to_async(make_comment)(post=post, author=author, parent=comment)
    event = await next_event(channel_layer, to_reader)
    assert event["type"] == "comment.reply_added"
    await assert_silent(channel_layer, to_author)  # their own reply

    await database_sync_to_async(services.reaction_set)(
        user=reader, target=post, emoji="😮"
    )
    event = await next_event(channel_layer, to_author)
    assert (event["type"], event["emoji"]) == ("post.reaction_added", "😮")
    await database_sync_to_async(services.reaction_set)(
        user=author, target=comment, emoji="👍"
    )
    event = await next_event(channel_layer, to_reader)
    assert event["type"] == "comment.reaction_added"


async def test_own_actions_send_nothing(channel_layer):
    post, author, _, _ = await setup_thread()
    to_author = await listen(channel_layer, author)

    comment = await database_sync_to_async(make_comment)(post=post, author=author)
    await database_sync_to_async(services.reaction_set)(
        user=author, target=post, emoji="👍"
    )
    await database_sync_to_async(services.reaction_set)(
        user=author, target=comment, emoji="👍"
    )
    await assert_silent(channel_layer, to_author)


async def test_anonymous_commenter_is_not_revealed(channel_layer):
    post, author, reader, _ = await setup_thread(anonymous_board=True)
    to_author = await listen(channel_layer, author)

    await database_sync_to_async(make_comment)(post=post, author=reader, anonymous=True)
    event = await next_event(channel_layer, to_author)
    assert event["actor"]["username"] is None
    assert reader.username not in str(event)


async def test_switched_off_kind_sends_nothing(channel_layer):
    post, author, reader, _ = await setup_thread()
    await database_sync_to_async(notification_settings_update)(
        user=author, changes={NotificationKind.REACTION: False}
    )
    to_author = await listen(channel_layer, author)
    await database_sync_to_async(services.reaction_set)(
        user=reader, target=post, emoji="👍"
    )
    await assert_silent(channel_layer, to_author)


async def test_nothing_leaves_for_rolled_back_or_hidden_content(channel_layer):
    post, author, reader, moderator = await setup_thread()
    to_author = await listen(channel_layer, author)

    @database_sync_to_async
    def comment_then_roll_back():
        with pytest.raises(Rollback), transaction.atomic():
            make_comment(post=post, author=reader)
            raise Rollback

    await comment_then_roll_back()
    await database_sync_to_async(moderation.post_moderate)(
        post=post, moderator=moderator, action="hide"
    )
    with pytest.raises(PostNotFound):
        await database_sync_to_async(services.reaction_set)(
            user=reader, target=post, emoji="👍"
        )
    with pytest.raises(PostNotFound):
        await database_sync_to_async(make_comment)(post=post, author=reader)
    await assert_silent(channel_layer, to_author)
