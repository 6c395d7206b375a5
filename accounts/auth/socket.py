"""Who a WebSocket handshake belongs to: a one-time ticket or the session cookie.

kaigon.handshake.LiveAuthMiddleware applies the Origin rule first, then calls
`socket_user`; kaigon/asgi.py wires the two together.
"""

from urllib.parse import parse_qs

from channels.auth import get_user
from channels.db import database_sync_to_async

from accounts.auth.tickets import ws_ticket_redeem
from accounts.models import User
from kaigon.handshake import Scope, scope_header


def _query_ticket(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    values = parse_qs(query, keep_blank_values=True).get("ticket")
    return values[0] if values else None


async def socket_user(scope: Scope) -> User | None:
    """The active user of this handshake, or None.

    A ticket if the URL has one (a bad ticket is not rescued by a cookie),
    else the session cookie, only from a browser (one that sent an Origin).
    """
    ticket = _query_ticket(scope)
    if ticket is not None:
        return await database_sync_to_async(ws_ticket_redeem)(ticket=ticket)
    if not scope_header(scope, b"origin") or "session" not in scope:
        # Not a browser: a cookie alone could have been lifted from one.
        return None
    session_user = await get_user(scope)
    if not isinstance(session_user, User) or not session_user.is_active:
        return None
    return session_user
