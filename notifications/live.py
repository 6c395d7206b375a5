"""Socket commands of the inbox (imported from NotificationsConfig.ready())."""

from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.utils.translation import gettext_lazy as _

from kaigon.consumers import LiveConsumer, client_event
from kaigon.errors import InvalidInput
from notifications.mail import presence_mark
from notifications.models import TargetType
from notifications.presence import focus_set
from notifications.services import notification_mark_read


@client_event("notification.mark_read")
async def handle_mark_read(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    ids = event.get("ids")
    if (
        not isinstance(ids, list)
        or not ids
        or len(ids) > 500
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
    ):
        raise InvalidInput(
            fields={"ids": [_("Give a list of up to 500 notification ids.")]}
        )
    unread = await database_sync_to_async(notification_mark_read)(
        user=consumer.user, notification_ids=ids
    )
    await consumer.reply(event, {"type": "notification.marked", "unread_count": unread})


@client_event("notification.presence")
async def handle_presence(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    """A page of the member is open: hold back e-mail (notifications.mail)."""
    await sync_to_async(presence_mark)(user_id=consumer.user.pk)


@client_event("room.focus")
async def handle_room_focus(consumer: LiveConsumer, event: dict[str, Any]) -> None:
    """This socket shows a room (or stopped): no "new message" notifications."""
    room, focused = event.get("room"), event.get("focused", True)
    if not isinstance(room, int) or isinstance(room, bool) or room < 1:
        raise InvalidInput(fields={"room": [_("Give the room's id.")]})
    if not isinstance(focused, bool):
        raise InvalidInput(fields={"focused": [_("Give true or false.")]})
    await sync_to_async(focus_set)(
        user_id=consumer.user.pk,
        target_type=TargetType.ROOM,
        target_id=room,
        socket=consumer.channel_name,
        focused=focused,
    )
    await consumer.reply(
        event, {"type": "room.focused", "room": room, "focused": focused}
    )
