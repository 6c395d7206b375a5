"""get_docstore() picks the backend from MONGO_URL and keeps one store per setting."""

import mongomock
import pymongo
import pytest

from kaigon.docstore import (
    CHAT_MESSAGES,
    DocumentStoreUnavailable,
    get_docstore,
)
from kaigon.docstore.mongo import MongoDocumentStore
from kaigon.docstore.orm import OrmDocumentStore
from kaigon.health import run_health_checks

pytestmark = pytest.mark.django_db

CLOSED_MONGO_URL = "mongodb://127.0.0.1:1/kaigon"  # nothing listens on port 1


@pytest.fixture
def mongomock_client(monkeypatch):
    """No MongoDB server can run here, so the driver's client is mongomock's."""
    monkeypatch.setattr(pymongo, "MongoClient", mongomock.MongoClient)


def test_orm_backend_is_used_when_mongo_url_is_not_set(settings):
    settings.MONGO_URL = ""
    store = get_docstore()
    assert isinstance(store, OrmDocumentStore)
    assert store.backend == "orm"
    assert get_docstore() is store
    store.ping()


def test_mongo_backend_is_used_when_mongo_url_is_set(settings, mongomock_client):
    settings.MONGO_URL = "mongodb://mongo.example:27017/kaigon_chat"
    store = get_docstore()
    assert isinstance(store, MongoDocumentStore)
    assert store.backend == "mongo"
    assert store.database.name == "kaigon_chat"
    assert get_docstore() is store
    store.ping()
    messages = store.collection(CHAT_MESSAGES)
    doc, _ = messages.append("room-1", {"text": "hi"})
    assert messages.get(doc.id) == doc


def test_mongo_database_name_falls_back_to_mongo_db_name(settings, mongomock_client):
    settings.MONGO_URL = "mongodb://mongo.example:27017/"
    settings.MONGO_DB_NAME = "kaigon_elsewhere"
    assert get_docstore().database.name == "kaigon_elsewhere"


def test_changing_mongo_url_gives_a_new_store(settings, mongomock_client):
    settings.MONGO_URL = "mongodb://one.example/kaigon"
    first = get_docstore()
    settings.MONGO_URL = "mongodb://two.example/kaigon"
    second = get_docstore()
    assert second is not first
    settings.MONGO_URL = ""
    assert isinstance(get_docstore(), OrmDocumentStore)


def test_unreachable_mongodb_is_reported_as_unavailable_not_a_driver_error():
    store = MongoDocumentStore.from_url(
        CLOSED_MONGO_URL, "kaigon", serverSelectionTimeoutMS=200
    )
    try:
        with pytest.raises(DocumentStoreUnavailable):
            store.ping()
        with pytest.raises(DocumentStoreUnavailable):
            store.collection(CHAT_MESSAGES)
    finally:
        store.close()


def test_health_check_names_an_unreachable_docstore(settings):
    settings.MONGO_URL = CLOSED_MONGO_URL + "?serverSelectionTimeoutMS=200"
    report = run_health_checks()
    assert report.checks["docstore"].startswith("error: DocumentStoreUnavailable")
    assert report.checks["database"] == "ok"


def test_health_check_passes_on_the_orm_backend(settings):
    settings.MONGO_URL = ""
    assert run_health_checks().checks["docstore"] == "ok"
