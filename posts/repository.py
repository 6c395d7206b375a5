"""Post bodies and their edit history in the document store (POST_BODIES).

Partition = the post id. Every version is one appended document with the
title, the Markdown source, the rendered HTML and who wrote it; the newest
document is the current body, the older ones are the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kaigon.docstore import POST_BODIES, Collection, Document, get_docstore

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class BodyVersion:
    version: int
    title: str
    body: str
    body_html: str
    editor_id: int | None
    created_at: datetime


def _collection() -> Collection:
    return get_docstore().collection(POST_BODIES)


def _version(document: Document) -> BodyVersion:
    data = document.data
    return BodyVersion(
        version=document.seq,
        title=data.get("title", ""),
        body=data.get("body", ""),
        body_html=data.get("html", ""),
        editor_id=data.get("editor_id"),
        created_at=document.created_at,
    )


def body_append(
    *, post_id: int, title: str, body: str, body_html: str, editor_id: int
) -> BodyVersion:
    """Store a new version; it becomes the current body."""
    document, _created = _collection().append(
        str(post_id),
        {"title": title, "body": body, "html": body_html, "editor_id": editor_id},
    )
    return _version(document)


def body_latest(*, post_id: int) -> BodyVersion | None:
    document = _collection().latest(str(post_id))
    return _version(document) if document is not None else None


def body_latest_many(*, post_ids: Iterable[int]) -> dict[int, BodyVersion]:
    """The current body of each post, in one document-store query."""
    partitions = [str(post_id) for post_id in dict.fromkeys(post_ids)]
    if not partitions:
        return {}
    documents = _collection().latest_many(partitions)
    return {int(partition): _version(doc) for partition, doc in documents.items()}


def body_history(*, post_id: int) -> list[BodyVersion]:
    """Every version, newest first (the first one is the current body)."""
    documents = _collection().range(
        str(post_id), newest_first=True, limit=HISTORY_LIMIT
    )
    return [_version(document) for document in documents]


def body_delete_all(*, post_id: int) -> None:
    _collection().delete_partition(str(post_id))
