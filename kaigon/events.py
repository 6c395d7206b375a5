"""Send live events to users' and rooms' sockets, after the transaction commits.

Services call `send_event_to_users` / `send_event_to_room` (and
`user_sockets_join_group` / `user_sockets_leave_group`) from sync code
(a view, a service, or sync code a consumer runs through
`database_sync_to_async`). Delivery waits for `transaction.on_commit`, so no
client hears of a change that is rolled back; outside a transaction the event
leaves at once. Every socket of a user is in that user's group, so each of the
user's devices gets the event. The protocol is documented in docs/realtime.md.
"""

import json
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from kaigon import metrics

# Channel-layer message types handled by kaigon.consumers.LiveConsumer:
# "live.event" forwards its "event" to the client, "live.group_join" and
# "live.group_leave" change the socket's groups, "live.close" closes it.
LIVE_EVENT_MESSAGE_TYPE = "live.event"
LIVE_GROUP_JOIN_MESSAGE_TYPE = "live.group_join"
LIVE_GROUP_LEAVE_MESSAGE_TYPE = "live.group_leave"
LIVE_CLOSE_MESSAGE_TYPE = "live.close"
# Same code as a refused handshake: the client must authenticate again.
CLOSE_CODE_SIGNED_OUT = 4401

# Channels accepts group names of ASCII letters, digits, "-", "_", "." under 100.
_GROUP_NAME = re.compile(r"^[A-Za-z0-9._-]{1,99}$")


def _checked_group_name(name: str) -> str:
    if not _GROUP_NAME.match(name):
        raise ValueError(f"Not a valid channel-layer group name: {name!r}")
    return name


def user_group_name(user_id: int) -> str:
    """The group every socket of this user joins."""
    return f"user.{int(user_id)}"


def room_group_name(room_id: Any) -> str:
    """The group every socket of every member of this room joins."""
    return _checked_group_name(f"room.{room_id}")


def _live_message(event: dict) -> dict:
    """The channel-layer message for `event`: a JSON-plain copy taken now.

    Datetimes, UUIDs and Decimals become strings, the caller may keep mutating
    its dict, and an unserialisable event fails in the caller, not after commit.
    The frame's text rides along, so a room's hundred sockets forward it
    without encoding it a hundred times.
    """
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise ValueError('An event is a dict with a string "type".')
    text = json.dumps(event, cls=DjangoJSONEncoder, ensure_ascii=False)
    return {"type": LIVE_EVENT_MESSAGE_TYPE, "event": json.loads(text), "text": text}


def _user_groups(user_ids: Iterable[int]) -> list[str]:
    return list(dict.fromkeys(user_group_name(user_id) for user_id in user_ids))


async def _group_send_all(groups: list[str], message: dict) -> None:
    channel_layer = get_channel_layer()
    for group in groups:
        await channel_layer.group_send(group, message)


def _send_now(groups: list[str], message: dict) -> None:
    try:
        async_to_sync(_group_send_all)(groups, message)
    except Exception:
        metrics.CHANNEL_SEND_FAILURES.inc()
        raise


def _send_on_commit(groups: list[str], message: dict) -> None:
    if not groups:
        return
    # robust: a channel-layer outage after commit is logged, and neither undoes
    # the committed change nor stops the other on-commit callbacks.
    transaction.on_commit(partial(_send_now, groups, message), robust=True)


def send_event_to_users(user_ids: Iterable[int], event: dict) -> None:
    """Deliver `event` to every socket of each user, once the transaction commits."""
    _send_on_commit(_user_groups(user_ids), _live_message(event))


def send_events_to_users(events: Iterable[tuple[int, dict]]) -> None:
    """A different event to each user (a fan-out), once the transaction commits.

    One channel-layer session for all of them: much cheaper than calling
    `send_event_to_users` per user from a thread without an event loop.
    """
    sends = [
        (user_group_name(user_id), _live_message(event)) for user_id, event in events
    ]
    if sends:
        transaction.on_commit(partial(_send_pairs_now, sends), robust=True)


async def _group_send_pairs(sends: list[tuple[str, dict]]) -> None:
    channel_layer = get_channel_layer()
    for group, message in sends:
        await channel_layer.group_send(group, message)


def _send_pairs_now(sends: list[tuple[str, dict]]) -> None:
    try:
        async_to_sync(_group_send_pairs)(sends)
    except Exception:
        metrics.CHANNEL_SEND_FAILURES.inc()
        raise


def send_event_to_room(room_id: Any, event: dict) -> None:
    """Deliver `event` to every socket in the room's group, after commit."""
    _send_on_commit([room_group_name(room_id)], _live_message(event))


def _user_sockets_group_message(*, message_type: str, user_id: int, group: str) -> None:
    if _checked_group_name(group) == user_group_name(user_id):
        raise ValueError("A socket always stays in its user's own group.")
    message = {"type": message_type, "group": group}
    _send_on_commit([user_group_name(user_id)], message)


def user_sockets_join_group(*, user_id: int, group: str) -> None:
    """Every live socket of the user joins `group`, after commit.

    For a member who joins a room while connected. Events sent to `group` in
    the same transaction may arrive before the sockets have joined: tell the
    user about the join itself with `send_event_to_users`.
    """
    _user_sockets_group_message(
        message_type=LIVE_GROUP_JOIN_MESSAGE_TYPE, user_id=user_id, group=group
    )


def user_sockets_leave_group(*, user_id: int, group: str) -> None:
    """Every live socket of the user leaves `group`, after commit."""
    _user_sockets_group_message(
        message_type=LIVE_GROUP_LEAVE_MESSAGE_TYPE, user_id=user_id, group=group
    )


def close_user_sockets(
    user_ids: Iterable[int], *, except_session_key: str | None = None
) -> None:
    """Close every open socket of these users (code 4401), after commit.

    For "sign out everywhere" and deactivation: a socket authenticated once
    stays open otherwise, and its owner would keep hearing events. Sockets of
    the browser session `except_session_key` (the one that asked) stay open.
    """
    message = {
        "type": LIVE_CLOSE_MESSAGE_TYPE,
        "code": CLOSE_CODE_SIGNED_OUT,
        "except_session_key": except_session_key,
    }
    _send_on_commit(_user_groups(user_ids), message)
