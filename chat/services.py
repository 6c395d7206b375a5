"""State changes of chat: rooms, members, invites, settings, messages, read marks.

Each service checks that the acting user is a member (RoomNotFound otherwise,
so a non-member learns nothing), does its work in one transaction, and sends
its events on commit through chat.realtime. Messages are appended to the
document store last, after every check, so a refused message stores nothing.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from chat import invites, repository
from chat.exceptions import (
    AlreadyMember,
    CannotMessageSelf,
    ClientIdReused,
    DirectRoomFixed,
    ImageNotAllowed,
    InviteExpired,
    InviteNotFound,
    InviteRevoked,
    InviteUsedUp,
    MemberNotFound,
    MessageEmpty,
    MessageNotEditable,
    MessageNotFound,
    MessageTooLong,
    MessagingNotAllowed,
    NotMessageAuthor,
    NotRoomAdmin,
    NotRoomOwner,
    OwnerMustTransfer,
    RoomFull,
)
from chat.models import (
    ChatPreference,
    MemberRole,
    Membership,
    MessageKind,
    Room,
    RoomKind,
    WhoMayMessage,
)
from chat.notifications import notify_message_sent, withdraw_room_notifications
from chat.payloads import (
    member_payload,
    message_payload,
    my_settings_payload,
    room_shared_payload,
    user_payload,
)
from chat.realtime import (
    room_event_send,
    room_sockets_join,
    room_sockets_leave,
    users_event_send,
)
from chat.repository import StoredMessage
from chat.selectors import (
    chat_max_members,
    chat_message_max_length,
    membership_get,
    room_member_ids,
    user_accepts_messages_from,
)
from kaigon.docstore import InvalidArgument
from kaigon.docstore.base import validate_idempotency_key
from kaigon.errors import InvalidInput
from media_uploads.exceptions import UploadNotFound, UploadNotOwned, UploadWrongKind
from media_uploads.models import UploadKind
from media_uploads.services import upload_attach, upload_detach

ROOM_NAME_MAX_LENGTH = 100
EMOJI_MAX_LENGTH = 16
NICKNAME_MAX_LENGTH = 50
TYPING_INTERVAL_SECONDS = 3
_THEME_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class _Unset:
    """Marks a keyword the caller did not pass (None may be a real value)."""


UNSET: Any = _Unset()


# --- checks shared by the services -------------------------------------------


def _invalid(field: str, message: Any) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _clean_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _invalid("name", _("Give the room a name."))
    name = name.strip()
    if len(name) > ROOM_NAME_MAX_LENGTH:
        raise _invalid(
            "name",
            _("A room name may be at most %(limit)d characters.")
            % {"limit": ROOM_NAME_MAX_LENGTH},
        )
    return name


def _clean_emoji(emoji: Any) -> str:
    if not isinstance(emoji, str) or len(emoji.strip()) > EMOJI_MAX_LENGTH:
        raise _invalid("emoji", _("Pick one emoji."))
    return emoji.strip()


def _clean_theme_color(color: Any) -> str:
    if color == "":
        return ""
    if not isinstance(color, str) or not _THEME_COLOR.fullmatch(color):
        raise _invalid("theme_color", _('A colour is written like "#3366ff".'))
    return color.lower()


def _clean_nickname(nickname: Any) -> str:
    if not isinstance(nickname, str) or len(nickname.strip()) > NICKNAME_MAX_LENGTH:
        raise _invalid(
            "nickname",
            _("A nickname may be at most %(limit)d characters.")
            % {"limit": NICKNAME_MAX_LENGTH},
        )
    return nickname.strip()


def _clean_text(text: Any, *, has_image: bool) -> str:
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise _invalid("text", _("The text must be a string."))
    limit = chat_message_max_length()
    if len(text) > limit:
        raise MessageTooLong(params={"limit": limit})
    if not text.strip() and not has_image:
        raise MessageEmpty()
    return text


def _clean_client_id(client_id: Any) -> str | None:
    try:
        return validate_idempotency_key(client_id)
    except InvalidArgument:
        raise _invalid(
            "client_id",
            _("client_id is 1 to 128 characters without spaces at either end."),
        ) from None


def _attach_image(
    *, image_id: Any, user: User, kind: str | None = UploadKind.IMAGE
) -> int:
    """Mark the user's own upload as used; anyone else's is refused alike."""
    try:
        upload = upload_attach(upload_id=image_id, user=user, kind=kind)
    except (UploadNotFound, UploadNotOwned, UploadWrongKind):
        raise ImageNotAllowed() from None
    return upload.pk


def _admin_membership(*, room_id: Any, user: User) -> Membership:
    """The user's membership of a group room they administer."""
    membership = membership_get(room_id=room_id, user=user, for_update=True)
    _group_only(membership.room)
    if not membership.is_admin:
        raise NotRoomAdmin()
    return membership


def _group_only(room: Room) -> None:
    if room.is_direct:
        raise DirectRoomFixed()


def _check_may_message(*, sender: User, recipient: User) -> None:
    if not user_accepts_messages_from(recipient=recipient, sender=sender):
        raise MessagingNotAllowed(params={"name": recipient.display_name})


def _room_locked(room_id: int) -> Room:
    """Serialise membership changes of one room (the member limit)."""
    return Room.objects.select_for_update().get(pk=room_id)


def _target_membership(*, room: Room, user: User) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(room=room, user=user)
        .first()
    )
    if membership is None:
        raise MemberNotFound()
    return membership


# --- messages ------------------------------------------------------------------


def _message_store(
    *,
    room: Room,
    data: dict[str, Any],
    client_id: str | None = None,
) -> tuple[StoredMessage, bool]:
    message, created = repository.message_append(
        room_id=room.pk, data=data, client_id=client_id
    )
    if created:
        Room.objects.filter(pk=room.pk).update(last_message_at=timezone.now())
        room_event_send(
            room_id=room.pk,
            event={"type": "message.new", "message": message_payload(message)},
        )
    return message, created


def _read_up_to(*, room: Room, user_ids: list[int], seq: int) -> None:
    Membership.objects.filter(
        room=room, user_id__in=user_ids, last_read_seq__lt=seq
    ).update(last_read_seq=seq)


def _system_message(
    *,
    room: Room,
    actor: User,
    action: str,
    read_by: list[int] | None = None,
    **params: str,
) -> StoredMessage:
    """Post e.g. "Mei renamed the room …"; unread for all but the actor, `read_by`."""
    system = {"action": action, "actor": actor.display_name, **params}
    message, _created = _message_store(
        room=room,
        data={
            "kind": MessageKind.SYSTEM,
            "sender_id": actor.pk,
            "text": "",
            "system": system,
        },
    )
    _read_up_to(room=room, user_ids=[actor.pk, *(read_by or [])], seq=message.seq)
    return message


@transaction.atomic
def message_send(
    *,
    room_id: Any,
    sender: User,
    text: str | None = "",
    image_id: int | None = None,
    reply_to_seq: int | None = None,
    client_id: str | None = None,
) -> tuple[StoredMessage, bool]:
    """Post a message; (message, created). A resend with the same client_id
    returns the stored original; the same client_id with other content is refused."""
    membership = membership_get(room_id=room_id, user=sender)
    room = membership.room
    text = _clean_text(text, has_image=image_id is not None)
    client_id = _clean_client_id(client_id)
    if room.is_direct:
        peer = (
            Membership.objects.filter(room=room)
            .exclude(user=sender)
            .select_related("user")
            .first()
        )
        if peer is not None:
            _check_may_message(sender=sender, recipient=peer.user)
    if reply_to_seq is not None:
        original = repository.message_get_by_seq(room_id=room.pk, seq=reply_to_seq)
        if original is None or original.deleted:
            raise MessageNotFound()
    if image_id is not None:
        image_id = _attach_image(image_id=image_id, user=sender)
    data = {
        "kind": MessageKind.IMAGE if image_id is not None else MessageKind.TEXT,
        "sender_id": sender.pk,
        "text": text,
        "image_id": image_id,
        "reply_to_seq": reply_to_seq,
    }
    message, created = _message_store(room=room, data=data, client_id=client_id)
    if not created:
        if message.deleted or (
            message.sender_id,
            message.text,
            message.image_id,
            message.reply_to_seq,
        ) != (sender.pk, text, image_id, reply_to_seq):
            raise ClientIdReused()
        return message, False
    # The sender has read what they answer; their own message is never unread.
    _read_up_to(room=room, user_ids=[sender.pk], seq=message.seq)
    notify_message_sent(room=room, sender=sender, message=message)
    return message, True


def _own_message(*, room: Room, actor: User, seq: Any) -> StoredMessage:
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise MessageNotFound()
    message = repository.message_get_by_seq(room_id=room.pk, seq=seq)
    if message is None or message.deleted:
        raise MessageNotFound()
    if message.kind == MessageKind.SYSTEM:
        raise MessageNotEditable()
    if message.sender_id != actor.pk:
        raise NotMessageAuthor()
    return message


@transaction.atomic
def message_edit(*, room_id: Any, actor: User, seq: int, text: str) -> StoredMessage:
    """The author changes the text of their message; others see it "edited"."""
    room = membership_get(room_id=room_id, user=actor).room
    message = _own_message(room=room, actor=actor, seq=seq)
    text = _clean_text(text, has_image=message.image_id is not None)
    edited = repository.message_update(
        message_id=message.id,
        changes={"text": text, "edited_at": timezone.now().isoformat()},
    )
    room_event_send(
        room_id=room.pk,
        event={"type": "message.edited", "message": message_payload(edited)},
    )
    return edited


@transaction.atomic
def message_delete(*, room_id: Any, actor: User, seq: int) -> StoredMessage:
    """The author deletes their message: its text and image leave the store."""
    room = membership_get(room_id=room_id, user=actor).room
    message = _own_message(room=room, actor=actor, seq=seq)
    if message.image_id is not None:
        upload_detach(upload_id=message.image_id)
    erased = repository.message_erase(message=message)
    room_event_send(
        room_id=room.pk,
        event={
            "type": "message.deleted",
            "room_id": room.pk,
            "id": erased.id,
            "seq": erased.seq,
        },
    )
    return erased


@transaction.atomic
def room_mark_read(*, room_id: Any, user: User, seq: int) -> int:
    """Advance the user's read mark to `seq` (never back); the mark after it."""
    membership = membership_get(room_id=room_id, user=user, for_update=True)
    seq = min(seq, repository.latest_seq(room_id=membership.room_id))
    if seq <= membership.last_read_seq:
        return membership.last_read_seq
    membership.last_read_seq = seq
    membership.save(update_fields=["last_read_seq"])
    room_event_send(
        room_id=membership.room_id,
        event={
            "type": "room.read",
            "room_id": membership.room_id,
            "user": user_payload(user),
            "seq": seq,
        },
    )
    return seq


def typing_notify(*, room_id: Any, user: User) -> bool:
    """Tell the room the user is typing; at most once per few seconds (True if sent)."""
    membership = membership_get(room_id=room_id, user=user)
    key = f"chat:typing:{membership.room_id}:{user.pk}"
    if not cache.add(key, 1, timeout=TYPING_INTERVAL_SECONDS):
        return False
    room_event_send(
        room_id=membership.room_id,
        event={
            "type": "typing",
            "room_id": membership.room_id,
            "user": user_payload(user),
        },
    )
    return True


# --- rooms ---------------------------------------------------------------------


def _direct_key(first: User, second: User) -> str:
    low, high = sorted([first.pk, second.pk])
    return f"{low}:{high}"


def _members_joined_event(
    *, room: Room, memberships: list[Membership], by: User
) -> None:
    """Move the newcomers' live sockets into the room, then tell every member.

    Sent to the members' own groups: the newcomers' sockets may not have
    joined the room's group yet when it leaves.
    """
    for membership in memberships:
        room_sockets_join(user_id=membership.user_id, room_id=room.pk)
    users_event_send(
        user_ids=room_member_ids(room_id=room.pk),
        event={
            "type": "member.joined",
            "room_id": room.pk,
            "room": room_shared_payload(room),
            "members": [member_payload(m) for m in memberships],
            "by": user_payload(by),
        },
    )


@transaction.atomic
def room_direct_get_or_create(*, user: User, other: User) -> tuple[Room, bool]:
    """The one direct room of the pair; (room, created)."""
    if other.pk == user.pk:
        raise CannotMessageSelf()
    key = _direct_key(user, other)
    existing = Room.objects.filter(direct_key=key).first()
    if existing is not None:
        return existing, False
    _check_may_message(sender=user, recipient=other)
    try:
        with transaction.atomic():
            room = Room.objects.create(
                kind=RoomKind.DIRECT, direct_key=key, created_by=user
            )
    except IntegrityError:
        # The other person opened it at the same moment.
        return Room.objects.get(direct_key=key), False
    memberships = [
        Membership.objects.create(room=room, user=member, role=MemberRole.MEMBER)
        for member in (user, other)
    ]
    _members_joined_event(room=room, memberships=memberships, by=user)
    return room, True


@transaction.atomic
def room_group_create(
    *,
    creator: User,
    name: str,
    members: list[User],
    emoji: str = "",
    theme_color: str = "",
    avatar_id: int | None = None,
) -> Room:
    """A group room owned by `creator`, with the given members."""
    others = list({m.pk: m for m in members if m.pk != creator.pk}.values())
    if len(others) + 1 > chat_max_members():
        raise RoomFull(params={"limit": chat_max_members()})
    for member in others:
        _check_may_message(sender=creator, recipient=member)
    room = Room.objects.create(
        kind=RoomKind.GROUP,
        name=_clean_name(name),
        emoji=_clean_emoji(emoji),
        theme_color=_clean_theme_color(theme_color),
        avatar_id=(
            _attach_image(image_id=avatar_id, user=creator, kind=None)
            if avatar_id is not None
            else None
        ),
        created_by=creator,
    )
    memberships = [Membership(room=room, user=creator, role=MemberRole.OWNER)] + [
        Membership(room=room, user=member, role=MemberRole.MEMBER) for member in others
    ]
    Membership.objects.bulk_create(memberships)
    memberships = list(
        Membership.objects.filter(room=room).select_related("user").order_by("pk")
    )
    _members_joined_event(room=room, memberships=memberships, by=creator)
    _system_message(room=room, actor=creator, action="room.created")
    return room


def _member_join(*, room: Room, user: User, by: User, action: str) -> Membership:
    if Membership.objects.filter(room=room, user=user).exists():
        raise AlreadyMember(params={"name": user.display_name})
    if Membership.objects.filter(room=room).count() >= chat_max_members():
        raise RoomFull(params={"limit": chat_max_members()})
    membership = Membership.objects.create(room=room, user=user, role=MemberRole.MEMBER)
    _members_joined_event(room=room, memberships=[membership], by=by)
    # A newcomer starts with nothing unread; the history stays readable.
    message = _system_message(
        room=room,
        actor=by,
        action=action,
        read_by=[user.pk],
        target=user.display_name,
    )
    membership.last_read_seq = message.seq
    return membership


@transaction.atomic
def room_member_add(*, room_id: Any, actor: User, user: User) -> Membership:
    """An owner or admin adds someone who accepts messages from them."""
    room = _admin_membership(room_id=room_id, user=actor).room
    room = _room_locked(room.pk)
    _check_may_message(sender=actor, recipient=user)
    return _member_join(room=room, user=user, by=actor, action="member.added")


def _member_gone(
    *, room: Room, membership: Membership, actor: User, reason: str
) -> None:
    """Post the system message, then take the user and their sockets out."""
    user = membership.user
    if reason == "removed":
        _system_message(
            room=room, actor=actor, action="member.removed", target=user.display_name
        )
    else:
        _system_message(room=room, actor=user, action="member.left")
    membership.delete()
    room_sockets_leave(user_id=user.pk, room_id=room.pk)
    withdraw_room_notifications(room_id=room.pk, user_ids=[user.pk])
    users_event_send(
        user_ids=room_member_ids(room_id=room.pk),
        event={
            "type": "member.left",
            "room_id": room.pk,
            "user": user_payload(user),
            "reason": reason,
        },
    )
    users_event_send(
        user_ids=[user.pk],
        event={"type": "room.removed", "room_id": room.pk, "reason": reason},
    )


@transaction.atomic
def room_member_remove(*, room_id: Any, actor: User, user: User) -> None:
    """An owner removes anyone but themself; an admin removes plain members."""
    actor_membership = _admin_membership(room_id=room_id, user=actor)
    room = actor_membership.room
    target = _target_membership(room=room, user=user)
    if target.pk == actor_membership.pk:
        raise _invalid("username", _("To leave the room, use leave."))
    if target.role != MemberRole.MEMBER and actor_membership.role != MemberRole.OWNER:
        raise NotRoomOwner()
    _member_gone(room=room, membership=target, actor=actor, reason="removed")


@transaction.atomic
def room_leave(*, room_id: Any, user: User) -> None:
    """Leave a group; the owner hands it over first, or, alone, deletes it."""
    membership = membership_get(room_id=room_id, user=user, for_update=True)
    room = membership.room
    _group_only(room)
    if membership.role == MemberRole.OWNER:
        if Membership.objects.filter(room=room).exclude(pk=membership.pk).exists():
            raise OwnerMustTransfer()
        room_delete(room_id=room.pk, actor=user)
        return
    membership.user = user
    _member_gone(room=room, membership=membership, actor=user, reason="left")


@transaction.atomic
def room_member_update(
    *,
    room_id: Any,
    actor: User,
    user: User,
    role: str | None = None,
    nickname: str | None = None,
) -> Membership:
    """Set a member's nickname in the room (themself or an admin) or role (owner)."""
    actor_membership = membership_get(room_id=room_id, user=actor, for_update=True)
    room = actor_membership.room
    target = _target_membership(room=room, user=user)
    changed = False
    if nickname is not None:
        if target.pk != actor_membership.pk and not actor_membership.is_admin:
            raise NotRoomAdmin()
        nickname = _clean_nickname(nickname)
        if nickname != target.nickname:
            changed = True
            target.nickname = nickname
            target.save(update_fields=["nickname"])
            _system_message(
                room=room,
                actor=actor,
                action="member.nickname" if nickname else "member.nickname_cleared",
                target=user.display_name,
                value=nickname,
            )
    if role is not None:
        _group_only(room)
        if actor_membership.role != MemberRole.OWNER:
            raise NotRoomOwner()
        if role not in (MemberRole.ADMIN, MemberRole.MEMBER):
            raise _invalid("role", _('The role is "admin" or "member".'))
        if target.role == MemberRole.OWNER:
            raise _invalid("role", _("Hand the room over to change your own role."))
        if role != target.role:
            changed = True
            target.role = role
            target.save(update_fields=["role"])
            _system_message(
                room=room,
                actor=actor,
                action="member.role",
                target=user.display_name,
                value=role,
            )
    if changed:
        _room_updated(room=room, actor=actor, changed=["members"], members=[target])
    return target


@transaction.atomic
def room_ownership_transfer(*, room_id: Any, actor: User, user: User) -> None:
    """The owner hands the room to another member and becomes an admin."""
    actor_membership = membership_get(room_id=room_id, user=actor, for_update=True)
    room = actor_membership.room
    _group_only(room)
    if actor_membership.role != MemberRole.OWNER:
        raise NotRoomOwner()
    target = _target_membership(room=room, user=user)
    if target.pk == actor_membership.pk:
        return
    actor_membership.role = MemberRole.ADMIN
    actor_membership.save(update_fields=["role"])
    target.role = MemberRole.OWNER
    target.save(update_fields=["role"])
    actor_membership.user = actor
    _system_message(
        room=room, actor=actor, action="room.owner", target=user.display_name
    )
    _room_updated(
        room=room, actor=actor, changed=["owner"], members=[actor_membership, target]
    )


@transaction.atomic
def room_delete(*, room_id: Any, actor: User) -> None:
    """The owner deletes a group room with its messages, for every member."""
    membership = membership_get(room_id=room_id, user=actor, for_update=True)
    room = membership.room
    _group_only(room)
    if membership.role != MemberRole.OWNER:
        raise NotRoomOwner()
    member_ids = room_member_ids(room_id=room.pk)
    for user_id in member_ids:
        room_sockets_leave(user_id=user_id, room_id=room.pk)
    users_event_send(
        user_ids=member_ids,
        event={"type": "room.removed", "room_id": room.pk, "reason": "deleted"},
    )
    if room.avatar_id is not None:
        upload_detach(upload_id=room.avatar_id)
    room_pk = room.pk
    withdraw_room_notifications(room_id=room_pk)
    room.delete()
    transaction.on_commit(
        lambda: repository.room_messages_delete(room_id=room_pk), robust=True
    )


def _room_updated(
    *,
    room: Room,
    actor: User,
    changed: list[str],
    members: list[Membership] | None = None,
) -> None:
    event: dict[str, Any] = {
        "type": "room.updated",
        "room_id": room.pk,
        "room": room_shared_payload(room),
        "changed": changed,
        "by": user_payload(actor),
    }
    if members:
        event["members"] = [member_payload(m) for m in members]
    room_event_send(room_id=room.pk, event=event)


@transaction.atomic
def room_settings_update(
    *,
    room_id: Any,
    actor: User,
    name: str = UNSET,
    avatar_id: int | None = UNSET,
    emoji: str = UNSET,
    theme_color: str = UNSET,
) -> Room:
    """Change what every member sees: a system message per change, one event.

    In a group the owner and admins change them; in a direct room either
    person may change the emoji and the theme colour.
    """
    membership = membership_get(room_id=room_id, user=actor, for_update=True)
    room = _room_locked(membership.room_id)
    if room.is_direct and (name is not UNSET or avatar_id is not UNSET):
        raise DirectRoomFixed()
    if not room.is_direct and not membership.is_admin:
        raise NotRoomAdmin()
    changed: list[str] = []
    if name is not UNSET and _clean_name(name) != room.name:
        room.name = _clean_name(name)
        changed.append("name")
        _system_message(room=room, actor=actor, action="room.renamed", value=room.name)
    if avatar_id is not UNSET and avatar_id != room.avatar_id:
        if room.avatar_id is not None:
            upload_detach(upload_id=room.avatar_id)
        room.avatar_id = (
            _attach_image(image_id=avatar_id, user=actor, kind=None)
            if avatar_id is not None
            else None
        )
        changed.append("avatar")
        _system_message(room=room, actor=actor, action="room.avatar")
    if emoji is not UNSET and _clean_emoji(emoji) != room.emoji:
        room.emoji = _clean_emoji(emoji)
        changed.append("emoji")
        _system_message(room=room, actor=actor, action="room.emoji", value=room.emoji)
    if theme_color is not UNSET and _clean_theme_color(theme_color) != room.theme_color:
        room.theme_color = _clean_theme_color(theme_color)
        changed.append("theme_color")
        _system_message(room=room, actor=actor, action="room.theme")
    if changed:
        room.save(update_fields=changed)
        room.refresh_from_db()
        _room_updated(room=room, actor=actor, changed=changed)
    return room


@transaction.atomic
def membership_settings_update(
    *,
    room_id: Any,
    user: User,
    notifications: bool = UNSET,
    muted_until: Any = UNSET,
    pinned: bool = UNSET,
    archived: bool = UNSET,
) -> Membership:
    """Change the settings only this member sees; their other devices hear of it."""
    membership = membership_get(room_id=room_id, user=user, for_update=True)
    changes: Mapping[str, Any] = {
        "notifications": notifications,
        "muted_until": muted_until,
        "pinned": pinned,
        "archived": archived,
    }
    fields = [name for name, value in changes.items() if value is not UNSET]
    for name in fields:
        setattr(membership, name, changes[name])
    if fields:
        membership.save(update_fields=fields)
        users_event_send(
            user_ids=[user.pk],
            event={
                "type": "membership.updated",
                "room_id": membership.room_id,
                "my_settings": my_settings_payload(membership),
            },
        )
    return membership


@transaction.atomic
def chat_preference_update(*, user: User, who_may_message: str) -> ChatPreference:
    if who_may_message not in WhoMayMessage.values:
        raise _invalid("who_may_message", _("Choose everyone, following or nobody."))
    preference, _created = ChatPreference.objects.update_or_create(
        user=user, defaults={"who_may_message": who_may_message}
    )
    return preference


# --- invites -------------------------------------------------------------------


@transaction.atomic
def room_invite_create(
    *,
    room_id: Any,
    actor: User,
    ttl_seconds: int | None = None,
    max_uses: int | None = None,
) -> invites.Invite:
    """An owner or admin makes an invite code (10 minutes unless told otherwise)."""
    room = _admin_membership(room_id=room_id, user=actor).room
    ttl = invites.invite_default_ttl() if ttl_seconds is None else ttl_seconds
    if not 60 <= ttl <= invites.MAX_TTL_SECONDS:
        raise _invalid(
            "ttl_seconds", _("An invite lasts from one minute to seven days.")
        )
    if max_uses is not None and max_uses < 1:
        raise _invalid("max_uses", _("Allow at least one use, or leave it empty."))
    return invites.invite_store_new(
        room_id=room.pk, created_by=actor.pk, ttl_seconds=ttl, max_uses=max_uses
    )


@transaction.atomic
def room_invite_revoke(*, room_id: Any, actor: User, code: str) -> None:
    room = _admin_membership(room_id=room_id, user=actor).room
    invite = invites.invite_load(code)
    if invite is None or invite.room_id != room.pk:
        raise InviteNotFound()
    invites.invite_mark_revoked(invite)


def _usable_invite(code: str) -> invites.Invite:
    invite = invites.invite_load(code)
    if invite is None:
        raise InviteNotFound()
    if invite.revoked:
        raise InviteRevoked()
    if invite.expired:
        raise InviteExpired()
    return invite


@transaction.atomic
def room_invite_accept(*, code: str, user: User) -> tuple[Room, bool]:
    """Join the room of an invite; (room, joined). A member joining again is a no-op."""
    invite = _usable_invite(code)
    room = Room.objects.select_for_update().filter(pk=invite.room_id).first()
    if room is None:
        raise InviteNotFound()
    if Membership.objects.filter(room=room, user=user).exists():
        return room, False
    if (
        invite.max_uses is not None
        and invites.invite_use_take(invite) > invite.max_uses
    ):
        invites.invite_use_give_back(invite)
        raise InviteUsedUp()
    try:
        _member_join(room=room, user=user, by=user, action="member.joined")
    except Exception:
        if invite.max_uses is not None:
            invites.invite_use_give_back(invite)
        raise
    return room, True


def room_invite_preview(*, code: str) -> tuple[invites.Invite, Room]:
    """What an invite leads to, for someone deciding whether to join."""
    invite = _usable_invite(code)
    room = Room.objects.filter(pk=invite.room_id).first()
    if room is None:
        raise InviteNotFound()
    return invite, room
