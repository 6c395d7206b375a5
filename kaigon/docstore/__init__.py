"""Kaigon's document store: sequenced JSON documents on MongoDB or the ORM.

Apps use ``get_docstore().collection(CHAT_MESSAGES)`` (or ``POST_BODIES``)
through their own repository module; see docs/docstore.md.
"""

from kaigon.docstore.base import (
    CHAT_MESSAGES,
    DEFAULT_LIMIT,
    KNOWN_COLLECTIONS,
    MAX_BATCH,
    MAX_KEY_LENGTH,
    MAX_LIMIT,
    POST_BODIES,
    Collection,
    Document,
    DocumentNotFound,
    DocumentStore,
    DocumentStoreError,
    DocumentStoreUnavailable,
    InvalidArgument,
)
from kaigon.docstore.selection import close_docstores, get_docstore

__all__ = [
    "CHAT_MESSAGES",
    "DEFAULT_LIMIT",
    "KNOWN_COLLECTIONS",
    "MAX_BATCH",
    "MAX_KEY_LENGTH",
    "MAX_LIMIT",
    "POST_BODIES",
    "Collection",
    "Document",
    "DocumentNotFound",
    "DocumentStore",
    "DocumentStoreError",
    "DocumentStoreUnavailable",
    "InvalidArgument",
    "close_docstores",
    "get_docstore",
]
