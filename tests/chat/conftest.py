import pytest

from chat import services
from kaigon.docstore import CHAT_MESSAGES, get_docstore
from kaigon.events import LIVE_EVENT_MESSAGE_TYPE
from media_uploads import services as upload_services
from tests.factories import UserFactory
from tests.media_uploads import files


@pytest.fixture
def mei(db):
    return UserFactory(username="mei", nickname="Mei")


@pytest.fixture
def jun(db):
    return UserFactory(username="jun", nickname="Jun")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", nickname="Bob")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", nickname="Outsider")


@pytest.fixture
def group(mei, jun):
    """Mei's group room; Jun is a plain member."""
    return services.room_group_create(creator=mei, name="Hikers", members=[jun])


@pytest.fixture
def direct(mei, jun):
    room, _created = services.room_direct_get_or_create(user=mei, other=jun)
    return room


@pytest.fixture
def image_of():
    def upload(user):
        return upload_services.upload_create(
            owner=user, file=files.upload_file(files.jpeg(), "a.jpg", "image/jpeg")
        )

    return upload


@pytest.fixture
def sent_events(monkeypatch):
    """Every event that left through the channel layer: (groups, event)."""
    sent: list[tuple[list[str], dict]] = []

    def record(groups, message):
        if message["type"] == LIVE_EVENT_MESSAGE_TYPE:
            sent.append((groups, message["event"]))

    monkeypatch.setattr("kaigon.events._send_now", record)
    return sent


def stored_documents(room_id: int) -> list:
    return get_docstore().collection(CHAT_MESSAGES).range(str(room_id), limit=200)


def user_messages(room_id: int) -> list:
    """The room's stored documents that are not system messages."""
    return [d for d in stored_documents(room_id) if d.data.get("kind") != "system"]
