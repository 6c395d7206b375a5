"""`manage.py docstore_init`, which `make run` calls before serving."""

import mongomock
import pymongo
import pytest
from django.core.management import CommandError, call_command

from kaigon.docstore import KNOWN_COLLECTIONS, get_docstore


def test_docstore_init_has_nothing_to_do_on_the_orm_backend(settings, capsys):
    settings.MONGO_URL = ""
    call_command("docstore_init")
    assert "nothing to do" in capsys.readouterr().out


def test_docstore_init_creates_the_unique_mongodb_indexes(
    settings, monkeypatch, capsys
):
    monkeypatch.setattr(pymongo, "MongoClient", mongomock.MongoClient)
    settings.MONGO_URL = "mongodb://mongo.example:27017/kaigon"
    call_command("docstore_init")
    assert "MongoDB document store is ready" in capsys.readouterr().out
    database = get_docstore().database
    for name in KNOWN_COLLECTIONS:
        indexes = database[f"documents_{name}"].index_information()
        assert indexes["partition_seq"]["unique"] is True
        assert indexes["partition_seq"]["key"] == [("partition", 1), ("seq", 1)]
        by_key = indexes["partition_idempotency_key"]
        assert by_key["unique"] is True
        assert by_key["partialFilterExpression"] == {
            "idempotency_key": {"$type": "string"}
        }
    call_command("docstore_init")  # running it again is harmless


def test_docstore_init_fails_clearly_when_mongodb_does_not_answer(settings):
    settings.MONGO_URL = "mongodb://127.0.0.1:1/kaigon?serverSelectionTimeoutMS=200"
    with pytest.raises(CommandError, match="MongoDB did not answer"):
        call_command("docstore_init")
