"""The one WebSocket at /ws/: authentication, groups and the JSON frame protocol.

The protocol (close codes, frame format, every event type) is documented in
docs/realtime.md; keep the two in step.

LiveAuthMiddleware (wired in kaigon/asgi.py) decides who the socket belongs
to and refuses everyone else itself; LiveConsumer serves authenticated users.

A client→server event type is handled by an async function registered with
`@client_event("type")`; apps register theirs from their AppConfig.ready(),
so this module never has to know about chat or notifications. Server→client
events arrive through the channel layer from `kaigon.events`.
"""

import json
import logging
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.auth import get_user
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.http import is_same_domain
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.tickets import ws_ticket_redeem
from kaigon.errors import ErrorCode, KaigonError, RateLimited, ServerError
from kaigon.events import CLOSE_CODE_SIGNED_OUT, user_group_name
from kaigon.ratelimit import LocalRateLimit

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = CLOSE_CODE_SIGNED_OUT
CLOSE_FORBIDDEN_ORIGIN = 4403
MAX_FRAME_BYTES = 64 * 1024
# A client may tag a frame with "ref"; replies to that frame carry it back.
MAX_REF_LENGTH = 64

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ClientEventHandler = Callable[["LiveConsumer", dict[str, Any]], Awaitable[None]]
CLIENT_EVENT_HANDLERS: dict[str, ClientEventHandler] = {}


def client_event(
    event_type: str,
) -> Callable[[ClientEventHandler], ClientEventHandler]:
    """Register the handler of one client→server event type.

    The handler is `async def handler(consumer, event) -> None`; it answers
    with `consumer.reply(event, {...})` or raises a KaigonError, which
    reaches the client as an error event.
    """

    def register(handler: ClientEventHandler) -> ClientEventHandler:
        existing = CLIENT_EVENT_HANDLERS.get(event_type)
        if existing is not None and existing is not handler:
            raise ValueError(f"Client event {event_type!r} already has a handler.")
        CLIENT_EVENT_HANDLERS[event_type] = handler
        return handler

    return register


class InvalidFrame(KaigonError):
    """A frame the socket cannot read; `code` says how it is wrong."""

    code = ErrorCode.INVALID_EVENT
    default_message = _('A frame must be a JSON object with a "type".')


@client_event("ping")
async def handle_ping(consumer: "LiveConsumer", event: dict[str, Any]) -> None:
    await consumer.reply(event, {"type": "pong"})


async def groups_for_user(user: User) -> list[str]:
    """Every channel-layer group a socket of `user` joins on connect.

    Today that is the user's own group; rooms add their groups here
    (kaigon.events.room_group_name) once the user's rooms exist.
    """
    return [user_group_name(user.pk)]


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


def _header(scope: Scope, name: bytes) -> list[str]:
    return [
        value.decode("latin-1")
        for key, value in scope.get("headers", [])
        if key.lower() == name
    ]


def _query_ticket(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    values = parse_qs(query, keep_blank_values=True).get("ticket")
    return values[0] if values else None


async def authenticate_socket(scope: Scope) -> tuple[User | None, int]:
    """The user a WebSocket handshake belongs to; if None, the code to close with.

    Order: the Origin rule, then a ticket if the URL has one (a bad ticket is
    not rescued by a cookie), then the session cookie, only from a browser.
    """
    origins = _header(scope, b"origin")
    hosts = _header(scope, b"host")
    if len(origins) > 1 or (
        origins and not origin_is_allowed(origins[0], hosts[0] if hosts else None)
    ):
        return None, CLOSE_FORBIDDEN_ORIGIN
    ticket = _query_ticket(scope)
    if ticket is not None:
        user = await database_sync_to_async(ws_ticket_redeem)(ticket=ticket)
        return user, CLOSE_UNAUTHENTICATED
    if not origins or "session" not in scope:
        # Not a browser: a cookie alone could have been lifted from one.
        return None, CLOSE_UNAUTHENTICATED
    session_user = await get_user(scope)
    if not session_user.is_authenticated or not session_user.is_active:
        return None, CLOSE_UNAUTHENTICATED
    return session_user, CLOSE_UNAUTHENTICATED


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

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        user, close_code = await authenticate_socket(scope)
        if user is None:
            return await refuse_socket(receive, send, close_code)
        return await self.inner({**scope, "user": user}, receive, send)


class LiveConsumer(AsyncWebsocketConsumer):
    """One authenticated user's live connection; a user may hold many."""

    user: User | None = None
    language: str = settings.LANGUAGE_CODE

    # --- connecting ---------------------------------------------------------

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Only reachable without LiveAuthMiddleware in front.
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.language = self._handshake_language()
        self.user = user
        # Join before accepting, so an event sent once the client sees the
        # socket open already reaches it.
        self.groups = await groups_for_user(user)
        for group in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    def _handshake_language(self) -> str:
        request = HttpRequest()
        request.COOKIES = dict(self.scope.get("cookies", {}))
        accept_language = _header(self.scope, b"accept-language")
        if accept_language:
            request.META["HTTP_ACCEPT_LANGUAGE"] = accept_language[0]
        return translation.get_language_from_request(request)

    # --- client → server ----------------------------------------------------

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None
    ) -> None:
        if self.user is None:
            return  # closing already; frames that raced the close are dropped
        event: dict[str, Any] | None = None
        try:
            # Counted before anything is read, so a flood costs us no parsing;
            # the refused frame is dropped unread (its error carries no "ref").
            self.frame_limit.consume(_("Too many frames; slow down and resend."))
            event = self._parse_frame(text_data)
            if not isinstance(event.get("type"), str):
                raise InvalidFrame()
            handler = CLIENT_EVENT_HANDLERS.get(event["type"])
            if handler is None:
                raise InvalidFrame(
                    _("Unknown event type."), code=ErrorCode.UNKNOWN_TYPE
                )
            await handler(self, event)
        except KaigonError as error:
            await self.send_error(error, request=event)
        except Exception:
            # One bad event must not cost the user the socket and every other
            # event on it.
            logger.exception("Client event %r failed", event and event.get("type"))
            await self.send_error(ServerError(), request=event)

    @cached_property
    def frame_limit(self) -> LocalRateLimit:
        return LocalRateLimit(settings.KAIGON_WS_FRAME_RATE)

    @staticmethod
    def _parse_frame(text_data: str | None) -> dict[str, Any]:
        if text_data is None:
            raise InvalidFrame(
                _("Send JSON text frames, not binary ones."),
                code=ErrorCode.BINARY_NOT_SUPPORTED,
            )
        if (
            len(text_data) > MAX_FRAME_BYTES
            or len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES
        ):
            raise InvalidFrame(
                _("A frame may hold at most %(limit)d bytes."),
                code=ErrorCode.FRAME_TOO_LARGE,
                params={"limit": MAX_FRAME_BYTES},
            )
        try:
            event = json.loads(text_data)
        except (ValueError, RecursionError):
            raise InvalidFrame(
                _("The frame is not valid JSON."), code=ErrorCode.INVALID_JSON
            ) from None
        if not isinstance(event, dict):
            raise InvalidFrame()
        return event

    # --- server → client ----------------------------------------------------

    async def send_event(self, event: dict[str, Any]) -> None:
        await self.send(
            text_data=json.dumps(event, ensure_ascii=False, cls=DjangoJSONEncoder)
        )

    async def reply(self, request: dict[str, Any], event: dict[str, Any]) -> None:
        """Send `event` in answer to the client's `request` frame (echoing "ref")."""
        ref = request.get("ref")
        if (
            isinstance(ref, (str, int))
            and not isinstance(ref, bool)
            and len(str(ref)) <= MAX_REF_LENGTH
        ):
            event = {**event, "ref": ref}
        await self.send_event(event)

    async def send_error(
        self, error: KaigonError, request: dict[str, Any] | None = None
    ) -> None:
        """`error` as an error event, in this socket's language.

        {"type": "error", "code", "message"}, plus "fields" when it has field
        errors, "retry_after" when rate limited and "ref" from `request`.
        """
        with translation.override(self.language):
            event: dict[str, Any] = {
                "type": "error",
                "code": error.code,
                "message": error.message,
            }
            fields = error.field_messages()
        if fields:
            event["fields"] = fields
        if isinstance(error, RateLimited):
            event["retry_after"] = error.retry_after
        if request is None:
            await self.send_event(event)
        else:
            await self.reply(request, event)

    async def live_event(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.event" from kaigon.events: forward to the client."""
        if self.user is not None:
            await self.send_event(message["event"])

    async def live_close(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.close" (the user signed out everywhere): close."""
        if self.user is None:
            return
        kept = message.get("except_session_key")
        session = self.scope.get("session")
        if kept and session is not None and session.session_key == kept:
            return
        self.user = None
        for group in self.groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups = []
        await self.close(code=message.get("code", CLOSE_UNAUTHENTICATED))
