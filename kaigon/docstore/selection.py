"""Which document store this process uses: MongoDB when MONGO_URL is set."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from kaigon.docstore.base import DocumentStore

_stores: dict[tuple[str, str], DocumentStore] = {}
_stores_lock = threading.Lock()


def get_docstore() -> DocumentStore:
    """The process-wide store for the current MONGO_URL and MONGO_DB_NAME."""
    key = (getattr(settings, "MONGO_URL", ""), getattr(settings, "MONGO_DB_NAME", ""))
    store = _stores.get(key)
    if store is None:
        with _stores_lock:
            store = _stores.get(key)
            if store is None:
                store = _stores[key] = _open_store(*key)
    return store


def _open_store(mongo_url: str, database_name: str) -> DocumentStore:
    if mongo_url:
        from kaigon.docstore.mongo import MongoDocumentStore

        return MongoDocumentStore.from_url(mongo_url, database_name or "kaigon")
    from kaigon.docstore.orm import OrmDocumentStore

    return OrmDocumentStore()


def close_docstores() -> None:
    """Forget (and disconnect) every store opened so far."""
    with _stores_lock:
        stores = list(_stores.values())
        _stores.clear()
    for store in stores:
        store.close()


@receiver(setting_changed)
def _forget_stores_when_mongo_settings_change(
    *, setting: str, **kwargs: object
) -> None:
    if setting in {"MONGO_URL", "MONGO_DB_NAME"}:
        close_docstores()
