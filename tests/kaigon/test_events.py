"""kaigon.events, observed on the channel layer itself (no socket in between)."""

import asyncio
import datetime
import uuid

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from kaigon.events import (
    close_user_sockets,
    room_group_name,
    send_event_to_room,
    send_event_to_users,
    user_group_name,
)
from tests.kaigon.conftest import Rollback

pytestmark = pytest.mark.django_db(transaction=True)


async def listen(layer, group: str) -> str:
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    return channel


async def next_message(layer, channel: str, timeout: float = 3) -> dict:
    return await asyncio.wait_for(layer.receive(channel), timeout)


async def assert_no_message(layer, channel: str, timeout: float = 0.3) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(channel), timeout)


def test_group_names_are_stable_and_routable():
    assert user_group_name(42) == "user.42"
    assert user_group_name("42") == "user.42"
    assert room_group_name(7) == "room.7"
    room_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert room_group_name(room_id) == f"room.{room_id}"


@pytest.mark.parametrize("room_id", ["has space", "ünïcode", "x" * 200])
def test_room_group_name_refuses_names_the_layer_cannot_route(room_id):
    with pytest.raises(ValueError):
        room_group_name(room_id)


async def test_event_outside_a_transaction_leaves_at_once(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))

    await database_sync_to_async(send_event_to_users)([1], {"type": "test.hello"})

    message = await next_message(channel_layer, channel)
    assert message == {
        "type": "live.event",
        "event": {"type": "test.hello"},
        # The frame's text, encoded once for every socket that forwards it.
        "text": '{"type": "test.hello"}',
    }


async def test_event_waits_for_the_transaction_to_commit(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))
    inside = asyncio.Event()
    may_commit = asyncio.Event()
    loop = asyncio.get_running_loop()

    def change_and_commit():
        with transaction.atomic():
            send_event_to_users([1], {"type": "test.committed"})
            loop.call_soon_threadsafe(inside.set)
            asyncio.run_coroutine_threadsafe(may_commit.wait(), loop).result(5)

    committing = asyncio.ensure_future(database_sync_to_async(change_and_commit)())
    await inside.wait()
    await assert_no_message(channel_layer, channel)
    may_commit.set()
    await committing

    message = await next_message(channel_layer, channel)
    assert message["event"] == {"type": "test.committed"}


async def test_event_in_a_rolled_back_transaction_is_never_sent(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))

    def change_then_fail():
        with transaction.atomic():
            send_event_to_users([1], {"type": "test.rolled_back"})
            raise Rollback

    with pytest.raises(Rollback):
        await database_sync_to_async(change_then_fail)()

    await assert_no_message(channel_layer, channel)


async def test_event_in_a_rolled_back_savepoint_is_never_sent(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))

    def outer_commits_inner_fails():
        with transaction.atomic():
            try:
                with transaction.atomic():
                    send_event_to_users([1], {"type": "test.rolled_back"})
                    raise Rollback
            except Rollback:
                pass
            send_event_to_users([1], {"type": "test.committed"})

    await database_sync_to_async(outer_commits_inner_fails)()

    message = await next_message(channel_layer, channel)
    assert message["event"] == {"type": "test.committed"}
    await assert_no_message(channel_layer, channel)


async def test_each_listed_user_gets_the_event_once(channel_layer):
    first = await listen(channel_layer, user_group_name(1))
    second = await listen(channel_layer, user_group_name(2))
    bystander = await listen(channel_layer, user_group_name(3))

    await database_sync_to_async(send_event_to_users)(
        (user_id for user_id in [1, 2, 1]), {"type": "test.hello"}
    )

    assert (await next_message(channel_layer, first))["event"]["type"] == "test.hello"
    assert (await next_message(channel_layer, second))["event"]["type"] == "test.hello"
    await assert_no_message(channel_layer, first)
    await assert_no_message(channel_layer, bystander)


async def test_room_event_reaches_the_room_group(channel_layer):
    channel = await listen(channel_layer, room_group_name(9))

    await database_sync_to_async(send_event_to_room)(9, {"type": "test.room"})

    assert (await next_message(channel_layer, channel))["event"] == {
        "type": "test.room"
    }


async def test_event_is_a_json_snapshot_taken_at_the_call(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    item_id = uuid.uuid4()

    def send_then_mutate():
        with transaction.atomic():
            event = {"type": "test.snapshot", "at": when, "id": item_id, "n": 1}
            send_event_to_users([1], event)
            event["n"] = 2

    await database_sync_to_async(send_then_mutate)()

    event = (await next_message(channel_layer, channel))["event"]
    assert event == {
        "type": "test.snapshot",
        "at": "2024-05-01T12:30:00Z",
        "id": str(item_id),
        "n": 1,
    }


@pytest.mark.parametrize("event", [{}, {"type": 5}, ["type", "x"], "test.hello"])
def test_event_without_a_string_type_is_refused(event):
    with pytest.raises(ValueError):
        send_event_to_users([1], event)


def test_unserialisable_event_fails_in_the_caller():
    with pytest.raises(TypeError):
        send_event_to_users([1], {"type": "test.bad", "value": object()})


async def test_close_user_sockets_tells_the_users_groups(channel_layer):
    channel = await listen(channel_layer, user_group_name(1))

    await database_sync_to_async(close_user_sockets)([1])

    assert await next_message(channel_layer, channel) == {
        "type": "live.close",
        "code": 4401,
        "except_session_key": None,
    }
