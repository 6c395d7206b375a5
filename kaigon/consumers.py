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
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaigon import metrics
from kaigon.events import user_group_name
from kaigon.handshake import CLOSE_UNAUTHENTICATED, scope_header

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
    with `consumer.reply(event, {...})` or raises ClientEventError.
    """

    def register(handler: ClientEventHandler) -> ClientEventHandler:
        existing = CLIENT_EVENT_HANDLERS.get(event_type)
        if existing is not None and existing is not handler:
            raise ValueError(f"Client event {event_type!r} already has a handler.")
        CLIENT_EVENT_HANDLERS[event_type] = handler
        return handler

    return register


class ClientEventError(Exception):
    """A handler's refusal, sent to the client as an error event."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


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
        if text_data is None:
            await self.send_error(
                "binary_not_supported", _("Send JSON text frames, not binary ones.")
            )
            return
        if (
            len(text_data) > MAX_FRAME_BYTES
            or len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES
        ):
            await self.send_error(
                "frame_too_large",
                _("A frame may hold at most %(limit)d bytes."),
                params={"limit": MAX_FRAME_BYTES},
            )
            return
        try:
            event = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error("invalid_json", _("The frame is not valid JSON."))
            return
        if not isinstance(event, dict):
            await self.send_error(
                "invalid_event", _('A frame must be a JSON object with a "type".')
            )
            return
        if not isinstance(event.get("type"), str):
            await self.send_error(
                "invalid_event",
                _('A frame must be a JSON object with a "type".'),
                request=event,
            )
            return
        handler = CLIENT_EVENT_HANDLERS.get(event["type"])
        if handler is None:
            await self.send_error(
                "unknown_type", _("Unknown event type."), request=event
            )
            return
        try:
            await handler(self, event)
        except ClientEventError as error:
            await self.send_error(error.code, error.message, request=event)
        except Exception:
            # One bad event must not cost the user the socket and every other
            # event on it.
            logger.exception("Client event %r failed", event["type"])
            metrics.ERRORS.labels("socket").inc()
            await self.send_error(
                "server_error", _("Something went wrong on our side."), request=event
            )

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
        self,
        code: str,
        message: Any,
        request: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        """An error event; `message` may be lazy, it is translated for this socket."""
        with translation.override(self.language):
            text = str(message) % params if params else str(message)
        error = {"type": "error", "code": code, "message": text}
        if request is None:
            await self.send_event(error)
        else:
            await self.reply(request, error)

    async def live_event(self, message: dict[str, Any]) -> None:
        """Channel-layer "live.event" from kaigon.events: forward to the client."""
        if self.user is not None:
            await self.send_event(message["event"])

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
