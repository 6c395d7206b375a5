"""What only the ORM backend has: its migration, its admin, the caller's transaction."""

import pytest
from django.core.management import call_command
from django.db import transaction

from kaigon.docstore import CHAT_MESSAGES
from kaigon.docstore.models import PartitionCounter, StoredDocument
from kaigon.docstore.orm import OrmDocumentStore

pytestmark = pytest.mark.django_db


def test_models_and_migrations_agree():
    call_command("makemigrations", "docstore", "--check", "--dry-run", verbosity=0)


def test_append_rolls_back_with_the_callers_transaction():
    messages = OrmDocumentStore().collection(CHAT_MESSAGES)
    kept = messages.append("room-1", {"n": 1})[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        messages.append("room-1", {"n": 2}, idempotency_key="c-1")
        raise RuntimeError("the caller's service failed")
    assert messages.range("room-1") == [kept]
    assert StoredDocument.objects.filter(idempotency_key="c-1").count() == 0
    counter = PartitionCounter.objects.get(collection=CHAT_MESSAGES, partition="room-1")
    assert counter.last_seq == kept.seq


def test_admin_lists_documents_read_only(admin_client):
    messages = OrmDocumentStore().collection(CHAT_MESSAGES)
    doc = messages.append("room-1", {"text": "😀 繁體中文"})[0]
    listing = admin_client.get("/admin/docstore/storeddocument/")
    assert listing.status_code == 200
    assert "room-1" in listing.content.decode()
    detail = admin_client.get(f"/admin/docstore/storeddocument/{doc.id}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin_client.get("/admin/docstore/storeddocument/add/").status_code == 403
