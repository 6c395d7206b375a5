import pytest
from rest_framework.test import APIClient

from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.kaigon.conftest import channel_layer  # noqa: F401  (shared fixture)
from tests.posts.factories import make_post


@pytest.fixture
def board(db):
    return BoardFactory(slug="talk", name="Talk")


@pytest.fixture
def moderator(db, board):
    user = UserFactory(username="modi")
    board.moderators.add(user)
    return user


@pytest.fixture
def post(user, board):
    return make_post(author=user, board=board, title="First post", body="Hi #Django")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def other_api_client(other_user) -> APIClient:
    return client_for(other_user)
