"""One contract suite, every backend: ORM, pymongo on mongomock, real MongoDB."""

import contextlib
import os
import threading
import uuid
from dataclasses import dataclass, field

import mongomock
import pymongo
import pytest

from kaigon.docstore import CHAT_MESSAGES, POST_BODIES, Collection, DocumentStore
from kaigon.docstore.mongo import MongoDocumentStore
from kaigon.docstore.orm import OrmDocumentStore

REAL_MONGO_URL = os.environ.get("KAIGON_TEST_MONGO_URL", "")
REAL_MONGO_SKIP = "set KAIGON_TEST_MONGO_URL to run against a real MongoDB"


@dataclass
class Backend:
    name: str
    store: DocumentStore
    _serial: threading.Lock = field(default_factory=threading.Lock)

    def one_call_at_a_time(self) -> contextlib.AbstractContextManager:
        """mongomock is not thread-safe; real backends face true concurrency."""
        return self._serial if self.name == "mongomock" else contextlib.nullcontext()


@pytest.fixture(
    params=[
        "orm",
        "mongomock",
        pytest.param(
            "mongo",
            marks=pytest.mark.skipif(not REAL_MONGO_URL, reason=REAL_MONGO_SKIP),
        ),
    ]
)
def backend(request):
    # Every test module here is marked django_db, so the ORM backend has a
    # database (a transactional one where a test asks for transaction=True).
    if request.param == "orm":
        yield Backend("orm", OrmDocumentStore())
    elif request.param == "mongomock":
        yield Backend(
            "mongomock", MongoDocumentStore(mongomock.MongoClient()["kaigon"])
        )
    else:
        client = pymongo.MongoClient(
            REAL_MONGO_URL, tz_aware=True, serverSelectionTimeoutMS=5000
        )
        name = f"kaigon_test_{uuid.uuid4().hex[:12]}"
        try:
            yield Backend("mongo", MongoDocumentStore(client[name]))
        finally:
            client.drop_database(name)
            client.close()


@pytest.fixture
def store(backend) -> DocumentStore:
    return backend.store


@pytest.fixture
def messages(store) -> Collection:
    return store.collection(CHAT_MESSAGES)


@pytest.fixture
def bodies(store) -> Collection:
    return store.collection(POST_BODIES)
