import pytest
from django.test import Client

from tests.posts.conftest import board, moderator, post  # noqa: F401  (shared)


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
