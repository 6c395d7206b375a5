"""Chat messages in the document store's CHAT_MESSAGES collection.

One partition per room (the room id as a string); the per-room `seq` orders
messages, and a sender's `client_id` is the idempotency key. Stored data:

    {"kind": "text"|"image"|"system", "sender_id": int|None, "text": str,
     "image_id": int|None, "reply_to_seq": int|None, "edited_at": iso|None,
     "system": {"action": str, ...}|None}

A deleted message keeps only kind and sender_id (its text is erased).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from chat.exceptions import MessagesUnavailable
from kaigon.docstore import (
    CHAT_MESSAGES,
    Collection,
    Document,
    DocumentNotFound,
    DocumentStoreUnavailable,
    get_docstore,
)

P = ParamSpec("P")
R = TypeVar("R")


def _store_call(function: Callable[P, R]) -> Callable[P, R]:
    """A store outage reaches clients as a 503 `messages_unavailable`."""

    @wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except DocumentStoreUnavailable as exc:
            raise MessagesUnavailable() from exc

    return call


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: str
    room_id: int
    seq: int
    kind: str
    sender_id: int | None
    text: str
    image_id: int | None
    reply_to_seq: int | None
    system: dict[str, Any] | None
    client_id: str | None
    created_at: datetime
    edited_at: str | None
    deleted: bool

    @classmethod
    def from_document(cls, doc: Document) -> StoredMessage:
        data = doc.data
        return cls(
            id=doc.id,
            room_id=int(doc.partition),
            seq=doc.seq,
            kind=data.get("kind", "text"),
            sender_id=data.get("sender_id"),
            text=data.get("text", ""),
            image_id=data.get("image_id"),
            reply_to_seq=data.get("reply_to_seq"),
            system=data.get("system"),
            client_id=doc.idempotency_key,
            created_at=doc.created_at,
            edited_at=data.get("edited_at"),
            deleted=doc.is_deleted,
        )


def _collection() -> Collection:
    return get_docstore().collection(CHAT_MESSAGES)


def _partition(room_id: int) -> str:
    return str(int(room_id))


@_store_call
def message_append(
    *, room_id: int, data: Mapping[str, Any], client_id: str | None = None
) -> tuple[StoredMessage, bool]:
    """Store a message at the room's next seq; (message, created)."""
    doc, created = _collection().append(
        _partition(room_id), data, idempotency_key=client_id
    )
    return StoredMessage.from_document(doc), created


@_store_call
def message_get_by_seq(*, room_id: int, seq: int) -> StoredMessage | None:
    try:
        return StoredMessage.from_document(
            _collection().get_by_seq(_partition(room_id), seq)
        )
    except DocumentNotFound:
        return None


@_store_call
def message_range(
    *,
    room_id: int,
    before_seq: int | None = None,
    after_seq: int | None = None,
    limit: int,
    newest_first: bool,
) -> list[StoredMessage]:
    docs = _collection().range(
        _partition(room_id),
        before_seq=before_seq,
        after_seq=after_seq,
        limit=limit,
        newest_first=newest_first,
    )
    return [StoredMessage.from_document(doc) for doc in docs]


@_store_call
def message_update(*, message_id: str, changes: Mapping[str, Any]) -> StoredMessage:
    return StoredMessage.from_document(_collection().update(message_id, changes))


@_store_call
def message_erase(*, message: StoredMessage) -> StoredMessage:
    """Soft-delete and erase the text and image for good."""
    doc = _collection().soft_delete(
        message.id, data={"kind": message.kind, "sender_id": message.sender_id}
    )
    return StoredMessage.from_document(doc)


@_store_call
def latest_many(*, room_ids: Iterable[int]) -> dict[int, StoredMessage]:
    partitions = [_partition(room_id) for room_id in room_ids]
    if not partitions:
        return {}
    found = _collection().latest_many(partitions)
    return {
        int(partition): StoredMessage.from_document(doc)
        for partition, doc in found.items()
    }


@_store_call
def unread_counts(*, last_read: Mapping[int, int]) -> dict[int, int]:
    """{room id: messages above the given seq}, deleted ones left out."""
    if not last_read:
        return {}
    counts = _collection().count_after_many(
        {_partition(room_id): seq for room_id, seq in last_read.items()}
    )
    return {int(partition): count for partition, count in counts.items()}


@_store_call
def latest_seq(*, room_id: int) -> int:
    latest = _collection().latest(_partition(room_id))
    return latest.seq if latest is not None else 0


@_store_call
def room_messages_delete(*, room_id: int) -> int:
    return _collection().delete_partition(_partition(room_id))


# latest_many and count_after_many take at most this many partitions per call.
MAX_ROOMS_PER_QUERY = 1000
