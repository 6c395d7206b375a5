"""Chat's commands on the /ws/ socket (docs/realtime.md, "Chat").

Each command parses its frame, calls the service or selector the REST API
uses, and answers the sender; what the others must hear leaves as events
from the service. A refusal is a KaigonError, which the socket turns into an
error event. Registered on import, from ChatConfig.ready(), with the room
groups every socket of a member joins on connect.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

from channels.db import database_sync_to_async
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from chat import selectors, services
from chat.payloads import (
    message_payload,
    messages_payload,
    my_settings_payload,
    room_shared_payload,
)
from kaigon.consumers import LiveConsumer, client_event, socket_groups
from kaigon.errors import InvalidInput
from kaigon.events import room_group_name

Handler = Callable[[LiveConsumer, dict[str, Any]], Awaitable[None]]


@socket_groups
def room_groups(user: AbstractBaseUser) -> list[str]:
    """Every socket of a user joins the group of each of their rooms."""
    return [room_group_name(room_id) for room_id in selectors.room_ids_of(user=user)]


def chat_command(*types: str) -> Callable[[Handler], Handler]:
    """Register a handler under its dotted name and the original's alias."""

    def register(handler: Handler) -> Handler:
        async def run(consumer: LiveConsumer, event: dict[str, Any]) -> None:
            # System messages in answers speak the socket's language too.
            with translation.override(consumer.language):
                await handler(consumer, event)

        for event_type in types:
            client_event(event_type)(run)
        return handler

    return register


def _member(consumer: LiveConsumer) -> User:
    # Handlers run only for authenticated sockets (kaigon.handshake).
    return cast(User, consumer.user)


# --- reading fields of a frame -------------------------------------------------


def _missing(name: str) -> InvalidInput:
    message = _("%(field)s is required.") % {"field": name}
    return InvalidInput(message, fields={name: [message]})


def _wrong(name: str, message: Any) -> InvalidInput:
    return InvalidInput(message, fields={name: [message]})


def _int(
    event: dict, name: str, *, required: bool = False, minimum: int = 0
) -> int | None:
    value = event.get(name)
    if value is None:
        if required:
            raise _missing(name)
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _wrong(
            name,
            _("%(field)s must be a whole number of at least %(min)d.")
            % {"field": name, "min": minimum},
        )
    return value


def _str(event: dict, name: str, *, required: bool = False) -> str | None:
    value = event.get(name)
    if value is None:
        if required:
            raise _missing(name)
        return None
    if not isinstance(value, str):
        raise _wrong(name, _("%(field)s must be a string.") % {"field": name})
    return value


def _bool(event: dict, name: str) -> bool | None:
    value = event.get(name)
    if value is not None and not isinstance(value, bool):
        raise _wrong(name, _("%(field)s must be true or false.") % {"field": name})
    return value


def _datetime(event: dict, name: str) -> datetime | None:
    value = _str(event, name)
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise _wrong(
            name,
            _("%(field)s must be an ISO 8601 time with an offset.") % {"field": name},
        )
    return parsed


def _present(event: dict, *names: str) -> list[str]:
    return [name for name in names if name in event]


# --- commands ------------------------------------------------------------------


@chat_command("room.list", "get_all_chat_room")
async def room_list(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    archived = _bool(event, "archived")

    def load() -> dict[str, Any]:
        rooms = selectors.room_list_for_user(user=_member(consumer), archived=archived)
        unread = selectors.unread_summary(user=_member(consumer))
        return {
            "type": "room.list.result",
            "rooms": rooms,
            "unread_total": unread["total"],
        }

    await consumer.reply(event, await database_sync_to_async(load)())


@chat_command("room.members")
async def room_members(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    members = await database_sync_to_async(selectors.room_members)(
        room_id=room_id, user=_member(consumer)
    )
    await consumer.reply(
        event, {"type": "room.members.result", "room_id": room_id, "members": members}
    )


@chat_command("message.history", "get_chat_message")
async def message_history(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    before_seq = _int(event, "before_seq", minimum=1)
    after_seq = _int(event, "after_seq")
    limit = _int(event, "limit", minimum=1) or selectors.DEFAULT_HISTORY_LIMIT

    def load() -> dict[str, Any]:
        messages, has_more = selectors.message_history(
            room_id=room_id,
            user=_member(consumer),
            before_seq=before_seq,
            after_seq=after_seq,
            limit=limit,
        )
        return {
            "type": "message.history.result",
            "room_id": room_id,
            "messages": messages_payload(messages),
            "has_more": has_more,
        }

    await consumer.reply(event, await database_sync_to_async(load)())


@chat_command("message.send", "send_chat_message")
async def message_send(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    text = _str(event, "text") or ""
    image_id = _int(event, "image_id", minimum=1)
    reply_to_seq = _int(event, "reply_to_seq", minimum=1)
    client_id = _str(event, "client_id")

    def send() -> dict[str, Any]:
        message, created = services.message_send(
            room_id=room_id,
            sender=_member(consumer),
            text=text,
            image_id=image_id,
            reply_to_seq=reply_to_seq,
            client_id=client_id,
        )
        return {
            "type": "message.ack",
            "room_id": message.room_id,
            "id": message.id,
            "seq": message.seq,
            "client_id": message.client_id,
            "created": created,
            "message": message_payload(message),
        }

    await consumer.reply(event, await database_sync_to_async(send)())


@chat_command("message.edit")
async def message_edit(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    seq = _int(event, "seq", required=True, minimum=1)
    text = _str(event, "text", required=True)
    message = await database_sync_to_async(services.message_edit)(
        room_id=room_id, actor=_member(consumer), seq=seq, text=text
    )
    await consumer.reply(
        event,
        {
            "type": "ack",
            "command": "message.edit",
            "room_id": room_id,
            "seq": seq,
            "id": message.id,
        },
    )


@chat_command("message.delete")
async def message_delete(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    seq = _int(event, "seq", required=True, minimum=1)
    message = await database_sync_to_async(services.message_delete)(
        room_id=room_id, actor=_member(consumer), seq=seq
    )
    await consumer.reply(
        event,
        {
            "type": "ack",
            "command": "message.delete",
            "room_id": room_id,
            "seq": seq,
            "id": message.id,
        },
    )


@chat_command("room.mark_read", "have_read")
async def room_mark_read(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    seq = _int(event, "seq", required=True)
    last_read = await database_sync_to_async(services.room_mark_read)(
        room_id=room_id, user=_member(consumer), seq=seq
    )
    await consumer.reply(
        event,
        {
            "type": "ack",
            "command": "room.mark_read",
            "room_id": room_id,
            "last_read_seq": last_read,
        },
    )


@chat_command("typing")
async def typing(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    await database_sync_to_async(services.typing_notify)(
        room_id=room_id, user=_member(consumer)
    )


@chat_command("room.settings.update", "update_chat_room_setting")
async def room_settings_update(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    changes: dict[str, Any] = {}
    for name in _present(event, "name", "emoji", "theme_color"):
        changes[name] = _str(event, name, required=True)
    if "avatar_id" in event:
        changes["avatar_id"] = _int(event, "avatar_id", minimum=1)

    def update() -> dict[str, Any]:
        room = services.room_settings_update(
            room_id=room_id, actor=_member(consumer), **changes
        )
        return {
            "type": "ack",
            "command": "room.settings.update",
            "room_id": room_id,
            "room": room_shared_payload(room),
        }

    await consumer.reply(event, await database_sync_to_async(update)())


@chat_command("room.my_settings.update", "update_chat_room_custom_setting")
async def my_settings_update(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    room_id = _int(event, "room_id", required=True)
    changes: dict[str, Any] = {}
    for name in _present(event, "notifications", "pinned", "archived"):
        value = _bool(event, name)
        if value is None:
            raise _missing(name)
        changes[name] = value
    if "muted_until" in event:
        changes["muted_until"] = _datetime(event, "muted_until")

    def update() -> dict[str, Any]:
        membership = services.membership_settings_update(
            room_id=room_id, user=_member(consumer), **changes
        )
        return {
            "type": "ack",
            "command": "room.my_settings.update",
            "room_id": room_id,
            "my_settings": my_settings_payload(membership),
        }

    await consumer.reply(event, await database_sync_to_async(update)())
