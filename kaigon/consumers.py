"""The one WebSocket at /ws/: groups and the JSON frame protocol.

The protocol (close codes, frame format, every event type) is documented in
docs/realtime.md; keep the two in step.

kaigon.handshake.LiveAuthMiddleware (wired in kaigon/asgi.py) decides who the
socket belongs to and refuses everyone else itself; LiveConsumer serves
authenticated users.

Apps plug in without this module knowing them, from their AppConfig.ready():
`@client_event("type")` registers the handler of a client→server event type,
`@socket_groups` a function naming groups a user's sockets join on connect.
Server→client events, group changes and closes arrive through the channel
layer from `kaigon.events`.
"""

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from functools import cached_property
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaigon import metrics
from kaigon.errors import ErrorCode, KaigonError, RateLimited, ServerError
from kaigon.events import user_group_name
from kaigon.handshake import CLOSE_UNAUTHENTICATED, scope_header
from kaigon.ratelimit import LocalRateLimit

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
# A client may tag a frame with "ref"; replies to that frame carry it back.
MAX_REF_LENGTH = 64

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


SocketGroupsProvider = Callable[[AbstractBaseUser], Iterable[str]]
SOCKET_GROUP_PROVIDERS: list[SocketGroupsProvider] = []


def socket_groups(provider: SocketGroupsProvider) -> SocketGroupsProvider:
    """Register a function naming groups every socket of a user joins on connect.

    The provider is `def provider(user) -> Iterable[str]` (e.g. a room group
    per membership); it runs in a worker thread, so it may query the database.
    The user's own group is always joined and needs no provider.
    """
    if provider not in SOCKET_GROUP_PROVIDERS:
        SOCKET_GROUP_PROVIDERS.append(provider)
    return provider


def registered_groups(user: AbstractBaseUser) -> list[str]:
    """The groups every registered provider names for `user`, each once."""
    groups = (group for provider in SOCKET_GROUP_PROVIDERS for group in provider(user))
    return list(dict.fromkeys(groups))


class LiveConsumer(AsyncWebsocketConsumer):
    """One authenticated user's live connection; a user may hold many."""

    user: AbstractBaseUser | None = None
    language: str = settings.LANGUAGE_CODE
    groups: list[str]

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' own dispatch first hops to its one sync thread to close
        # stale database connections, for every message: each delivered event
        # queued behind the database work on that thread (bench/bench_chat.py).
        # Our handlers reach the database only through database_sync_to_async,
        # which closes them itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

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
        # socket open already reaches it. The user's own group comes first:
        # a group change sent while the providers read arrives after them.
        self.groups = []
        await self._join_group(user_group_name(user.pk))
        for group in await database_sync_to_async(registered_groups)(user):
            await self._join_group(group)
        await self.accept()

    async def _join_group(self, group: str) -> None:
        if group not in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups.append(group)

    async def _leave_group(self, group: str) -> None:
        if group in self.groups:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups.remove(group)

    def _handshake_language(self) -> str:
        request = HttpRequest()
        request.COOKIES = dict(self.scope.get("cookies", {}))
        accept_language = scope_header(self.scope, b"accept-language")
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
            metrics.ERRORS.labels("socket").inc()
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
        metrics.SOCKET_EVENTS_SENT.labels(str(event.get("type"))).inc()
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
        if self.user is None:
            return
        text = message.get("text")
        if text is None:
            await self.send_event(message["event"])
            return
        metrics.SOCKET_EVENTS_SENT.labels(str(message["event"].get("type"))).inc()
        await self.send(text_data=text)

    async def live_group_join(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.group_join": this socket joins one more group."""
        if self.user is not None:
            await self._join_group(message["group"])

    async def live_group_leave(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.group_leave": this socket leaves a group."""
        if self.user is not None:
            await self._leave_group(message["group"])

    async def live_close(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.close" (the user signed out everywhere): close."""
        if self.user is None:
            return
        kept = message.get("except_session_key")
        session = self.scope.get("session")
        if kept and session is not None and session.session_key == kept:
            return
        self.user = None
        for group in list(self.groups):
            await self._leave_group(group)
        await self.close(code=message.get("code", CLOSE_UNAUTHENTICATED))
