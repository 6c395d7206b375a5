"""The JSON shapes of messages, members and rooms, shared by the API and events."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from chat.invites import Invite
from chat.models import MemberRole, Membership, Room
from chat.repository import StoredMessage
from media_uploads.models import ImageSize, Upload
from media_uploads.selectors import upload_sizes, upload_url


def user_payload(user: User | None, request: HttpRequest | None = None) -> dict | None:
    if user is None:
        return None
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "avatar_thumbnail_url": _thumbnail_url(
            user.avatar if user.avatar_id else None, request
        ),
    }


def _thumbnail_url(upload: Upload | None, request: HttpRequest | None) -> str | None:
    if upload is None:
        return None
    return upload_url(upload=upload, size=ImageSize.THUMBNAIL, request=request)


def system_text(system: dict[str, Any]) -> str:
    """A system message in the active language, e.g. "Mei renamed the room to …"."""
    action = str(system.get("action", ""))
    params = {
        "actor": system.get("actor", ""),
        "target": system.get("target", ""),
        "value": system.get("value", ""),
    }
    if action == "member.role" and params["value"] in MemberRole.values:
        params["value"] = MemberRole(params["value"]).label
    texts = {
        "room.created": _("%(actor)s created the room."),
        "room.renamed": _("%(actor)s renamed the room to %(value)s."),
        "room.avatar": _("%(actor)s changed the room's picture."),
        "room.emoji": _("%(actor)s set the emoji to %(value)s."),
        "room.theme": _("%(actor)s changed the theme colour."),
        "member.added": _("%(actor)s added %(target)s."),
        "member.joined": _("%(actor)s joined with an invite."),
        "member.removed": _("%(actor)s removed %(target)s."),
        "member.left": _("%(actor)s left the room."),
        "member.nickname": _("%(actor)s set the nickname of %(target)s to %(value)s."),
        "member.nickname_cleared": _("%(actor)s cleared the nickname of %(target)s."),
        "member.role": _("%(actor)s made %(target)s %(value)s."),
        "room.owner": _("%(actor)s handed the room over to %(target)s."),
    }
    text = texts.get(action)
    return text % params if text else ""


def _image_payload(
    upload: Upload | None, request: HttpRequest | None
) -> dict[str, Any] | None:
    if upload is None:
        return None
    return {"id": upload.pk, "sizes": upload_sizes(upload=upload, request=request)}


def messages_payload(
    messages: Iterable[StoredMessage], request: HttpRequest | None = None
) -> list[dict[str, Any]]:
    """Messages with their senders and images, loaded in two queries."""
    messages = list(messages)
    sender_ids = {m.sender_id for m in messages if m.sender_id is not None}
    image_ids = {m.image_id for m in messages if m.image_id and not m.deleted}
    users = (
        User.objects.select_related("avatar__image").in_bulk(sender_ids)
        if sender_ids
        else {}
    )
    uploads = (
        Upload.objects.select_related("image").in_bulk(image_ids) if image_ids else {}
    )
    return [
        {
            "id": m.id,
            "room_id": m.room_id,
            "seq": m.seq,
            "kind": m.kind,
            "sender": user_payload(users.get(m.sender_id), request),
            "text": system_text(m.system) if m.system and not m.deleted else m.text,
            "image": None
            if m.deleted
            else _image_payload(uploads.get(m.image_id), request),
            "reply_to_seq": None if m.deleted else m.reply_to_seq,
            "system": None if m.deleted else m.system,
            "client_id": m.client_id,
            "created_at": m.created_at,
            "edited_at": m.edited_at,
            "deleted": m.deleted,
        }
        for m in messages
    ]


def message_payload(
    message: StoredMessage, request: HttpRequest | None = None
) -> dict[str, Any]:
    return messages_payload([message], request)[0]


def member_payload(
    membership: Membership, request: HttpRequest | None = None
) -> dict[str, Any]:
    return {
        "user": user_payload(membership.user, request),
        "role": membership.role,
        "nickname": membership.nickname,
        "last_read_seq": membership.last_read_seq,
        "joined_at": membership.joined_at,
    }


def room_shared_payload(
    room: Room, request: HttpRequest | None = None
) -> dict[str, Any]:
    """What every member sees of a room (not its last message or my settings)."""
    return {
        "id": room.pk,
        "kind": room.kind,
        "name": room.name,
        "avatar_url": _thumbnail_url(room.avatar if room.avatar_id else None, request),
        "avatar_id": room.avatar_id,
        "emoji": room.emoji,
        "theme_color": room.theme_color,
        "created_at": room.created_at,
    }


def my_settings_payload(membership: Membership) -> dict[str, Any]:
    return {
        "notifications": membership.notifications,
        "muted_until": membership.muted_until,
        "pinned": membership.pinned,
        "archived": membership.archived,
    }


def invite_payload(invite: Invite, *, uses: int) -> dict[str, Any]:
    return {
        "code": invite.code,
        "room_id": invite.room_id,
        "expires_at": datetime.fromtimestamp(invite.expires_at, tz=UTC),
        "max_uses": invite.max_uses,
        "uses": uses,
    }
