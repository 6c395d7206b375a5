"""What only the MongoDB backend has: its collections, counters and indexes."""

import mongomock
import pytest

from kaigon.docstore import CHAT_MESSAGES
from kaigon.docstore.mongo import MongoDocumentStore


@pytest.fixture
def mongo_store():
    return MongoDocumentStore(mongomock.MongoClient()["kaigon"])


def test_documents_and_counters_live_in_their_own_mongodb_collections(mongo_store):
    messages = mongo_store.collection(CHAT_MESSAGES)
    doc, _ = messages.append("room-1", {"text": "hi"}, idempotency_key="c-1")
    raw = mongo_store.database["documents_chat_messages"].find_one()
    assert str(raw["_id"]) == doc.id
    assert raw["idempotency_key"] == "c-1"
    counter = mongo_store.database["counters"].find_one({"_id": "chat_messages:room-1"})
    assert counter["last_seq"] == doc.seq


def test_opening_a_collection_creates_its_unique_indexes(mongo_store):
    mongo_store.collection("scratch_notes")
    indexes = mongo_store.database["documents_scratch_notes"].index_information()
    assert indexes["partition_seq"]["unique"] is True
    assert indexes["partition_idempotency_key"]["unique"] is True
    ensured = mongo_store.ensure_indexes()
    assert "documents_scratch_notes.partition_seq (unique)" in ensured
    assert "documents_chat_messages.partition_seq (unique)" in ensured


def test_documents_without_a_key_store_no_key_field(mongo_store):
    # The partial unique index only covers documents that have a string key.
    mongo_store.collection(CHAT_MESSAGES).append("room-1", {})
    mongo_store.collection(CHAT_MESSAGES).append("room-1", {})
    raws = list(mongo_store.database["documents_chat_messages"].find())
    assert len(raws) == 2
    assert all("idempotency_key" not in raw for raw in raws)
