import pytest

from chat import demo
from chat.models import Room
from kaigon.docstore.models import StoredDocument
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_rooms_have_history_and_a_second_run_adds_nothing():
    for username in ["admin", "mei", "jun", "alice", "bob"]:
        UserFactory(username=username)
    lines: list[str] = []

    demo.seed(report=lines.append)
    rooms, documents = Room.objects.count(), StoredDocument.objects.count()
    demo.seed(report=lines.append)

    assert rooms == 4
    assert documents > 10
    assert (Room.objects.count(), StoredDocument.objects.count()) == (rooms, documents)
    assert all(line.endswith(", 0 new messages") for line in lines[-4:])


def test_demo_without_the_demo_people_is_skipped():
    lines: list[str] = []

    demo.seed(report=lines.append)

    assert Room.objects.count() == 0
    assert "skipped" in lines[0]
