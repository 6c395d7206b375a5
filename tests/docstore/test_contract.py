"""The document store contract. Every test runs on every backend (see conftest)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connections

from kaigon.docstore import (
    CHAT_MESSAGES,
    MAX_KEY_LENGTH,
    MAX_LIMIT,
    DocumentNotFound,
    InvalidArgument,
)

pytestmark = pytest.mark.django_db

EMOJI_AND_CHINESE = "😀 繁體中文"
NEVER_ISSUED_IDS = [
    "",
    "not-an-id",
    "0",
    "-1",
    "1.5",
    "007",
    " 1",
    "9223372036854775807",  # largest BIGINT
    "99999999999999999999999",  # past BIGINT
    "ffffffffffffffffffffffff",  # a well-formed ObjectId nobody got
    "FFFFFFFFFFFFFFFFFFFFFFFF",
    "😀",
    None,
    42,
]


def fill(collection, partition, count, **extra):
    return [collection.append(partition, {"n": n, **extra})[0] for n in range(count)]


# --- append, get, ordering ----------------------------------------------------


def test_append_stores_a_document_that_get_returns_unchanged(messages):
    before = datetime.now(UTC) - timedelta(seconds=1)
    doc, created = messages.append("room-1", {"text": "hi", "sender_id": 7})
    assert created is True
    assert isinstance(doc.id, str) and doc.id
    assert (doc.collection, doc.partition, doc.seq) == (CHAT_MESSAGES, "room-1", 1)
    assert doc.data == {"text": "hi", "sender_id": 7}
    assert doc.idempotency_key is None
    assert doc.deleted_at is None and not doc.is_deleted
    assert doc.created_at == doc.updated_at
    assert doc.created_at.utcoffset() == timedelta(0)
    assert before <= doc.created_at <= datetime.now(UTC)
    assert messages.get(doc.id) == doc


def test_seq_grows_by_append_order_within_each_partition(messages):
    seqs_a = [doc.seq for doc in fill(messages, "room-a", 5)]
    seqs_b = [doc.seq for doc in fill(messages, "room-b", 3)]
    assert seqs_a == sorted(seqs_a) and len(set(seqs_a)) == 5
    assert seqs_a[0] >= 1
    assert seqs_b == [1, 2, 3]  # every partition counts on its own
    assert [doc.data["n"] for doc in messages.range("room-a")] == [0, 1, 2, 3, 4]


def test_seq_is_never_reused_after_the_newest_document_is_deleted(messages):
    docs = fill(messages, "room-1", 3)
    messages.delete(docs[-1].id)
    assert messages.append("room-1", {})[0].seq > docs[-1].seq


def test_seq_keeps_growing_after_a_whole_partition_is_deleted(messages):
    docs = fill(messages, "room-1", 3)
    assert messages.delete_partition("room-1") == 3
    assert messages.range("room-1") == []
    assert messages.append("room-1", {})[0].seq > docs[-1].seq


def test_collections_do_not_share_documents_or_counters(messages, bodies):
    message = messages.append("42", {"text": "chat"})[0]
    body = bodies.append("42", {"text": "post"})[0]
    assert message.seq == body.seq == 1
    assert messages.range("42") == [message]
    assert bodies.range("42") == [body]
    with pytest.raises(DocumentNotFound):
        bodies.get(message.id)


def test_store_hands_out_one_collection_object_per_name(store):
    assert store.collection(CHAT_MESSAGES) is store.collection(CHAT_MESSAGES)


def test_get_by_seq_finds_the_document_at_that_seq(messages):
    docs = fill(messages, "room-1", 3)
    assert messages.get_by_seq("room-1", docs[1].seq) == docs[1]
    with pytest.raises(DocumentNotFound):
        messages.get_by_seq("room-1", docs[-1].seq + 1)
    with pytest.raises(DocumentNotFound):
        messages.get_by_seq("room-2", docs[0].seq)


# --- unicode ----------------------------------------------------------------


def test_emoji_and_traditional_chinese_round_trip_in_data_partition_and_key(
    messages,
):
    data = {"text": EMOJI_AND_CHINESE, "nested": {"名字": ["𠀋", "é"]}}
    doc, _ = messages.append("房間-😀", data, idempotency_key="客戶端-😀-1")
    reloaded = messages.get(doc.id)
    assert reloaded.data == data
    assert reloaded.partition == "房間-😀"
    assert reloaded.idempotency_key == "客戶端-😀-1"
    assert messages.range("房間-😀") == [reloaded]
    again, created = messages.append("房間-😀", {}, idempotency_key="客戶端-😀-1")
    assert (again.id, created) == (doc.id, False)


def test_partitions_and_keys_differ_by_case_and_accents(messages):
    upper = messages.append("Room", {}, idempotency_key="ABC")[0]
    lower = messages.append("room", {}, idempotency_key="abc")[0]
    lower_again, created = messages.append("room", {}, idempotency_key="ABC")
    accented, accented_created = messages.append("room", {}, idempotency_key="abç")
    assert upper.id != lower.id
    assert created is True and lower_again.id != lower.id
    assert accented_created is True
    assert [d.id for d in messages.range("Room")] == [upper.id]
    assert len(messages.range("room")) == 3
    assert {d.id for d in [lower, lower_again, accented]} == {
        d.id for d in messages.range("room")
    }


# --- idempotent append --------------------------------------------------------


def test_append_with_a_used_key_returns_the_stored_document_without_writing(
    messages,
):
    first, created = messages.append("room-1", {"text": "hi"}, idempotency_key="c-1")
    retry, retry_created = messages.append(
        "room-1", {"text": "changed on retry"}, idempotency_key="c-1"
    )
    assert created is True and retry_created is False
    assert retry == first
    assert retry.data == {"text": "hi"}
    assert messages.range("room-1") == [first]
    # The retry used no seq: the next message follows the first directly.
    assert messages.append("room-1", {})[0].seq == first.seq + 1


def test_the_same_key_in_another_partition_is_another_document(messages):
    one = messages.append("room-1", {}, idempotency_key="c-1")[0]
    two, created = messages.append("room-2", {}, idempotency_key="c-1")
    assert created is True and two.id != one.id


def test_documents_without_a_key_never_count_as_duplicates(messages):
    docs = fill(messages, "room-1", 3)
    assert len({doc.id for doc in docs}) == 3
    assert all(doc.idempotency_key is None for doc in docs)


def test_a_key_can_be_used_again_once_its_document_is_deleted(messages):
    first = messages.append("room-1", {}, idempotency_key="c-1")[0]
    messages.delete(first.id)
    second, created = messages.append("room-1", {}, idempotency_key="c-1")
    assert created is True and second.id != first.id


def test_soft_deleted_document_still_holds_its_key(messages):
    first = messages.append("room-1", {}, idempotency_key="c-1")[0]
    messages.soft_delete(first.id)
    again, created = messages.append("room-1", {}, idempotency_key="c-1")
    assert created is False and again.id == first.id and again.is_deleted


# --- range ------------------------------------------------------------------


def test_range_pages_after_and_before_a_seq(messages):
    seqs = [doc.seq for doc in fill(messages, "room-1", 10)]
    assert [d.seq for d in messages.range("room-1")] == seqs
    assert [d.seq for d in messages.range("room-1", after_seq=seqs[6])] == seqs[7:]
    assert [d.seq for d in messages.range("room-1", before_seq=seqs[3])] == seqs[:3]
    between = messages.range("room-1", after_seq=seqs[2], before_seq=seqs[6])
    assert [d.seq for d in between] == seqs[3:6]
    assert messages.range("room-1", after_seq=seqs[-1]) == []
    assert messages.range("room-1", after_seq=0) == messages.range("room-1")


def test_range_limit_takes_the_oldest_or_the_newest(messages):
    seqs = [doc.seq for doc in fill(messages, "room-1", 10)]
    assert [d.seq for d in messages.range("room-1", limit=3)] == seqs[:3]
    newest = messages.range("room-1", limit=3, newest_first=True)
    assert [d.seq for d in newest] == seqs[:-4:-1]
    # Paging back through history: the page before the oldest one seen.
    older = messages.range(
        "room-1", before_seq=newest[-1].seq, limit=3, newest_first=True
    )
    assert [d.seq for d in older] == seqs[-4:-7:-1]
    # Catching up from a seq, in small pages, oldest first.
    page = messages.range("room-1", after_seq=seqs[4], limit=2)
    assert [d.seq for d in page] == seqs[5:7]


def test_range_caps_the_limit(messages):
    fill(messages, "room-1", MAX_LIMIT + 1)
    assert len(messages.range("room-1", limit=10_000)) == MAX_LIMIT


def test_range_can_leave_out_soft_deleted_documents(messages):
    docs = fill(messages, "room-1", 4)
    messages.soft_delete(docs[1].id)
    assert [d.id for d in messages.range("room-1")] == [d.id for d in docs]
    visible = messages.range("room-1", include_deleted=False)
    assert [d.id for d in visible] == [docs[0].id, docs[2].id, docs[3].id]


def test_range_of_an_unknown_partition_is_empty(messages):
    assert messages.range("nobody-here") == []


# --- latest -------------------------------------------------------------------


def test_latest_is_the_newest_document_or_none(messages):
    assert messages.latest("room-1") is None
    docs = fill(messages, "room-1", 3)
    assert messages.latest("room-1") == docs[-1]
    deleted = messages.soft_delete(docs[-1].id)
    assert messages.latest("room-1") == deleted


def test_latest_many_returns_the_newest_of_each_partition_that_has_one(messages):
    a = fill(messages, "room-a", 3)
    b = fill(messages, "room-b", 1)
    fill(messages, "room-c", 2)
    latest = messages.latest_many(["room-a", "room-b", "room-empty", "room-a"])
    assert latest == {"room-a": a[-1], "room-b": b[-1]}
    assert messages.latest_many([]) == {}


def test_post_body_versions_give_the_current_one_and_the_history(bodies):
    for version in ["first draft", "second draft", f"final {EMOJI_AND_CHINESE}"]:
        bodies.append("post-9", {"text": version, "editor_id": 3})
    assert bodies.latest("post-9").data["text"] == f"final {EMOJI_AND_CHINESE}"
    history = bodies.range("post-9", newest_first=True)
    assert [d.data["text"] for d in history] == [
        f"final {EMOJI_AND_CHINESE}",
        "second draft",
        "first draft",
    ]
    assert bodies.latest_many(["post-9"])["post-9"] == history[0]


# --- counts -------------------------------------------------------------------


def test_count_after_counts_later_documents_except_deleted_ones(messages):
    docs = fill(messages, "room-1", 5)
    assert messages.count_after("room-1", 0) == 5
    assert messages.count_after("room-1", docs[1].seq) == 3
    assert messages.count_after("room-1", docs[-1].seq) == 0
    messages.soft_delete(docs[3].id)
    assert messages.count_after("room-1", docs[1].seq) == 2
    assert messages.count_after("room-1", docs[1].seq, include_deleted=True) == 3
    assert messages.count_after("room-empty", 0) == 0


def test_count_after_many_answers_for_every_partition_asked(messages):
    a = fill(messages, "room-a", 4)
    fill(messages, "room-b", 2)
    messages.soft_delete(a[-1].id)
    counts = messages.count_after_many(
        {"room-a": a[0].seq, "room-b": 0, "room-empty": 0}
    )
    assert counts == {"room-a": 2, "room-b": 2, "room-empty": 0}
    assert messages.count_after_many({}) == {}


# --- update, soft delete, delete ----------------------------------------------


def test_update_merges_top_level_keys_and_bumps_updated_at(messages):
    doc = messages.append("room-1", {"text": "hi", "sender_id": 7})[0]
    edited = messages.update(doc.id, {"text": f"edited {EMOJI_AND_CHINESE}"})
    assert edited.data == {"text": f"edited {EMOJI_AND_CHINESE}", "sender_id": 7}
    assert edited.updated_at >= doc.updated_at
    assert (edited.id, edited.seq, edited.created_at) == (
        doc.id,
        doc.seq,
        doc.created_at,
    )
    assert messages.get(doc.id) == edited


def test_soft_delete_marks_the_document_and_keeps_the_first_deletion_time(
    messages,
):
    doc = messages.append("room-1", {"text": "secret", "sender_id": 7})[0]
    deleted = messages.soft_delete(doc.id)
    assert deleted.is_deleted and deleted.deleted_at >= doc.created_at
    assert deleted.data == doc.data
    assert messages.get(doc.id) == deleted
    again = messages.soft_delete(doc.id, data={})
    assert again == deleted  # already deleted: nothing changes


def test_soft_delete_can_replace_the_data_in_the_same_write(messages):
    doc = messages.append("room-1", {"text": "secret", "sender_id": 7})[0]
    deleted = messages.soft_delete(doc.id, data={"sender_id": 7})
    assert deleted.data == {"sender_id": 7}
    assert messages.get(doc.id).data == {"sender_id": 7}


def test_delete_removes_the_document_for_good(messages):
    keep, gone = fill(messages, "room-1", 2)
    messages.delete(gone.id)
    with pytest.raises(DocumentNotFound):
        messages.get(gone.id)
    with pytest.raises(DocumentNotFound):
        messages.delete(gone.id)
    assert messages.range("room-1") == [keep]


def test_delete_partition_leaves_other_partitions_alone(messages):
    fill(messages, "room-1", 3)
    other = fill(messages, "room-2", 2)
    assert messages.delete_partition("room-1") == 3
    assert messages.delete_partition("room-1") == 0
    assert messages.range("room-2") == other


# --- missing and malformed ids --------------------------------------------------


@pytest.mark.parametrize("doc_id", NEVER_ISSUED_IDS, ids=repr)
def test_unknown_or_malformed_ids_are_not_found(messages, doc_id):
    messages.append("room-1", {})
    with pytest.raises(DocumentNotFound):
        messages.get(doc_id)
    with pytest.raises(DocumentNotFound):
        messages.update(doc_id, {"text": "x"})
    with pytest.raises(DocumentNotFound):
        messages.soft_delete(doc_id)
    with pytest.raises(DocumentNotFound):
        messages.delete(doc_id)


def test_not_found_is_a_lookup_error():
    assert issubclass(DocumentNotFound, LookupError)


# --- invalid arguments --------------------------------------------------------


@pytest.mark.parametrize(
    "partition",
    ["", " room", "room ", "ro\x00om", "x" * (MAX_KEY_LENGTH + 1), None, 5],
    ids=repr,
)
def test_invalid_partitions_are_refused(messages, partition):
    with pytest.raises(InvalidArgument):
        messages.append(partition, {})
    with pytest.raises(InvalidArgument):
        messages.range(partition)


def test_longest_allowed_partition_and_key_are_accepted(messages):
    longest = "房" * MAX_KEY_LENGTH
    doc, _ = messages.append(longest, {}, idempotency_key=longest)
    assert messages.get(doc.id).partition == longest


@pytest.mark.parametrize(
    "data",
    [
        ["not", "a", "dict"],
        {"when": datetime(2024, 1, 1)},
        {"nan": float("nan")},
        {"a.b": 1},
        {"$set": 1},
        {"": 1},
        {1: "int key"},
    ],
    ids=repr,
)
def test_data_the_backends_cannot_store_alike_is_refused(messages, data):
    with pytest.raises(InvalidArgument):
        messages.append("room-1", data)
    doc = messages.append("room-1", {"ok": True})[0]
    with pytest.raises(InvalidArgument):
        messages.update(doc.id, data)
    assert messages.range("room-1") == [doc]


def test_invalid_keys_limits_and_seqs_are_refused(messages, store):
    with pytest.raises(InvalidArgument):
        messages.append("room-1", {}, idempotency_key="")
    with pytest.raises(InvalidArgument):
        messages.range("room-1", limit=0)
    with pytest.raises(InvalidArgument):
        messages.range("room-1", after_seq=-1)
    with pytest.raises(InvalidArgument):
        messages.range("room-1", before_seq="3")
    with pytest.raises(InvalidArgument):
        messages.get_by_seq("room-1", True)
    with pytest.raises(InvalidArgument):
        messages.count_after("room-1", -5)
    with pytest.raises(InvalidArgument):
        messages.latest_many("room-1")
    with pytest.raises(InvalidArgument):
        store.collection("Chat Messages")


def test_tuples_come_back_as_lists_on_every_backend(messages):
    doc = messages.append("room-1", {"pair": (1, 2)})[0]
    assert doc.data == {"pair": [1, 2]}
    assert messages.get(doc.id).data == {"pair": [1, 2]}


# --- concurrency --------------------------------------------------------------

THREADS = 4
APPENDS_PER_THREAD = 10


def run_in_threads(backend, work):
    """Start every thread at once; each closes its own database connection."""
    barrier = threading.Barrier(THREADS)

    def thread_main(number):
        try:
            barrier.wait(timeout=10)
            return work(number)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(thread_main, range(THREADS)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_get_distinct_seqs_and_none_is_lost(backend):
    messages = backend.store.collection(CHAT_MESSAGES)

    def append_some(number):
        seqs = []
        for i in range(APPENDS_PER_THREAD):
            with backend.one_call_at_a_time():
                doc, created = messages.append("room-1", {"thread": number, "i": i})
            assert created
            seqs.append(doc.seq)
        return seqs

    per_thread = run_in_threads(backend, append_some)
    every_seq = [seq for seqs in per_thread for seq in seqs]
    assert len(every_seq) == len(set(every_seq)) == THREADS * APPENDS_PER_THREAD
    assert all(seqs == sorted(seqs) for seqs in per_thread)
    stored = messages.range("room-1", limit=MAX_LIMIT)
    assert [doc.seq for doc in stored] == sorted(every_seq)
    for number in range(THREADS):
        mine = [doc.data["i"] for doc in stored if doc.data["thread"] == number]
        assert mine == list(range(APPENDS_PER_THREAD))


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_store_one_document(backend):
    messages = backend.store.collection(CHAT_MESSAGES)

    def send_with_retries(number):
        results = []
        for attempt in range(3):
            with backend.one_call_at_a_time():
                doc, created = messages.append(
                    "room-1",
                    {"thread": number, "attempt": attempt},
                    idempotency_key="c-1",
                )
            results.append((doc.id, created))
        return results

    results = [r for rs in run_in_threads(backend, send_with_retries) for r in rs]
    assert len({doc_id for doc_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert len(messages.range("room-1")) == 1
