"""The ORM document backend: the contract of base.py over two Django tables."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    OperationalError,
    connections,
    transaction,
)
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from kaigon.docstore.base import (
    DEFAULT_LIMIT,
    MAX_SEQ,
    Collection,
    Document,
    DocumentNotFound,
    DocumentStore,
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
from kaigon.docstore.models import PartitionCounter, StoredDocument

T = TypeVar("T")

MYSQL_DEADLOCK = 1213
MYSQL_LOCK_WAIT_TIMEOUT = 1205
MAX_ATTEMPTS = 30


def _is_transient(exc: OperationalError) -> bool:
    code = exc.args[0] if exc.args else None
    if code in (MYSQL_DEADLOCK, MYSQL_LOCK_WAIT_TIMEOUT):
        return True
    return "locked" in str(exc).lower()  # SQLite: database (table) is locked


def _with_retry(using: str, write: Callable[[], T]) -> T:
    """Run a write in its own transaction, again if the database asks for it.

    A deadlock (MySQL) or a lock conflict (SQLite's shared-cache test database)
    aborts the whole transaction, so only the outermost caller can retry; inside
    a caller's atomic block the error goes up to that caller.
    """
    attempt = 1
    while True:
        try:
            return write()
        except OperationalError as exc:
            if (
                connections[using].in_atomic_block
                or not _is_transient(exc)
                or attempt >= MAX_ATTEMPTS
            ):
                raise
        time.sleep(random.uniform(0.001, 0.005) * min(attempt, 10))
        attempt += 1


def _parse_id(doc_id: object) -> int:
    # Only the canonical decimal form names a document: "007" and "7.0" do not.
    if (
        not isinstance(doc_id, str)
        or not doc_id.isascii()
        or not doc_id.isdigit()
        or str(int(doc_id)) != doc_id
        or not 0 < int(doc_id) <= MAX_SEQ
    ):
        raise DocumentNotFound(f"no document with id {doc_id!r}")
    return int(doc_id)


def _to_document(row: StoredDocument) -> Document:
    return Document(
        id=str(row.pk),
        collection=row.collection,
        partition=row.partition,
        seq=row.seq,
        data=row.data,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


class OrmCollection(Collection):
    def __init__(self, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
        super().__init__(name)
        self._using = using

    def _rows(self) -> QuerySet[StoredDocument]:
        return StoredDocument.objects.using(self._using).filter(collection=self.name)

    def _row_for_update(self, doc_id: str) -> StoredDocument:
        row = self._rows().select_for_update().filter(pk=_parse_id(doc_id)).first()
        if row is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")
        return row

    def _next_seq(self, partition: str) -> int:
        """Increment the partition's counter in one statement; return the new value.

        An upsert, because "UPDATE, then INSERT if no row" deadlocks on MySQL
        when two transactions create the same partition's counter at once.
        The row stays locked until the caller's transaction ends, which
        serialises appends per partition.
        """
        connection = connections[self._using]
        quote = connection.ops.quote_name
        table = quote(PartitionCounter._meta.db_table)
        columns = {
            f.name: f.column for f in PartitionCounter._meta.concrete_fields if f.column
        }
        collection, part, last = (
            quote(columns[name]) for name in ("collection", "partition", "last_seq")
        )
        insert = (
            f"INSERT INTO {table} ({collection}, {part}, {last}) VALUES (%s, %s, 1)"
        )
        if connection.vendor == "mysql":
            upsert = f"{insert} ON DUPLICATE KEY UPDATE {last} = {last} + 1"
        elif connection.vendor in ("sqlite", "postgresql"):
            upsert = (
                f"{insert} ON CONFLICT ({collection}, {part}) "
                f"DO UPDATE SET {last} = {table}.{last} + 1"
            )
        else:
            raise ImproperlyConfigured(
                "the ORM document store needs SQLite, MySQL/MariaDB or PostgreSQL"
            )
        with connection.cursor() as cursor:
            cursor.execute(upsert, [self.name, partition])
        return (
            PartitionCounter.objects.using(self._using)
            .filter(collection=self.name, partition=partition)
            .values_list("last_seq", flat=True)
            .get()
        )

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
        return _with_retry(self._using, lambda: self._append(partition, clean, key))

    def _append(
        self, partition: str, data: dict[str, Any], key: str | None
    ) -> tuple[Document, bool]:
        if key is not None:
            existing = self._rows().filter(partition=partition, idempotency_key=key)
            if (row := existing.first()) is not None:
                return _to_document(row), False
        try:
            with transaction.atomic(using=self._using):
                now = now_ms()
                row = StoredDocument.objects.using(self._using).create(
                    collection=self.name,
                    partition=partition,
                    seq=self._next_seq(partition),
                    idempotency_key=key,
                    data=data,
                    created_at=now,
                    updated_at=now,
                    deleted_at=None,
                )
        except IntegrityError:
            if key is None:
                raise
            # A concurrent append with the same key won. A locking read sees
            # its committed row even from inside an older MySQL snapshot.
            with transaction.atomic(using=self._using):
                winner = (
                    self._rows()
                    .select_for_update()
                    .filter(partition=partition, idempotency_key=key)
                    .first()
                )
            if winner is None:
                raise
            return _to_document(winner), False
        return _to_document(row), True

    def get(self, doc_id: str) -> Document:
        row = self._rows().filter(pk=_parse_id(doc_id)).first()
        if row is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")
        return _to_document(row)

    def get_by_seq(self, partition: str, seq: int) -> Document:
        partition = validate_partition(partition)
        seq = validate_seq(seq)
        row = self._rows().filter(partition=partition, seq=seq).first()
        if row is None:
            raise DocumentNotFound(f"no document at seq {seq} of {partition!r}")
        return _to_document(row)

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
        rows = self._rows().filter(partition=validate_partition(partition))
        if (after := validate_optional_seq(after_seq, "after_seq")) is not None:
            rows = rows.filter(seq__gt=after)
        if (before := validate_optional_seq(before_seq, "before_seq")) is not None:
            rows = rows.filter(seq__lt=before)
        if not include_deleted:
            rows = rows.filter(deleted_at__isnull=True)
        rows = rows.order_by("-seq" if newest_first else "seq")
        return [_to_document(row) for row in rows[: validate_limit(limit)]]

    def latest_many(self, partitions: Iterable[str]) -> dict[str, Document]:
        wanted = validate_partitions(partitions)
        if not wanted:
            return {}
        newest_seq = (
            self._rows()
            .filter(partition=OuterRef("partition"))
            .order_by("-seq")
            .values("seq")[:1]
        )
        rows = self._rows().filter(partition__in=wanted, seq=Subquery(newest_seq))
        return {row.partition: _to_document(row) for row in rows}

    def count_after_many(
        self, seqs: Mapping[str, int], *, include_deleted: bool = False
    ) -> dict[str, int]:
        wanted = validate_seq_map(seqs)
        if not wanted:
            return {}
        after = Q()
        for partition, seq in wanted.items():
            after |= Q(partition=partition, seq__gt=seq)
        rows = self._rows().filter(after)
        if not include_deleted:
            rows = rows.filter(deleted_at__isnull=True)
        counts = dict(
            rows.order_by()
            .values("partition")
            .annotate(total=Count("pk"))
            .values_list("partition", "total")
        )
        return {partition: counts.get(partition, 0) for partition in wanted}

    def update(self, doc_id: str, changes: Mapping[str, Any]) -> Document:
        clean = validate_data(changes, "changes")

        def write() -> Document:
            with transaction.atomic(using=self._using):
                row = self._row_for_update(doc_id)
                row.data = {**row.data, **clean}
                row.updated_at = now_ms()
                row.save(update_fields=["data", "updated_at"])
            return _to_document(row)

        return _with_retry(self._using, write)

    def soft_delete(
        self, doc_id: str, *, data: Mapping[str, Any] | None = None
    ) -> Document:
        replacement = None if data is None else validate_data(data)

        def write() -> Document:
            with transaction.atomic(using=self._using):
                row = self._row_for_update(doc_id)
                if row.deleted_at is None:
                    row.deleted_at = row.updated_at = now_ms()
                    if replacement is not None:
                        row.data = replacement
                    row.save(update_fields=["data", "updated_at", "deleted_at"])
            return _to_document(row)

        return _with_retry(self._using, write)

    def delete(self, doc_id: str) -> None:
        pk = _parse_id(doc_id)
        deleted = _with_retry(
            self._using, lambda: self._rows().filter(pk=pk).delete()[0]
        )
        if not deleted:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.name}")

    def delete_partition(self, partition: str) -> int:
        rows = self._rows().filter(partition=validate_partition(partition))
        return _with_retry(self._using, lambda: rows.delete()[0])


class OrmDocumentStore(DocumentStore):
    backend = "orm"

    def __init__(self, using: str = DEFAULT_DB_ALIAS) -> None:
        super().__init__()
        self._using = using

    def _open_collection(self, name: str) -> OrmCollection:
        return OrmCollection(name, using=self._using)

    def ping(self) -> None:
        # Touches the table, so a database without the migration fails here.
        StoredDocument.objects.using(self._using).exists()

    def ensure_indexes(self) -> list[str]:
        return []  # the migrations create the tables' indexes

    def close(self) -> None:
        pass  # Django owns the database connections
