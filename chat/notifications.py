"""Chat's notifications: a new message, an @mention (notifications.services).

`message_send` calls `notify_message_sent` once per stored message. A member
hears of a new message only when no socket of theirs is focused on the room
(`room.focus`, notifications.presence) and the room is not muted for them;
an @mention of a member is raised even in a muted room.
"""

import re

from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationKind, User
from chat.models import Membership, Room
from chat.repository import StoredMessage
from notifications.models import TargetType
from notifications.presence import focused_user_ids
from notifications.services import (
    notifications_withdraw,
    notify,
    notify_grouped_many,
)
from notifications.targets import Target, target_visibility

MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")


@target_visibility(TargetType.ROOM)
def _room_members(room_id: int, user_ids: list[int]) -> list[int]:
    return list(
        Membership.objects.filter(room_id=room_id, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )


def withdraw_room_notifications(
    *, room_id: int, user_ids: list[int] | None = None
) -> None:
    """Who left the room (or all, when it is deleted) loses its entries."""
    notifications_withdraw(thread=f"room:{room_id}", recipient_ids=user_ids)


def notify_message_sent(*, room: Room, sender: User, message: StoredMessage) -> None:
    member_ids = list(
        Membership.objects.filter(room=room)
        .exclude(user=sender)
        .values_list("user_id", flat=True)
    )
    # Members looking at the room hear nothing: in a busy room most are, so
    # only the others' memberships are loaded.
    focused = focused_user_ids(
        target_type=TargetType.ROOM, target_id=room.pk, user_ids=member_ids
    )
    unfocused = [user_id for user_id in member_ids if user_id not in focused]
    if not unfocused:
        return
    memberships = list(
        Membership.objects.filter(
            room=room, user_id__in=unfocused, user__is_active=True
        ).select_related("user")
    )
    mentioned = {name.lower() for name in MENTION.findall(message.text or "")}
    target = Target(
        type=TargetType.ROOM,
        id=room.pk,
        # A direct room is named after the other person: here, the sender.
        snapshot={
            "title": room.name or sender.display_name,
            "direct": room.is_direct,
            "url": reverse("chat:room", args=[room.pk]),
        },
        thread=f"room:{room.pk}",
    )
    now = timezone.now()
    hearing = []
    for membership in memberships:
        if membership.user.username.lower() in mentioned:
            notify(
                recipient=membership.user,
                kind=NotificationKind.MENTION,
                actor=sender,
                target=target,
            )
            continue
        muted = not membership.notifications or (
            membership.muted_until is not None and membership.muted_until > now
        )
        if not muted:
            hearing.append(membership.user_id)
    if hearing:
        notify_grouped_many(
            recipient_ids=hearing,
            kind=NotificationKind.CHAT_MESSAGE,
            target=target,
            actor=sender,
            group_key=f"chat:room:{room.pk}",
        )
