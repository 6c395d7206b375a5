"""Room invite codes in the cache (Redis in production), with expiry and use limit.

An entry outlives its expiry by a grace period, so that a late visitor is told
"expired" (or "revoked") rather than "no such code".
"""

from __future__ import annotations

import contextlib
import secrets
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

GRACE_SECONDS = 24 * 3600
MAX_TTL_SECONDS = 7 * 24 * 3600


def invite_default_ttl() -> int:
    return settings.KAIGON_CHAT_INVITE_TTL_SECONDS


@dataclass
class Invite:
    code: str
    room_id: int
    created_by: int
    created_at: float
    expires_at: float
    max_uses: int | None
    revoked: bool = False

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at


def _key(code: str) -> str:
    return f"chat:invite:{code}"


def _uses_key(code: str) -> str:
    return f"chat:invite:{code}:uses"


def _room_key(room_id: int) -> str:
    return f"chat:room-invites:{room_id}"


def _timeout(invite: Invite) -> int:
    return max(1, int(invite.expires_at - time.time()) + GRACE_SECONDS)


def invite_store_new(
    *, room_id: int, created_by: int, ttl_seconds: int, max_uses: int | None
) -> Invite:
    now = time.time()
    invite = Invite(
        code=secrets.token_urlsafe(12),
        room_id=room_id,
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl_seconds,
        max_uses=max_uses,
    )
    cache.set(_key(invite.code), asdict(invite), timeout=_timeout(invite))
    codes = [c for c in cache.get(_room_key(room_id), []) if invite_load(c)]
    cache.set(_room_key(room_id), [*codes, invite.code], timeout=MAX_TTL_SECONDS)
    return invite


def invite_load(code: str) -> Invite | None:
    if not isinstance(code, str) or not 8 <= len(code) <= 64:
        return None
    data = cache.get(_key(code))
    return Invite(**data) if data else None


def invite_uses(code: str) -> int:
    return int(cache.get(_uses_key(code), 0))


def invite_use_take(invite: Invite) -> int:
    """Count one use atomically; the count after it."""
    cache.add(_uses_key(invite.code), 0, timeout=_timeout(invite))
    try:
        return cache.incr(_uses_key(invite.code))
    except ValueError:  # expired between add and incr
        cache.set(_uses_key(invite.code), 1, timeout=_timeout(invite))
        return 1


def invite_use_give_back(invite: Invite) -> None:
    with contextlib.suppress(ValueError):  # the counter expired meanwhile
        cache.decr(_uses_key(invite.code))


def invite_mark_revoked(invite: Invite) -> None:
    invite.revoked = True
    cache.set(_key(invite.code), asdict(invite), timeout=_timeout(invite))


def invites_for_room(room_id: int) -> list[Invite]:
    """The room's invites that can still be used."""
    found = [invite_load(code) for code in cache.get(_room_key(room_id), [])]
    return [
        invite
        for invite in found
        if invite is not None
        and not invite.revoked
        and not invite.expired
        and (invite.max_uses is None or invite_uses(invite.code) < invite.max_uses)
    ]
