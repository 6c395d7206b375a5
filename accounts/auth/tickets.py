"""One-time WebSocket tickets for clients that cannot send the session cookie.

A ticket is a random string that stands for one user for a few seconds and
opens exactly one socket. It is never the login token: leaking it from a URL
(proxy logs, browser history) gives at most one socket within its lifetime.
"""

import hashlib
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from accounts.auth.tokens import user_token_epoch
from accounts.models import User

_CACHE_PREFIX = "ws-ticket:"
# token_urlsafe(32) gives 43 characters; anything else is not one of ours.
_TICKET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")


def _cache_key(ticket: str) -> str:
    # Store a digest, so whoever can list the cache's keys sees no live ticket.
    return _CACHE_PREFIX + hashlib.sha256(ticket.encode("ascii")).hexdigest()


def ws_ticket_ttl_seconds() -> int:
    return int(settings.WS_TICKET_TTL_SECONDS)


def ws_ticket_issue(*, user: User) -> str:
    """Issue a ticket that opens one WebSocket as `user` within the TTL."""
    ticket = secrets.token_urlsafe(32)
    # The epoch moves on "sign out everywhere" and password changes: a ticket
    # minted before then must not open a socket after.
    entry = (user.pk, user_token_epoch(user=user))
    cache.set(_cache_key(ticket), entry, timeout=ws_ticket_ttl_seconds())
    return ticket


def ws_ticket_redeem(*, ticket: str) -> User | None:
    """The active user a ticket stands for, or None; a ticket redeems only once
    and dies with the user's tokens (sign out everywhere, password change)."""
    if not isinstance(ticket, str) or not _TICKET_SHAPE.match(ticket):
        return None
    key = _cache_key(ticket)
    entry = cache.get(key)
    if entry is None:
        return None
    # Of concurrent redeemers that all read the entry, only the one whose
    # delete actually removed it wins; the others see False.
    if not cache.delete(key):
        return None
    user_id, epoch = entry
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user_token_epoch(user=user) != epoch:
        return None
    return user
