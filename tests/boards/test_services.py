import pytest

from boards import selectors, services
from boards.exceptions import BoardArchived, BoardNotFound, BoardPostingRestricted
from boards.models import BoardSubscription, PostingRule
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_subscribe_twice_keeps_one_subscription_and_unsubscribe_ends_it(user):
    board = BoardFactory()
    services.board_subscribe(board=board, user=user)
    services.board_subscribe(board=board, user=user)
    assert BoardSubscription.objects.filter(board=board, user=user).count() == 1
    assert list(selectors.board_subscribed_list(user=user)) == [board]
    assert selectors.board_get(slug=board.slug, viewer=user).is_subscribed

    assert services.board_unsubscribe(board=board, user=user)
    assert not services.board_unsubscribe(board=board, user=user)
    assert not selectors.board_get(slug=board.slug, viewer=user).is_subscribed


def test_boards_come_in_display_order():
    BoardFactory(slug="b", name="B", order=2)
    BoardFactory(slug="a", name="A", order=1)
    assert [b.slug for b in selectors.board_list()] == ["a", "b"]


def test_unknown_board_is_not_found():
    with pytest.raises(BoardNotFound):
        selectors.board_get(slug="nope")


def test_who_may_post(user):
    moderator, staff = UserFactory(), UserFactory(is_staff=True)
    board = BoardFactory(posting_rule=PostingRule.MODERATORS, moderators=[moderator])

    with pytest.raises(BoardPostingRestricted):
        selectors.board_check_can_post(board=board, user=user)
    selectors.board_check_can_post(board=board, user=moderator)
    selectors.board_check_can_post(board=board, user=staff)

    board.archived = True
    with pytest.raises(BoardArchived):
        selectors.board_check_can_post(board=board, user=moderator)
    assert not selectors.board_can_post(board=board, user=moderator, moderated=None)
