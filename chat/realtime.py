"""How chat's events reach sockets; every send waits for the commit."""

from collections.abc import Iterable
from typing import Any

from kaigon.events import send_event_to_users


def room_event_send(*, room_id: int, event: dict[str, Any]) -> None:
    """Deliver to every socket of every current member of the room."""
    from chat.models import Membership

    member_ids = Membership.objects.filter(room_id=room_id).values_list(
        "user_id", flat=True
    )
    send_event_to_users(list(member_ids), event)


def users_event_send(*, user_ids: Iterable[int], event: dict[str, Any]) -> None:
    send_event_to_users(user_ids, event)
