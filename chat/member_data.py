"""A member's rooms and messages (kaigon.members).

Export: every room the member is in, and every message they sent there.
Delete: groups they own pass to the longest-standing admin (or member) and
they leave every group, so the others see it. Their messages are erased
(removed) or credited to the "deleted member" account (kept); direct rooms
stay with the other person.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

from accounts.models import User
from chat import repository, services
from chat.models import MemberRole, Membership, RoomKind

PAGE = 200


def _own_messages(*, room_id: int, user: User) -> Iterator[repository.StoredMessage]:
    after = 0
    while True:
        page = repository.message_range(
            room_id=room_id, after_seq=after, limit=PAGE, newest_first=False
        )
        yield from (m for m in page if m.sender_id == user.pk and m.kind != "system")
        if len(page) < PAGE:
            return
        after = page[-1].seq


def _memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user).select_related("room").order_by("room_id")
    )


def export(*, user: User, files: Path, report: Callable[[str], None]) -> dict:
    rooms = []
    sent = 0
    for membership in _memberships(user):
        messages = [
            {
                "seq": m.seq,
                "text": m.text,
                "image_id": m.image_id,
                "reply_to_seq": m.reply_to_seq,
                "created_at": m.created_at,
                "edited_at": m.edited_at,
                "deleted": m.deleted,
            }
            for m in _own_messages(room_id=membership.room_id, user=user)
        ]
        sent += len(messages)
        rooms.append(
            {
                "room_id": membership.room_id,
                "kind": membership.room.kind,
                "name": membership.room.name,
                "role": membership.role,
                "nickname": membership.nickname,
                "messages": messages,
            }
        )
    report(f"chat: {len(rooms)} room(s), {sent} message(s)")
    return {"rooms": rooms}


def _hand_over(membership: Membership) -> None:
    """An owner leaving a group that has others: the next in line owns it."""
    others = Membership.objects.filter(room=membership.room).exclude(pk=membership.pk)
    heir = (
        others.filter(role=MemberRole.ADMIN).order_by("pk").first()
        or others.order_by("pk").first()
    )
    if heir is not None:
        services.room_ownership_transfer(
            room_id=membership.room_id, actor=membership.user, user=heir.user
        )


def delete(
    *, user: User, placeholder: User | None, report: Callable[[str], None]
) -> None:
    erased = credited = 0
    for membership in _memberships(user):
        for message in _own_messages(room_id=membership.room_id, user=user):
            if placeholder is None:
                if not message.deleted:
                    repository.message_erase(message=message)
                    erased += 1
            else:
                repository.message_update(
                    message_id=message.id, changes={"sender_id": placeholder.pk}
                )
                credited += 1
        if membership.room.kind == RoomKind.GROUP:
            if membership.role == MemberRole.OWNER:
                _hand_over(membership)
            services.room_leave(room_id=membership.room_id, user=user)
    done = (
        f"{erased} message(s) erased"
        if placeholder is None
        else (f"{credited} message(s) kept under {placeholder.username}")
    )
    report(f"chat: left every group, {done}")
