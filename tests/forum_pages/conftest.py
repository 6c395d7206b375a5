import pytest
from django.test import Client

from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
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


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author_client(user) -> Client:
    return client_for(user)


@pytest.fixture
def member_client(other_user) -> Client:
    return client_for(other_user)
