"""The MongoDB document backend. The only module in Kaigon that imports pymongo.

Each collection lives in ``documents_<name>``; the per-partition seq counters
live in ``counters`` under the id ``<name>:<partition>``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar, overload
from urllib.parse import parse_qs, urlsplit

import pymongo
from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.collection import Collection as PyMongoCollection
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, DuplicateKeyError

from kaigon.docstore.base import (
    DEFAULT_LIMIT,
    KNOWN_COLLECTIONS,
    Collection,
    Document,
    DocumentNotFound,
    DocumentStore,
    DocumentStoreUnavailable,
    now_ms,
    validate_data,
    validate_idempotency_key,
    validate_limit,
    validate_optional_seq,
    validate_partition,
    validate_partitions,
    validate_seq,
    validate_seq_map,
)

P = ParamSpec("P")
T = TypeVar("T")

COUNTERS = "counters"
SEQ_INDEX = "partition_seq"
KEY_INDEX = "partition_idempotency_key"
SERVER_SELECTION_TIMEOUT_MS = 5000


def _answering(method: Callable[P, T]) -> Callable[P, T]:
    """Report an unreachable server as DocumentStoreUnavailable, not a driver error."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except ConnectionFailure as exc:
            raise DocumentStoreUnavailable(f"MongoDB did not answer: {exc}") from exc

    return wrapper


def _object_id(doc_id: object) -> ObjectId:
    if isinstance(doc_id, str) and ObjectId.is_valid(doc_id):
        oid = ObjectId(doc_id)
        if str(oid) == doc_id:  # the canonical lowercase form only, as str(id) gives
            return oid
    raise DocumentNotFound(f"no document with id {doc_id!r}")


@overload
def _aware(moment: datetime) -> datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # a client without tz_aware returns naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class MongoCollection(Collection):
    def __init__(self, name: str, database: Database) -> None:
        super().__init__(name)
        self._documents: PyMongoCollection = database[f"documents_{name}"]
        self._counters: PyMongoCollection = database[COUNTERS]

    def _to_document(self, raw: Mapping[str, Any]) -> Document:
        return Document(
            id=str(raw["_id"]),
            collection=self.name,
            partition=raw["partition"],
            seq=raw["seq"],
            data=raw["data"],
            idempotency_key=raw.get("idempotency_key"),
            created_at=_aware(raw["created_at"]),
            updated_at=_aware(raw["updated_at"]),
            deleted_at=_aware(raw.get("deleted_at")),
        )

    @_answering
    def ensure_indexes(self) -> list[str]:
        self._documents.create_index(
            [("partition", pymongo.ASCENDING), ("seq", pymongo.ASCENDING)],
            name=SEQ_INDEX,
            unique=True,
        )
        # Partial, so documents without a key never collide with each other.
        self._documents.create_index(
            [("partition", pymongo.ASCENDING), ("idempotency_key", pymongo.ASCENDING)],
            name=KEY_INDEX,
            unique=True,
            partialFilterExpression={"idempotency_key": {"$type": "string"}},
        )
        return [
            f"{self._documents.name}.{SEQ_INDEX} (unique)",
            f"{self._documents.name}.{KEY_INDEX} (unique, partial)",
        ]

    def _next_seq(self, partition: str) -> int:
        counter_id = f"{self.name}:{partition}"
        try:
            counter = self._increment(counter_id)
        except DuplicateKeyError:
            # Two first appends raced to create the counter; it exists now.
            counter = self._increment(counter_id)
        return counter["last_seq"]

    def _increment(self, counter_id: str) -> Mapping[str, Any]:
        counter = self._counters.find_one_and_update(
            {"_id": counter_id},
            {"$inc": {"last_seq": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert counter is not None  # an upsert returning AFTER always has a row
        return counter

    def _by_key(self, partition: str, key: str) -> Mapping[str, Any] | None:
        return self._documents.find_one(
            {"partition": partition, "idempotency_key": key}
        )

    @_answering
    def append(
        self,
        partition: str,
        data: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> tuple[Document, bool]:
        partition = validate_partition(partition)
        key = validate_idempotency_key(idempotency_key)
        clean = validate_data(data)
        if key is not None and (existing := self._by_key(partition, key)):
            return self._to_document(existing), False
        now = now_ms()
        raw: dict[str, Any] = {
            "partition": partition,
            "seq": self._next_seq(partition),
            "data": clean,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
        if key is not None:
            raw["idempotency_key"] = key
        try:
            raw["_id"] = self._documents.insert_one(raw).inserted_id
        except DuplicateKeyError:
            # A concurrent append with the same key won; its seq is the one kept.
            if key is not None and (winner := self._by_key(partition, key)):
                return self._to_document(winner), False
            raise
        return self._to_document(raw), True

    @_answering
    def get(self, doc_id: str) -> Document:
        raw = self._documents.find_one({"_id": _object_id(doc_id)})
        if raw is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")
        return self._to_document(raw)

    @_answering
    def get_by_seq(self, partition: str, seq: int) -> Document:
        partition = validate_partition(partition)
        seq = validate_seq(seq)
        raw = self._documents.find_one({"partition": partition, "seq": seq})
        if raw is None:
            raise DocumentNotFound(f"no document at seq {seq} of {partition!r}")
        return self._to_document(raw)

    @_answering
    def range(
        self,
        partition: str,
        *,
        after_seq: int | None = None,
        before_seq: int | None = None,
        limit: int = DEFAULT_LIMIT,
        newest_first: bool = False,
        include_deleted: bool = True,
    ) -> list[Document]:
        query: dict[str, Any] = {"partition": validate_partition(partition)}
        bounds: dict[str, int] = {}
        if (after := validate_optional_seq(after_seq, "after_seq")) is not None:
            bounds["$gt"] = after
        if (before := validate_optional_seq(before_seq, "before_seq")) is not None:
            bounds["$lt"] = before
        if bounds:
            query["seq"] = bounds
        if not include_deleted:
            query["deleted_at"] = None
        direction = pymongo.DESCENDING if newest_first else pymongo.ASCENDING
        cursor = (
            self._documents.find(query)
            .sort("seq", direction)
            .limit(validate_limit(limit))
        )
        return [self._to_document(raw) for raw in cursor]

    @_answering
    def latest_many(self, partitions: Iterable[str]) -> dict[str, Document]:
        wanted = validate_partitions(partitions)
        if not wanted:
            return {}
        # Sorting exactly against the (partition, seq) index lets it serve $sort.
        pipeline: list[Mapping[str, Any]] = [
            {"$match": {"partition": {"$in": wanted}}},
            {"$sort": {"partition": pymongo.DESCENDING, "seq": pymongo.DESCENDING}},
            {"$group": {"_id": "$partition", "newest": {"$first": "$$ROOT"}}},
        ]
        return {
            group["_id"]: self._to_document(group["newest"])
            for group in self._documents.aggregate(pipeline)
        }

    @_answering
    def count_after_many(
        self, seqs: Mapping[str, int], *, include_deleted: bool = False
    ) -> dict[str, int]:
        wanted = validate_seq_map(seqs)
        if not wanted:
            return {}
        match: dict[str, Any] = {
            "$or": [
                {"partition": partition, "seq": {"$gt": seq}}
                for partition, seq in wanted.items()
            ]
        }
        if not include_deleted:
            match["deleted_at"] = None
        pipeline = [
            {"$match": match},
            {"$group": {"_id": "$partition", "total": {"$sum": 1}}},
        ]
        counts = {
            group["_id"]: group["total"]
            for group in self._documents.aggregate(pipeline)
        }
        return {partition: counts.get(partition, 0) for partition in wanted}

    @_answering
    def update(self, doc_id: str, changes: Mapping[str, Any]) -> Document:
        clean = validate_data(changes, "changes")
        assignments: dict[str, Any] = {
            f"data.{key}": value for key, value in clean.items()
        }
        assignments["updated_at"] = now_ms()
        raw = self._documents.find_one_and_update(
            {"_id": _object_id(doc_id)},
            {"$set": assignments},
            return_document=ReturnDocument.AFTER,
        )
        if raw is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")
        return self._to_document(raw)

    @_answering
    def soft_delete(
        self, doc_id: str, *, data: Mapping[str, Any] | None = None
    ) -> Document:
        oid = _object_id(doc_id)
        now = now_ms()
        assignments: dict[str, Any] = {"deleted_at": now, "updated_at": now}
        if data is not None:
            assignments["data"] = validate_data(data)
        raw = self._documents.find_one_and_update(
            {"_id": oid, "deleted_at": None},
            {"$set": assignments},
            return_document=ReturnDocument.AFTER,
        )
        if raw is None:  # already deleted (left as it is) or not there at all
            raw = self._documents.find_one({"_id": oid})
        if raw is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")
        return self._to_document(raw)

    @_answering
    def delete(self, doc_id: str) -> None:
        result = self._documents.delete_one({"_id": _object_id(doc_id)})
        if result.deleted_count == 0:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")

    @_answering
    def delete_partition(self, partition: str) -> int:
        result = self._documents.delete_many(
            {"partition": validate_partition(partition)}
        )
        return result.deleted_count


class MongoDocumentStore(DocumentStore):
    """Give it a pymongo (or mongomock) Database; ``from_url`` builds a client."""

    backend = "mongo"

    def __init__(self, database: Database, *, owned_client: Any = None) -> None:
        super().__init__()
        self.database = database
        self._owned_client = owned_client

    @classmethod
    def from_url(
        cls, url: str, default_database: str, **client_options: Any
    ) -> MongoDocumentStore:
        """Connect lazily to ``url``; its path names the database, else the default.

        Options written in the URL win over Kaigon's defaults (keyword arguments
        would otherwise override them in pymongo).
        """
        in_url = {name.lower() for name in parse_qs(urlsplit(url).query)}
        defaults = {"serverSelectionTimeoutMS": SERVER_SELECTION_TIMEOUT_MS}
        options = {
            **{k: v for k, v in defaults.items() if k.lower() not in in_url},
            "tz_aware": True,
            "connect": False,
            **client_options,
        }
        client = pymongo.MongoClient(url, **options)
        database = client.get_default_database(default=default_database)
        return cls(database, owned_client=client)

    def _open_collection(self, name: str) -> MongoCollection:
        collection = MongoCollection(name, self.database)
        # Cheap when they exist, and uniqueness (no duplicate message on a
        # retry) must not depend on someone having run docstore_init.
        collection.ensure_indexes()
        return collection

    @_answering
    def ping(self) -> None:
        self.database.command("ping")

    def ensure_indexes(self) -> list[str]:
        ensured: list[str] = []
        for name in KNOWN_COLLECTIONS:
            ensured += _mongo(self.collection(name)).ensure_indexes()
        with self._collections_lock:
            others = [
                c for n, c in self._collections.items() if n not in KNOWN_COLLECTIONS
            ]
        for collection in others:
            ensured += _mongo(collection).ensure_indexes()
        return ensured

    def close(self) -> None:
        if self._owned_client is not None:
            self._owned_client.close()


def _mongo(collection: Collection) -> MongoCollection:
    assert isinstance(collection, MongoCollection)  # the only kind this store opens
    return collection
