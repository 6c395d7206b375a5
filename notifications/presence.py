"""Which sockets are looking at a target (a chat room) right now.

A client sends `room.focus` {"room": id, "focused": true} while a room is on
screen (and again every minute; false when it leaves). Each socket's focus is
kept in the cache for FOCUS_TTL_SECONDS, so a socket that vanishes without a
word stops counting soon. Chat skips the "new message" notification for a
member with any socket focused on the room (docs/realtime.md).
"""

import time

from django.core.cache import cache

FOCUS_TTL_SECONDS = 90


def _key(target_type: str, target_id: int, user_id: int) -> str:
    return f"notifications:focus:{target_type}:{int(target_id)}:{int(user_id)}"


def focus_set(
    *, user_id: int, target_type: str, target_id: int, socket: str, focused: bool
) -> None:
    """Record that one socket of the member looks at the target, or stopped."""
    key = _key(target_type, target_id, user_id)
    now = time.time()
    sockets = {
        name: until for name, until in (cache.get(key) or {}).items() if until > now
    }
    if focused:
        sockets[socket] = now + FOCUS_TTL_SECONDS
    else:
        sockets.pop(socket, None)
    if sockets:
        cache.set(key, sockets, FOCUS_TTL_SECONDS)
    else:
        cache.delete(key)


def focused_user_ids(
    *, target_type: str, target_id: int, user_ids: list[int]
) -> set[int]:
    """Those of `user_ids` with at least one socket looking at the target."""
    keys = {_key(target_type, target_id, user_id): user_id for user_id in user_ids}
    now = time.time()
    return {
        keys[key]
        for key, sockets in cache.get_many(list(keys)).items()
        if any(until > now for until in sockets.values())
    }
