"""Reads of chat: a member's rooms with previews and unread counts, history, members.

Every selector that takes a room id answers RoomNotFound unless the viewer is
a member, so no read path can show a room to anybody else.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from accounts.models import Follow, User
from chat import invites, repository
from chat.exceptions import NotRoomAdmin, RoomNotFound
from chat.models import ChatPreference, Membership, RoomKind, WhoMayMessage
from chat.payloads import (
    invite_payload,
    member_payload,
    messages_payload,
    my_settings_payload,
    room_shared_payload,
    user_payload,
)
from chat.repository import StoredMessage

DEFAULT_HISTORY_LIMIT = 50
MAX_HISTORY_LIMIT = 200


def chat_max_members() -> int:
    return settings.KAIGON_CHAT_MAX_MEMBERS


def chat_message_max_length() -> int:
    return settings.KAIGON_CHAT_MESSAGE_MAX_LENGTH


def membership_get(*, room_id: Any, user: User, for_update: bool = False) -> Membership:
    """The user's membership of the room, with the room; RoomNotFound otherwise."""
    try:
        room_id = int(room_id)
    except (TypeError, ValueError):
        raise RoomNotFound() from None
    queryset = Membership.objects.select_related("room")
    if for_update:
        queryset = queryset.select_for_update()
    membership = queryset.filter(room_id=room_id, user_id=user.pk).first()
    if membership is None:
        raise RoomNotFound()
    return membership


def room_ids_of(*, user: AbstractBaseUser) -> list[int]:
    return list(
        Membership.objects.filter(user_id=user.pk).values_list("room_id", flat=True)
    )


def room_member_ids(*, room_id: int) -> list[int]:
    return list(
        Membership.objects.filter(room_id=room_id).values_list("user_id", flat=True)
    )


def _memberships_for_list(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("room__avatar__image")
        .annotate(member_count=Count("room__memberships"))
        .order_by(
            "-pinned",
            Coalesce(F("room__last_message_at"), F("room__created_at")).desc(),
            "-room_id",
        )
    )


def _room_items(
    memberships: list[Membership], *, user: User, request: HttpRequest | None
) -> list[dict[str, Any]]:
    room_ids = [m.room_id for m in memberships]
    direct_ids = [m.room_id for m in memberships if m.room.kind == RoomKind.DIRECT]
    peers: dict[int, Membership] = {}
    if direct_ids:
        for other in (
            Membership.objects.filter(room_id__in=direct_ids)
            .exclude(user_id=user.pk)
            .select_related("user__avatar__image")
        ):
            peers[other.room_id] = other
    latest = repository.latest_many(room_ids=room_ids)
    unread = repository.unread_counts(
        last_read={m.room_id: m.last_read_seq for m in memberships}
    )
    previews = dict(
        zip(
            latest.keys(),
            messages_payload(latest.values(), request),
            strict=True,
        )
    )
    items = []
    for membership in memberships:
        room = membership.room
        peer_membership = peers.get(room.pk)
        display_name = room.name
        if peer_membership is not None:
            display_name = peer_membership.nickname or peer_membership.user.display_name
        items.append(
            {
                **room_shared_payload(room, request),
                "display_name": display_name,
                "peer": (
                    user_payload(peer_membership.user, request)
                    if peer_membership
                    else None
                ),
                "member_count": getattr(membership, "member_count", None),
                "my_role": membership.role,
                "last_read_seq": membership.last_read_seq,
                "unread_count": unread.get(room.pk, 0),
                "last_message": previews.get(room.pk),
                "my_settings": my_settings_payload(membership),
            }
        )
    return items


def room_list_for_user(
    *,
    user: User,
    archived: bool | None = None,
    request: HttpRequest | None = None,
) -> list[dict[str, Any]]:
    """The user's rooms, pinned first then by last activity, with previews."""
    memberships = _memberships_for_list(user)
    if archived is not None:
        memberships = memberships.filter(archived=archived)
    return _room_items(
        list(memberships[: repository.MAX_ROOMS_PER_QUERY]),
        user=user,
        request=request,
    )


def room_detail_for_member(
    *, room_id: Any, user: User, request: HttpRequest | None = None
) -> dict[str, Any]:
    membership = membership_get(room_id=room_id, user=user)
    listed = _memberships_for_list(user).get(pk=membership.pk)
    return _room_items([listed], user=user, request=request)[0]


def unread_summary(*, user: User) -> dict[str, Any]:
    """Unread messages per room and in total, the same on every device."""
    last_read = dict(
        Membership.objects.filter(user=user).values_list("room_id", "last_read_seq")[
            : repository.MAX_ROOMS_PER_QUERY
        ]
    )
    counts = repository.unread_counts(last_read=last_read)
    rooms = {str(room_id): count for room_id, count in counts.items() if count}
    return {"total": sum(rooms.values()), "rooms": rooms}


def room_members(
    *, room_id: Any, user: User, request: HttpRequest | None = None
) -> list[dict[str, Any]]:
    membership = membership_get(room_id=room_id, user=user)
    members = (
        Membership.objects.filter(room_id=membership.room_id)
        .select_related("user__avatar__image")
        .order_by("joined_at", "pk")
    )
    return [member_payload(member, request) for member in members]


def message_history(
    *,
    room_id: Any,
    user: User,
    before_seq: int | None = None,
    after_seq: int | None = None,
    limit: int = DEFAULT_HISTORY_LIMIT,
) -> tuple[list[StoredMessage], bool]:
    """A page of messages, oldest first, and whether more lie beyond it.

    With `after_seq` alone: the messages after it (catch-up after a
    reconnect); otherwise the newest ones before `before_seq` (or the end).
    Deleted messages come as tombstones, so a client sees no gap in seq.
    """
    membership = membership_get(room_id=room_id, user=user)
    limit = max(1, min(limit, MAX_HISTORY_LIMIT))
    catch_up = after_seq is not None and before_seq is None
    page = repository.message_range(
        room_id=membership.room_id,
        before_seq=before_seq,
        after_seq=after_seq,
        limit=limit + 1,
        newest_first=not catch_up,
    )
    has_more = len(page) > limit
    page = page[:limit]
    if not catch_up:
        page.reverse()
    return page, has_more


def who_may_message(*, user: User) -> str:
    preference = ChatPreference.objects.filter(user=user).first()
    return preference.who_may_message if preference else WhoMayMessage.EVERYONE


def user_accepts_messages_from(*, recipient: User, sender: User) -> bool:
    """Whether `recipient`'s "who may message me" lets `sender` in."""
    rule = who_may_message(user=recipient)
    if rule == WhoMayMessage.EVERYONE:
        return True
    if rule == WhoMayMessage.FOLLOWING:
        return Follow.objects.filter(follower=recipient, followee=sender).exists()
    return False


def room_invites_list(*, room_id: Any, user: User) -> list[dict[str, Any]]:
    """The room's usable invites with their use counts; for owner and admins."""
    membership = membership_get(room_id=room_id, user=user)
    if not membership.is_admin:
        raise NotRoomAdmin()
    return [
        invite_payload(invite, uses=invites.invite_uses(invite.code))
        for invite in invites.invites_for_room(membership.room_id)
    ]
