import pytest
from django.db import transaction

from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_post
from tests.search.relevance import CORPUS


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The relevance forum, made once per module through the services."""
    with django_db_blocker.unblock(), transaction.atomic():
        author = UserFactory(username="corpus")
        board = BoardFactory(slug="corpus")
        posts = {
            key: make_post(author=author, board=board, title=title, body=body).pk
            for key, (title, body) in CORPUS.items()
        }
        yield posts
        transaction.set_rollback(True)
