"""The document store interface: sequenced collections of JSON documents.

A collection holds documents grouped by a ``partition`` (a chat room id, a post
id). Each document gets a per-partition ``seq`` on append that only grows (gaps
are allowed, numbers are never reused), so readers page and catch up by seq.
An optional client-chosen ``idempotency_key`` makes an append happen at most
once per partition. Both backends (``orm.py``, ``mongo.py``) implement this
contract, and ``tests/docstore`` runs the same suite against each.
"""

from __future__ import annotations

import json
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

CHAT_MESSAGES = "chat_messages"
POST_BODIES = "post_bodies"
KNOWN_COLLECTIONS: tuple[str, ...] = (CHAT_MESSAGES, POST_BODIES)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_KEY_LENGTH = 128  # partitions and idempotency keys
MAX_BATCH = 1000  # partitions per latest_many / count_after_many call
MAX_SEQ = 2**63 - 1

_COLLECTION_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


class DocumentStoreError(Exception):
    """Base class of everything the document store raises on purpose."""


class DocumentNotFound(DocumentStoreError, LookupError):
    """No document with that id (or seq) exists in this collection."""


class InvalidArgument(DocumentStoreError, ValueError):
    """A partition, key, seq, limit or data value the store does not accept."""


class DocumentStoreUnavailable(DocumentStoreError):
    """The backing server did not answer (MongoDB down or unreachable)."""


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    collection: str
    partition: str
    seq: int
    data: dict[str, Any]
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Collection(ABC):
    """One named collection of sequenced documents."""

    def __init__(self, name: str) -> None:
        self.name = validate_collection_name(name)

    @abstractmethod
    def append(
        self,
        partition: str,
        data: Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> tuple[Document, bool]:
        """Store ``data`` at the partition's next seq; return (document, created).

        With an ``idempotency_key`` already used in this partition nothing is
        written and the existing document comes back with ``created=False``.
        """

    @abstractmethod
    def get(self, doc_id: str) -> Document:
        """The document with this id; DocumentNotFound for unknown or malformed ids."""

    @abstractmethod
    def get_by_seq(self, partition: str, seq: int) -> Document:
        """The document at ``seq`` in ``partition``, or DocumentNotFound."""

    @abstractmethod
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
        """Up to ``limit`` documents with after_seq < seq < before_seq.

        Oldest first, or newest first when asked: ``newest_first=True`` with
        ``before_seq`` pages back through history, ``after_seq`` alone catches
        up. ``limit`` above MAX_LIMIT is capped to MAX_LIMIT.
        """

    @abstractmethod
    def latest_many(self, partitions: Iterable[str]) -> dict[str, Document]:
        """The newest document (deleted or not) of each partition that has one."""

    @abstractmethod
    def count_after_many(
        self, seqs: Mapping[str, int], *, include_deleted: bool = False
    ) -> dict[str, int]:
        """For each partition, how many documents have a seq above the given one."""

    @abstractmethod
    def update(self, doc_id: str, changes: Mapping[str, Any]) -> Document:
        """Merge ``changes`` into the top level of data; bump updated_at."""

    @abstractmethod
    def soft_delete(
        self, doc_id: str, *, data: Mapping[str, Any] | None = None
    ) -> Document:
        """Mark deleted (the first deleted_at is kept), optionally replacing data.

        ``data`` (e.g. ``{}`` to erase a message's text) is written in the same
        update. On a document that is already deleted this changes nothing.
        """

    @abstractmethod
    def delete(self, doc_id: str) -> None:
        """Remove the document for good; DocumentNotFound if it is not there."""

    @abstractmethod
    def delete_partition(self, partition: str) -> int:
        """Remove every document of a partition; return how many went.

        The partition's seq counter is kept, so later appends never reuse a seq.
        """

    def latest(self, partition: str) -> Document | None:
        """The newest document of the partition (deleted or not), if any."""
        newest = self.range(partition, limit=1, newest_first=True)
        return newest[0] if newest else None

    def count_after(
        self, partition: str, seq: int, *, include_deleted: bool = False
    ) -> int:
        """How many documents of the partition have a seq above ``seq``."""
        counts = self.count_after_many(
            {partition: seq}, include_deleted=include_deleted
        )
        return counts[partition]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class DocumentStore(ABC):
    """Hands out collections and answers for the health of its backend."""

    backend: ClassVar[str]

    def __init__(self) -> None:
        self._collections: dict[str, Collection] = {}
        self._collections_lock = threading.Lock()

    def collection(self, name: str) -> Collection:
        name = validate_collection_name(name)
        with self._collections_lock:
            found = self._collections.get(name)
            if found is None:
                found = self._collections[name] = self._open_collection(name)
        return found

    @abstractmethod
    def _open_collection(self, name: str) -> Collection: ...

    @abstractmethod
    def ping(self) -> None:
        """Raise unless the backend answers and its storage exists."""

    @abstractmethod
    def ensure_indexes(self) -> list[str]:
        """Create missing indexes; return a description of each index ensured."""

    @abstractmethod
    def close(self) -> None:
        """Release connections the store owns."""


# --- Validation shared by the backends ---------------------------------------


def validate_collection_name(name: object) -> str:
    if not isinstance(name, str) or not _COLLECTION_NAME.fullmatch(name):
        raise InvalidArgument(
            "a collection name is 1-63 characters of a-z, 0-9 and _, "
            f"starting with a letter; got {name!r}"
        )
    return name


def _validate_key(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgument(f"{what} must be a non-empty string")
    if len(value) > MAX_KEY_LENGTH:
        raise InvalidArgument(f"{what} is longer than {MAX_KEY_LENGTH} characters")
    # Leading/trailing spaces would compare equal to the trimmed value under
    # MySQL's PAD SPACE collations; control characters have no business here.
    if value != value.strip() or _CONTROL_CHARACTER.search(value):
        raise InvalidArgument(
            f"{what} may not contain control characters or start/end with spaces"
        )
    return value


def validate_partition(value: object) -> str:
    return _validate_key(value, "partition")


def validate_idempotency_key(value: object) -> str | None:
    if value is None:
        return None
    return _validate_key(value, "idempotency_key")


def validate_seq(value: object, what: str = "seq") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{what} must be an integer")
    if not 0 <= value <= MAX_SEQ:
        raise InvalidArgument(f"{what} must be between 0 and {MAX_SEQ}")
    return value


def validate_optional_seq(value: object, what: str) -> int | None:
    return None if value is None else validate_seq(value, what)


def validate_limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgument("limit must be a positive integer")
    return min(value, MAX_LIMIT)


def validate_data(value: object, what: str = "data") -> dict[str, Any]:
    """Return a JSON-normalised deep copy, so both backends store the same thing.

    Top-level keys become update paths (``data.<key>`` in MongoDB), so they may
    not be empty, contain "." or start with "$".
    """
    if not isinstance(value, Mapping):
        raise InvalidArgument(f"{what} must be a mapping")
    for key in value:
        if not isinstance(key, str) or not key or "." in key or key.startswith("$"):
            raise InvalidArgument(
                f"{what} keys must be non-empty strings without '.' or a leading "
                f"'$'; got {key!r}"
            )
    try:
        encoded = json.dumps(dict(value), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgument(f"{what} must be JSON-serialisable: {exc}") from exc
    return json.loads(encoded)


def validate_partitions(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        raise InvalidArgument("partitions must be a collection of strings, not one")
    unique = list(dict.fromkeys(validate_partition(value) for value in values))
    if len(unique) > MAX_BATCH:
        raise InvalidArgument(f"at most {MAX_BATCH} partitions per call")
    return unique


def validate_seq_map(values: Mapping[str, int]) -> dict[str, int]:
    if not isinstance(values, Mapping):
        raise InvalidArgument("seqs must map partitions to seqs")
    if len(values) > MAX_BATCH:
        raise InvalidArgument(f"at most {MAX_BATCH} partitions per call")
    return {
        validate_partition(partition): validate_seq(seq)
        for partition, seq in values.items()
    }


def now_ms() -> datetime:
    """The current UTC time cut to milliseconds, the precision MongoDB keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
