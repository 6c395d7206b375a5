"""A member's board subscriptions and moderator seats (kaigon.members)."""

from collections.abc import Callable
from pathlib import Path

from accounts.models import User
from boards.models import Board, BoardSubscription


def export(*, user: User, files: Path, report: Callable[[str], None]) -> dict:
    subscriptions = list(
        BoardSubscription.objects.filter(user=user)
        .order_by("pk")
        .values("board__slug", "created_at")
    )
    boards = Board.objects.filter(moderators=user).order_by("pk")
    moderates = list(boards.values_list("slug", flat=True))
    report(
        f"boards: {len(subscriptions)} subscription(s), moderator of {len(moderates)}"
    )
    return {"subscriptions": subscriptions, "moderator_of": moderates}


def delete(
    *, user: User, placeholder: User | None, report: Callable[[str], None]
) -> None:
    # Subscriptions and moderator seats go with the account (CASCADE).
    seats = Board.objects.filter(moderators=user).count()
    report(f"boards: subscriptions go with the account, {seats} moderator seat(s)")
