"""State changes of boards: members subscribe and unsubscribe.

Boards themselves are created and edited by staff in admin.
"""

from django.db import transaction

from accounts.models import User
from boards.models import Board, BoardSubscription


@transaction.atomic
def board_subscribe(*, board: Board, user: User) -> BoardSubscription:
    """Subscribe `user` to `board` (again is a no-op)."""
    subscription, _created = BoardSubscription.objects.get_or_create(
        board=board, user=user
    )
    return subscription


@transaction.atomic
def board_unsubscribe(*, board: Board, user: User) -> bool:
    """Stop the subscription; False if there was none."""
    deleted, _ = BoardSubscription.objects.filter(board=board, user=user).delete()
    return bool(deleted)
