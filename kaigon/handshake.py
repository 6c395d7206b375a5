"""The WebSocket handshake: the Origin rule, then whoever the project says the user is.

LiveAuthMiddleware (wired in kaigon/asgi.py) refuses a cross-site Origin
itself and asks an authenticator, passed in by asgi.py, who the socket
belongs to; the authenticator (accounts.auth.socket) knows about sessions and
tickets, this module does not. Close codes are documented in docs/realtime.md.
"""

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

from kaigon.access import note_user
from kaigon.events import CLOSE_CODE_SIGNED_OUT

CLOSE_UNAUTHENTICATED = CLOSE_CODE_SIGNED_OUT
CLOSE_FORBIDDEN_ORIGIN = 4403

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# The user a handshake that passed the Origin rule belongs to, or None.
Authenticator = Callable[[Scope], Awaitable[AbstractBaseUser | None]]


def scope_header(scope: Scope, name: bytes) -> list[str]:
    """Every value of one (lower-case) header of the handshake."""
    return [
        value.decode("latin-1")
        for key, value in scope.get("headers", [])
        if key.lower() == name
    ]


def origin_is_allowed(origin: str, host: str | None) -> bool:
    """Same rule as Django's CSRF origin check: the page's own host, or trusted.

    The Origin must name the host the socket was opened on (and that host must
    be one of ALLOWED_HOSTS), or match an entry of CSRF_TRUSTED_ORIGINS
    (wildcards such as https://*.example.com included).
    """
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return False
    netloc = parsed.netloc.lower()
    if host and netloc == host.lower():
        domain, _port = split_domain_port(host)
        return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
    origin = f"{parsed.scheme}://{netloc}"
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if "*" not in trusted:
            if origin == trusted.lower():
                return True
            continue
        trusted_parts = urlsplit(trusted)
        if trusted_parts.scheme == parsed.scheme and is_same_domain(
            netloc, trusted_parts.netloc.lstrip("*").lower()
        ):
            return True
    return False


def origin_is_refused(scope: Scope) -> bool:
    """Several Origin headers, or one that is neither this host nor trusted."""
    origins = scope_header(scope, b"origin")
    hosts = scope_header(scope, b"host")
    return len(origins) > 1 or bool(
        origins and not origin_is_allowed(origins[0], hosts[0] if hosts else None)
    )


async def refuse_socket(receive: Receive, send: Send, code: int) -> None:
    """Answer the handshake with a close the client can read, then wait it out."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    # Accept first: a close before accept is a bare HTTP 403 to the client,
    # which cannot read a reason from it.
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code})
    while message["type"] != "websocket.disconnect":
        message = await receive()  # frames that raced the close are dropped


class LiveAuthMiddleware:
    """Authenticate a WebSocket before any consumer runs; set scope["user"].

    Runs inside Channels' SessionMiddleware. A refused handshake is answered
    here, so it never starts a consumer nor subscribes to the channel layer.
    """

    def __init__(self, inner: ASGIApp, *, authenticate: Authenticator) -> None:
        self.inner = inner
        self.authenticate = authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        if origin_is_refused(scope):
            return await refuse_socket(receive, send, CLOSE_FORBIDDEN_ORIGIN)
        user = await self.authenticate(scope)
        if user is None:
            return await refuse_socket(receive, send, CLOSE_UNAUTHENTICATED)
        note_user(scope, user)
        return await self.inner({**scope, "user": user}, receive, send)
