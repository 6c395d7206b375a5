"""Chat over /api/v1/chat/: the same rules as the services, in the error shape."""

import pytest
from rest_framework.test import APIClient

from chat import services
from chat.models import Membership
from tests.chat.conftest import stored_documents, user_messages

pytestmark = pytest.mark.django_db

API = "/api/v1/chat"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mei_api(mei):
    return client_for(mei)


@pytest.fixture
def jun_api(jun):
    return client_for(jun)


def error_code(response) -> str:
    return response.json()["error"]["code"]


# --- members only ---------------------------------------------------------------

ROOM_ENDPOINTS = [
    ("get", "{room}", None),
    ("delete", "{room}", None),
    ("get", "{room}/members", None),
    ("post", "{room}/members", {"username": "bob"}),
    ("patch", "{room}/members/jun", {"nickname": "x"}),
    ("delete", "{room}/members/jun", None),
    ("post", "{room}/leave", None),
    ("post", "{room}/transfer", {"username": "jun"}),
    ("get", "{room}/settings", None),
    ("patch", "{room}/settings", {"name": "Mine now"}),
    ("get", "{room}/my-settings", None),
    ("patch", "{room}/my-settings", {"pinned": True}),
    ("get", "{room}/invites", None),
    ("post", "{room}/invites", {}),
    ("delete", "{room}/invites/abcdefghijkl", None),
    ("get", "{room}/messages", None),
    ("post", "{room}/messages", {"text": "let me in"}),
    ("patch", "{room}/messages/1", {"text": "changed"}),
    ("delete", "{room}/messages/1", None),
    ("post", "{room}/read", {"seq": 1}),
    ("post", "{room}/typing", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROOM_ENDPOINTS)
def test_a_non_member_gets_404_from_every_room_endpoint(
    group, outsider, bob, method, path, body
):
    before = [d.data for d in stored_documents(group.pk)]
    url = f"{API}/rooms/" + path.format(room=group.pk)

    response = getattr(client_for(outsider), method)(url, body, format="json")

    assert response.status_code == 404, response.content
    assert error_code(response) == "room_not_found"
    assert [d.data for d in stored_documents(group.pk)] == before
    assert Membership.objects.filter(room=group).count() == 2


@pytest.mark.parametrize(("method", "path", "body"), ROOM_ENDPOINTS[:3])
def test_an_unknown_room_is_404_like_a_foreign_one(mei_api, method, path, body):
    url = f"{API}/rooms/" + path.format(room=999_999)

    response = getattr(mei_api, method)(url, body, format="json")

    assert (response.status_code, error_code(response)) == (404, "room_not_found")


def test_signed_out_clients_get_401(group):
    response = APIClient().get(f"{API}/rooms/{group.pk}/messages")

    assert response.status_code == 401


# --- rooms ------------------------------------------------------------------------


def test_create_a_group_and_list_it(mei_api, jun_api, jun, bob):
    created = mei_api.post(
        f"{API}/rooms",
        {"name": "Hikers", "members": ["jun", "bob"], "emoji": "⛰️"},
        format="json",
    )
    assert created.status_code == 201, created.content
    room = created.json()
    assert (room["name"], room["my_role"], room["member_count"]) == (
        "Hikers",
        "owner",
        3,
    )

    listed = jun_api.get(f"{API}/rooms").json()
    assert [r["id"] for r in listed] == [room["id"]]
    assert listed[0]["unread_count"] == 1  # "Mei created the room."
    assert listed[0]["last_message"]["kind"] == "system"


def test_create_a_group_with_an_unknown_member_is_refused(mei_api):
    response = mei_api.post(
        f"{API}/rooms", {"name": "x", "members": ["nobody-here"]}, format="json"
    )

    assert (response.status_code, error_code(response)) == (404, "user_not_found")


def test_open_a_direct_room_once(mei_api, jun):
    first = mei_api.post(f"{API}/direct", {"username": "jun"}, format="json")
    second = mei_api.post(f"{API}/direct", {"username": "jun"}, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["peer"]["username"] == "jun"


def test_direct_room_respects_who_may_message(mei_api, jun_api, jun):
    assert jun_api.patch(
        f"{API}/preferences", {"who_may_message": "nobody"}, format="json"
    ).json() == {"who_may_message": "nobody"}

    response = mei_api.post(f"{API}/direct", {"username": "jun"}, format="json")

    assert (response.status_code, error_code(response)) == (
        403,
        "messaging_not_allowed",
    )


def test_room_list_query_count_does_not_grow_with_rooms(
    mei, jun, bob, mei_api, django_assert_max_num_queries
):
    for index in range(6):
        room = services.room_group_create(creator=mei, name=f"r{index}", members=[jun])
        services.message_send(room_id=room.pk, sender=jun, text="hi")
    services.room_direct_get_or_create(user=mei, other=bob)

    with django_assert_max_num_queries(12):
        response = mei_api.get(f"{API}/rooms")
    assert len(response.json()) == 7


def test_members_and_roles(group, mei_api, jun_api, bob):
    added = mei_api.post(
        f"{API}/rooms/{group.pk}/members", {"username": "bob"}, format="json"
    )
    assert added.status_code == 201
    assert jun_api.post(
        f"{API}/rooms/{group.pk}/members", {"username": "bob"}, format="json"
    ).json()["error"]["code"] in {"not_room_admin", "already_member"}

    members = jun_api.get(f"{API}/rooms/{group.pk}/members").json()
    assert [(m["user"]["username"], m["role"]) for m in members] == [
        ("mei", "owner"),
        ("jun", "member"),
        ("bob", "member"),
    ]
    made_admin = mei_api.patch(
        f"{API}/rooms/{group.pk}/members/jun", {"role": "admin"}, format="json"
    )
    assert made_admin.json()["role"] == "admin"
    removed = jun_api.delete(f"{API}/rooms/{group.pk}/members/bob")
    assert removed.status_code == 204
    gone = client_for(bob).get(f"{API}/rooms/{group.pk}/messages")
    assert gone.status_code == 404


def test_shared_and_personal_settings(group, mei_api, jun_api):
    shared = mei_api.patch(
        f"{API}/rooms/{group.pk}/settings",
        {"name": "山友會", "theme_color": "#112233"},
        format="json",
    )
    assert shared.status_code == 200
    assert jun_api.get(f"{API}/rooms/{group.pk}/settings").json()["name"] == "山友會"
    refused = jun_api.patch(
        f"{API}/rooms/{group.pk}/settings", {"name": "x"}, format="json"
    )
    assert (refused.status_code, error_code(refused)) == (403, "not_room_admin")
    bad = mei_api.patch(
        f"{API}/rooms/{group.pk}/settings", {"theme_color": "blue"}, format="json"
    )
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (
        400,
        ["theme_color"],
    )

    mine = jun_api.patch(
        f"{API}/rooms/{group.pk}/my-settings",
        {"pinned": True, "muted_until": "2030-01-01T00:00:00Z"},
        format="json",
    )
    assert mine.json()["pinned"] is True
    assert mei_api.get(f"{API}/rooms/{group.pk}/my-settings").json()["pinned"] is False


def test_invite_flow_and_its_clear_errors(group, mei_api, jun_api, bob, outsider):
    created = mei_api.post(
        f"{API}/rooms/{group.pk}/invites", {"max_uses": 1}, format="json"
    )
    assert created.status_code == 201
    code = created.json()["code"]
    assert jun_api.post(f"{API}/rooms/{group.pk}/invites", {}).status_code == 403

    preview = client_for(bob).get(f"{API}/invites/{code}")
    assert preview.json()["room"]["name"] == "Hikers"
    joined = client_for(bob).post(f"{API}/invites/{code}/accept")
    assert (joined.status_code, joined.json()["id"]) == (200, group.pk)
    used_up = client_for(outsider).post(f"{API}/invites/{code}/accept")
    assert (used_up.status_code, error_code(used_up)) == (410, "invite_used_up")

    other = mei_api.post(f"{API}/rooms/{group.pk}/invites", {}, format="json").json()
    assert [
        i["code"] for i in mei_api.get(f"{API}/rooms/{group.pk}/invites").json()
    ] == [other["code"]]
    assert (
        mei_api.delete(f"{API}/rooms/{group.pk}/invites/{other['code']}").status_code
        == 204
    )
    revoked = client_for(outsider).post(f"{API}/invites/{other['code']}/accept")
    assert (revoked.status_code, error_code(revoked)) == (410, "invite_revoked")
    unknown = client_for(outsider).post(f"{API}/invites/not-a-code-123/accept")
    assert (unknown.status_code, error_code(unknown)) == (404, "invite_not_found")


def test_leave_and_delete(group, mei_api, jun_api):
    assert error_code(mei_api.post(f"{API}/rooms/{group.pk}/leave")) == (
        "owner_must_transfer"
    )
    assert jun_api.post(f"{API}/rooms/{group.pk}/leave").status_code == 204
    assert mei_api.delete(f"{API}/rooms/{group.pk}").status_code == 204
    assert mei_api.get(f"{API}/rooms").json() == []


# --- messages ---------------------------------------------------------------------


def test_send_then_resend_returns_the_original(group, jun_api):
    url = f"{API}/rooms/{group.pk}/messages"
    body = {"text": "你好", "client_id": "7a1c"}

    first = jun_api.post(url, body, format="json")
    again = jun_api.post(url, body, format="json")
    reused = jun_api.post(url, {**body, "text": "other"}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["seq"] == first.json()["seq"]
    assert (reused.status_code, error_code(reused)) == (409, "client_id_reused")
    assert len(user_messages(group.pk)) == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "x" * 4001}, 400, "message_too_long"),
        ({}, 400, "message_empty"),
        ({"text": 17}, 400, "invalid"),
        ({"text": "hi", "image_id": "abc"}, 400, "invalid"),
        ({"text": "hi", "image_id": 999999}, 400, "image_not_allowed"),
        ({"text": "hi", "reply_to_seq": 0}, 400, "invalid"),
        ({"text": "hi", "reply_to_seq": 99}, 404, "message_not_found"),
        ({"text": "hi", "client_id": ""}, 400, "invalid"),
    ],
)
def test_bad_messages_are_refused_with_a_code_and_nothing_stored(
    group, jun_api, body, status, code
):
    before = len(stored_documents(group.pk))

    response = jun_api.post(f"{API}/rooms/{group.pk}/messages", body, format="json")

    assert (response.status_code, error_code(response)) == (status, code)
    assert response.json()["error"]["message"]
    assert len(stored_documents(group.pk)) == before


def test_someone_elses_image_is_refused(group, mei, jun_api, image_of):
    upload = image_of(mei)

    response = jun_api.post(
        f"{API}/rooms/{group.pk}/messages", {"image_id": upload.pk}, format="json"
    )

    assert (response.status_code, error_code(response)) == (400, "image_not_allowed")


def test_history_catch_up_after_a_reconnect(group, jun, mei_api):
    seqs = [
        services.message_send(room_id=group.pk, sender=jun, text=f"m{i}")[0].seq
        for i in range(4)
    ]
    url = f"{API}/rooms/{group.pk}/messages"

    page = mei_api.get(url, {"limit": 2}).json()
    missed = mei_api.get(url, {"after_seq": seqs[0]}).json()
    older = mei_api.get(url, {"before_seq": seqs[2], "limit": 1}).json()

    assert [m["text"] for m in page["messages"]] == ["m2", "m3"]
    assert page["has_more"] is True
    assert [m["seq"] for m in missed["messages"]] == seqs[1:]
    assert missed["has_more"] is False
    assert [m["text"] for m in older["messages"]] == ["m1"]


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 201}, {"after_seq": -1}, {"before_seq": "x"}]
)
def test_bad_history_parameters_are_400(group, mei_api, query):
    response = mei_api.get(f"{API}/rooms/{group.pk}/messages", query)

    assert (response.status_code, error_code(response)) == (400, "invalid")


def test_edit_and_delete_my_message(group, mei_api, jun_api):
    sent = jun_api.post(
        f"{API}/rooms/{group.pk}/messages", {"text": "helo"}, format="json"
    ).json()
    url = f"{API}/rooms/{group.pk}/messages/{sent['seq']}"

    not_mine = mei_api.patch(url, {"text": "hacked"}, format="json")
    edited = jun_api.patch(url, {"text": "hello"}, format="json")
    deleted = jun_api.delete(url)

    assert (not_mine.status_code, error_code(not_mine)) == (403, "not_message_author")
    assert edited.json()["text"] == "hello"
    assert edited.json()["edited_at"]
    assert deleted.status_code == 204
    shown = mei_api.get(f"{API}/rooms/{group.pk}/messages").json()["messages"][-1]
    assert (shown["deleted"], shown["text"]) == (True, "")


def test_read_marks_and_unread_counts(group, jun, mei_api):
    last = [
        services.message_send(room_id=group.pk, sender=jun, text="hi")[0]
        for _ in range(2)
    ][-1]
    assert mei_api.get(f"{API}/unread").json() == {
        "total": 2,
        "rooms": {str(group.pk): 2},
    }

    marked = mei_api.post(f"{API}/rooms/{group.pk}/read", {"seq": last.seq})

    assert marked.json() == {"room_id": group.pk, "last_read_seq": last.seq}
    assert mei_api.get(f"{API}/unread").json() == {"total": 0, "rooms": {}}
    members = mei_api.get(f"{API}/rooms/{group.pk}/members").json()
    assert {m["user"]["username"]: m["last_read_seq"] for m in members} == {
        "mei": last.seq,
        "jun": last.seq,
    }


def test_chat_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()

    for path in [
        "/api/v1/chat/rooms",
        "/api/v1/chat/rooms/{room_id}/messages",
        "/api/v1/chat/rooms/{room_id}/members",
        "/api/v1/chat/rooms/{room_id}/settings",
        "/api/v1/chat/rooms/{room_id}/my-settings",
        "/api/v1/chat/rooms/{room_id}/invites",
        "/api/v1/chat/rooms/{room_id}/read",
        "/api/v1/chat/invites/{code}/accept",
    ]:
        assert path in schema["paths"], path


def test_an_over_long_message_is_told_the_limit(group, jun_api):
    response = jun_api.post(
        f"{API}/rooms/{group.pk}/messages", {"text": "x" * 4001}, format="json"
    )

    assert response.json()["error"]["message"] == (
        "A message may be at most 4000 characters long."
    )


def test_a_document_store_outage_is_a_503_with_a_code(group, jun_api, monkeypatch):
    from kaigon.docstore import DocumentStoreUnavailable
    from kaigon.docstore.orm import OrmCollection

    def down(*args, **kwargs):
        raise DocumentStoreUnavailable("MongoDB did not answer")

    monkeypatch.setattr(OrmCollection, "append", down)
    monkeypatch.setattr(OrmCollection, "range", down)

    sent = jun_api.post(
        f"{API}/rooms/{group.pk}/messages", {"text": "hi"}, format="json"
    )
    read = jun_api.get(f"{API}/rooms/{group.pk}/messages")

    assert (sent.status_code, error_code(sent)) == (503, "messages_unavailable")
    assert (read.status_code, error_code(read)) == (503, "messages_unavailable")


def test_history_query_count_does_not_grow_with_senders(
    group, mei, jun, bob, mei_api, django_assert_max_num_queries
):
    services.room_member_add(room_id=group.pk, actor=mei, user=bob)
    for sender in [mei, jun, bob] * 10:
        services.message_send(room_id=group.pk, sender=sender, text="hi")

    with django_assert_max_num_queries(6):
        response = mei_api.get(f"{API}/rooms/{group.pk}/messages", {"limit": 30})
    assert len(response.json()["messages"]) == 30
