"""How chat's events reach sockets; every send waits for the commit.

Room events go to the room's group, which every socket of every member
joins on connect (chat.socket.room_groups). Membership changes move the
user's live sockets in or out of the group and are announced to the members'
own groups, so the newcomer (or the one who left) hears of it whether or not
their sockets have switched groups yet.
"""

from collections.abc import Iterable
from typing import Any

from kaigon.events import (
    room_group_name,
    send_event_to_room,
    send_event_to_users,
    user_sockets_join_group,
    user_sockets_leave_group,
)


def room_event_send(*, room_id: int, event: dict[str, Any]) -> None:
    send_event_to_room(room_id, event)


def users_event_send(*, user_ids: Iterable[int], event: dict[str, Any]) -> None:
    send_event_to_users(user_ids, event)


def room_sockets_join(*, user_id: int, room_id: int) -> None:
    """Every live socket of the user joins the room's group (after commit)."""
    user_sockets_join_group(user_id=user_id, group=room_group_name(room_id))


def room_sockets_leave(*, user_id: int, room_id: int) -> None:
    """Every live socket of the user leaves the room's group at once (after commit)."""
    user_sockets_leave_group(user_id=user_id, group=room_group_name(room_id))
