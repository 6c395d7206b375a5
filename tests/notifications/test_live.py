"""Live delivery over /ws/ through the real ASGI stack."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from kaigon.asgi import application
from notifications.services import notification_mark_read, notifications_withdraw
from tests.kaigon.conftest import channel_layer  # noqa: F401
from tests.kaigon.test_realtime import SAME_SITE, TIMEOUT, session_cookie
from tests.notifications.factories import notify_comment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fake_posts"),
]


@pytest.fixture
async def two_sockets(channel_layer, user):  # noqa: F811
    cookie = await database_sync_to_async(session_cookie)(user)
    opened = []
    for _ in range(2):
        socket = WebsocketCommunicator(
            application, "/ws/", headers=[cookie, *SAME_SITE]
        )
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        opened.append(socket)
    yield opened
    for socket in opened:
        await socket.disconnect(timeout=TIMEOUT)


async def test_new_notification_reaches_every_socket_of_the_recipient(
    two_sockets, user, other_user
):
    notification = await database_sync_to_async(notify_comment)(
        recipient=user, actor=other_user
    )

    for socket in two_sockets:
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "notification.new",
            "id": notification.pk,
            "unread_count": 1,
        }


async def test_reading_on_one_device_updates_the_others(two_sockets, user, other_user):
    notification = await database_sync_to_async(notify_comment)(
        recipient=user, actor=other_user
    )
    for socket in two_sockets:
        await socket.receive_json_from(timeout=TIMEOUT)

    await two_sockets[0].send_json_to(
        {"type": "notification.mark_read", "ids": [notification.pk], "ref": "r1"}
    )

    frames = [await two_sockets[0].receive_json_from(timeout=TIMEOUT) for _ in "12"]
    assert {"type": "notification.marked", "unread_count": 0, "ref": "r1"} in frames
    expected = {
        "type": "notification.read",
        "ids": [notification.pk],
        "unread_count": 0,
    }
    assert expected in frames
    assert await two_sockets[1].receive_json_from(timeout=TIMEOUT) == expected


async def test_other_members_sockets_hear_nothing(two_sockets, user, other_user):
    await database_sync_to_async(notify_comment)(recipient=other_user, actor=user)
    await database_sync_to_async(notification_mark_read)(
        user=other_user, notification_ids=[1]
    )

    for socket in two_sockets:
        assert await socket.receive_nothing(timeout=0.3)


async def test_mark_read_with_bad_ids_is_an_error_frame(two_sockets):
    await two_sockets[0].send_json_to({"type": "notification.mark_read", "ids": "x"})

    frame = await two_sockets[0].receive_json_from(timeout=TIMEOUT)
    assert frame["type"] == "error"
    assert frame["code"] == "invalid"
    assert "ids" in frame["fields"]


async def test_room_focus_is_per_socket(two_sockets, user):
    from notifications.presence import focused_user_ids

    def focused():
        return focused_user_ids(target_type="room", target_id=7, user_ids=[user.pk])

    first, second = two_sockets
    for socket, on in ((first, True), (second, True), (first, False)):
        await socket.send_json_to({"type": "room.focus", "room": 7, "focused": on})
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "room.focused",
            "room": 7,
            "focused": on,
        }
    assert await database_sync_to_async(focused)() == {user.pk}

    await second.send_json_to({"type": "room.focus", "room": 7, "focused": False})
    await second.receive_json_from(timeout=TIMEOUT)
    assert await database_sync_to_async(focused)() == set()


async def test_fan_out_reaches_each_followers_sockets(two_sockets, user, other_user):
    from accounts.models import NotificationKind
    from accounts.services import user_follow
    from notifications.services import notify_followers
    from tests.notifications.factories import post_target

    def follow_and_post():
        user_follow(follower=user, followee=other_user)
        notify_followers(
            author=other_user,
            kind=NotificationKind.FOLLOWED_USER_POST,
            target=post_target(3, "Hello"),
        )

    await database_sync_to_async(follow_and_post)()

    for socket in two_sockets:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        assert (frame["type"], frame["unread_count"]) == ("notification.new", 1)


async def test_withdrawn_entries_update_every_socket(two_sockets, user, other_user):
    kept = await database_sync_to_async(notify_comment)(
        recipient=user, actor=other_user, post_id=1
    )
    gone = await database_sync_to_async(notify_comment)(
        recipient=user, actor=other_user, post_id=2
    )
    for socket in two_sockets:
        for _ in (kept, gone):
            await socket.receive_json_from(timeout=TIMEOUT)

    await database_sync_to_async(notifications_withdraw)(thread="post:2")

    for socket in two_sockets:
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "notification.removed",
            "ids": [gone.pk],
            "unread_count": 1,
        }
