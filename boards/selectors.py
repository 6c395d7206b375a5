"""Reads of boards: the list, one board, who moderates, who may post."""

from django.db.models import Exists, OuterRef, QuerySet, Value

from accounts.models import User
from boards.exceptions import BoardArchived, BoardNotFound, BoardPostingRestricted
from boards.models import Board, BoardSubscription, PostingRule


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


def board_list(*, viewer: User | None = None) -> QuerySet[Board]:
    """Every board in display order, with `is_subscribed` for the viewer."""
    boards = Board.objects.all()
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return boards.annotate(is_subscribed=Value(False))
    return boards.annotate(
        is_subscribed=Exists(
            BoardSubscription.objects.filter(board=OuterRef("pk"), user_id=viewer_id)
        )
    )


def board_get(*, slug: str, viewer: User | None = None) -> Board:
    board = board_list(viewer=viewer).filter(slug=slug).first()
    if board is None:
        raise BoardNotFound()
    return board


def board_subscribed_list(*, user: User) -> QuerySet[Board]:
    """The boards `user` subscribes to, in display order."""
    return Board.objects.filter(subscriptions__user=user)


def moderated_board_ids(*, user: User | None) -> set[int] | None:
    """Ids of the boards `user` moderates; None means every board (staff)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_staff:
        return None
    return set(user.moderated_boards.values_list("pk", flat=True))


def board_is_moderator(*, board: Board, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return board.moderators.filter(pk=user.pk).exists()


def board_moderators(*, board: Board) -> QuerySet[User]:
    return board.moderators.order_by("username")


def board_posting_refusal(
    *, board: Board, is_moderator: bool
) -> BoardArchived | BoardPostingRestricted | None:
    """Why a member may not start a post in `board`, or None if they may."""
    if board.archived:
        return BoardArchived()
    if board.posting_rule == PostingRule.MODERATORS and not is_moderator:
        return BoardPostingRestricted()
    return None


def board_check_can_post(*, board: Board, user: User) -> None:
    """Raise why `user` may not start a post in `board` (archived, moderators only)."""
    refusal = board_posting_refusal(
        board=board, is_moderator=board_is_moderator(board=board, user=user)
    )
    if refusal is not None:
        raise refusal


def board_can_post(
    *, board: Board, user: User | None, moderated: set[int] | None
) -> bool:
    """For lists: `moderated` from moderated_board_ids(user) (None: every board)."""
    if user is None or not user.is_authenticated:
        return False
    is_moderator = moderated is None or board.pk in moderated
    return board_posting_refusal(board=board, is_moderator=is_moderator) is None
