"""Chat over the /ws/ socket, through the real ASGI stack (kaigon.asgi)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from chat import services
from kaigon.asgi import application
from tests.chat.conftest import stored_documents, user_messages
from tests.kaigon.conftest import channel_layer  # noqa: F401  (a fixture)
from tests.kaigon.test_realtime import SAME_SITE, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 5


@pytest.fixture
async def connect(channel_layer):  # noqa: F811
    """Open a socket as a user; every socket is closed at the end."""
    opened: list[WebsocketCommunicator] = []

    async def open_socket(user) -> WebsocketCommunicator:
        cookie = await database_sync_to_async(session_cookie)(user)
        socket = WebsocketCommunicator(application, "/ws/", [cookie, *SAME_SITE])
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        opened.append(socket)
        return socket

    yield open_socket
    for socket in opened:
        await socket.disconnect(timeout=TIMEOUT)


async def frame_of_type(socket, event_type: str) -> dict:
    """The next frame of this type; frames of other types before it are skipped."""
    for _ in range(20):
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == event_type:
            return frame
    raise AssertionError(f"no {event_type} frame")


async def call(socket, frame: dict) -> dict:
    """Send a command and return the direct answer (matched by ref)."""
    ref = f"r-{id(frame)}"
    await socket.send_json_to({**frame, "ref": ref})
    for _ in range(20):
        answer = await socket.receive_json_from(timeout=TIMEOUT)
        if answer.get("ref") == ref:
            return answer
    raise AssertionError("no answer")


async def drain(socket) -> list[dict]:
    frames = []
    while not await socket.receive_nothing(timeout=0.2):
        frames.append(await socket.receive_json_from(timeout=TIMEOUT))
    return frames


def count_stored(room_id: int) -> int:
    return len(stored_documents(room_id))


@pytest.fixture
def chat_group(mei, jun):
    return services.room_group_create(creator=mei, name="Hikers", members=[jun])


# --- sending ---------------------------------------------------------------------


async def test_send_acks_the_sender_and_reaches_every_member(
    connect, chat_group, mei, jun, outsider
):
    mei_socket, jun_socket, jun_phone = (
        await connect(mei),
        await connect(jun),
        await connect(jun),
    )
    outsider_socket = await connect(outsider)

    ack = await call(
        mei_socket,
        {
            "type": "message.send",
            "room_id": chat_group.pk,
            "text": "早安",
            "client_id": "c-1",
        },
    )

    assert ack["type"] == "message.ack"
    assert (ack["room_id"], ack["client_id"], ack["created"]) == (
        chat_group.pk,
        "c-1",
        True,
    )
    assert ack["id"] and ack["seq"] >= 1
    for socket in (mei_socket, jun_socket, jun_phone):
        new = await frame_of_type(socket, "message.new")
        assert (new["message"]["id"], new["message"]["text"]) == (ack["id"], "早安")
    assert await drain(outsider_socket) == []


async def test_a_resend_is_acked_with_the_original_and_delivered_once(
    connect, chat_group, mei, jun
):
    mei_socket, jun_socket = await connect(mei), await connect(jun)
    frame = {
        "type": "message.send",
        "room_id": chat_group.pk,
        "text": "hi",
        "client_id": "c-9",
    }

    first = await call(mei_socket, frame)
    again = await call(mei_socket, frame)

    assert (again["id"], again["seq"], again["created"]) == (
        first["id"],
        first["seq"],
        False,
    )
    news = [f for f in await drain(jun_socket) if f["type"] == "message.new"]
    assert [f["message"]["id"] for f in news] == [first["id"]]
    assert len(await database_sync_to_async(user_messages)(chat_group.pk)) == 1


async def test_original_command_names_still_work(connect, chat_group, mei):
    socket = await connect(mei)

    ack = await call(
        socket,
        {"type": "send_chat_message", "room_id": chat_group.pk, "text": "legacy"},
    )
    rooms = await call(socket, {"type": "get_all_chat_room"})
    history = await call(socket, {"type": "get_chat_message", "room_id": chat_group.pk})

    assert ack["type"] == "message.ack"
    assert rooms["type"] == "room.list.result"
    assert rooms["rooms"][0]["last_message"]["text"] == "legacy"
    assert history["messages"][-1]["seq"] == ack["seq"]


# --- members only -------------------------------------------------------------------

ROOM_COMMANDS = [
    {"type": "message.send", "text": "let me in"},
    {"type": "message.history"},
    {"type": "message.edit", "seq": 1, "text": "x"},
    {"type": "message.delete", "seq": 1},
    {"type": "room.mark_read", "seq": 1},
    {"type": "typing"},
    {"type": "room.members"},
    {"type": "room.settings.update", "name": "Mine"},
    {"type": "room.my_settings.update", "pinned": True},
    {"type": "send_chat_message", "text": "let me in"},
    {"type": "get_chat_message"},
    {"type": "have_read", "seq": 1},
    {"type": "update_chat_room_setting", "name": "Mine"},
    {"type": "update_chat_room_custom_setting", "pinned": True},
]


@pytest.mark.parametrize("command", ROOM_COMMANDS, ids=lambda c: c["type"])
async def test_a_non_member_is_refused_every_room_command(
    connect, chat_group, outsider, command
):
    before = await database_sync_to_async(count_stored)(chat_group.pk)
    socket = await connect(outsider)

    answer = await call(socket, {**command, "room_id": chat_group.pk})

    assert (answer["type"], answer["code"]) == ("error", "room_not_found")
    assert await database_sync_to_async(count_stored)(chat_group.pk) == before


async def test_a_non_member_hears_nothing_of_the_room(
    connect, chat_group, mei, jun, outsider
):
    outsider_socket = await connect(outsider)
    mei_socket = await connect(mei)

    sent = await call(
        mei_socket, {"type": "message.send", "room_id": chat_group.pk, "text": "a"}
    )
    for frame in [
        {
            "type": "message.edit",
            "room_id": chat_group.pk,
            "seq": sent["seq"],
            "text": "b",
        },
        {"type": "typing", "room_id": chat_group.pk},
        {"type": "room.settings.update", "room_id": chat_group.pk, "emoji": "🌲"},
        {"type": "message.delete", "room_id": chat_group.pk, "seq": sent["seq"]},
    ]:
        await mei_socket.send_json_to(frame)
    await database_sync_to_async(services.room_mark_read)(
        room_id=chat_group.pk, user=jun, seq=sent["seq"]
    )
    await drain(mei_socket)

    assert await drain(outsider_socket) == []


async def test_a_removed_member_stops_hearing_at_once_on_every_socket(
    connect, chat_group, mei, jun, bob
):
    await database_sync_to_async(services.room_member_add)(
        room_id=chat_group.pk, actor=mei, user=bob
    )
    bob_laptop, bob_phone = await connect(bob), await connect(bob)
    jun_socket = await connect(jun)

    await database_sync_to_async(services.room_member_remove)(
        room_id=chat_group.pk, actor=mei, user=bob
    )
    for socket in (bob_laptop, bob_phone):
        removed = await frame_of_type(socket, "room.removed")
        assert removed == {
            "type": "room.removed",
            "room_id": chat_group.pk,
            "reason": "removed",
        }
    await drain(bob_laptop)
    await drain(bob_phone)
    await call(
        jun_socket,
        {"type": "message.send", "room_id": chat_group.pk, "text": "after bob"},
    )
    await frame_of_type(jun_socket, "message.new")

    assert await drain(bob_laptop) == []
    assert await drain(bob_phone) == []
    refused = await call(
        bob_phone, {"type": "message.history", "room_id": chat_group.pk}
    )
    assert refused["code"] == "room_not_found"


async def test_a_new_member_hears_the_room_at_once(connect, chat_group, mei, bob):
    bob_socket = await connect(bob)

    await database_sync_to_async(services.room_member_add)(
        room_id=chat_group.pk, actor=mei, user=bob
    )
    joined = await frame_of_type(bob_socket, "member.joined")
    await database_sync_to_async(services.message_send)(
        room_id=chat_group.pk, sender=mei, text="welcome"
    )

    assert joined["room"]["name"] == "Hikers"
    new = await frame_of_type(bob_socket, "message.new")
    while new["message"]["kind"] == "system":
        new = await frame_of_type(bob_socket, "message.new")
    assert new["message"]["text"] == "welcome"


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "message.send", "text": "no room"}, "invalid"),
        ({"type": "message.send", "room_id": "1", "text": "x"}, "invalid"),
        ({"type": "message.send", "room_id": 999999, "text": "x"}, "room_not_found"),
        (
            {"type": "message.send", "room_id": "ROOM", "text": "x" * 4001},
            "message_too_long",
        ),
        ({"type": "message.send", "room_id": "ROOM", "text": 5}, "invalid"),
        ({"type": "message.send", "room_id": "ROOM"}, "message_empty"),
        (
            {"type": "message.send", "room_id": "ROOM", "image_id": 999},
            "image_not_allowed",
        ),
        (
            {"type": "message.send", "room_id": "ROOM", "text": "x", "client_id": 7},
            "invalid",
        ),
        ({"type": "message.history", "room_id": "ROOM", "limit": 0}, "invalid"),
        ({"type": "room.mark_read", "room_id": "ROOM"}, "invalid"),
        (
            {"type": "message.edit", "room_id": "ROOM", "seq": 999, "text": "x"},
            "message_not_found",
        ),
        (
            {
                "type": "room.my_settings.update",
                "room_id": "ROOM",
                "muted_until": "soon",
            },
            "invalid",
        ),
    ],
)
async def test_bad_input_gets_an_error_with_a_code_and_stores_nothing(
    connect, chat_group, mei, frame, code
):
    if frame.get("room_id") == "ROOM":
        frame = {**frame, "room_id": chat_group.pk}
    before = await database_sync_to_async(count_stored)(chat_group.pk)
    socket = await connect(mei)

    answer = await call(socket, frame)

    assert (answer["type"], answer["code"]) == ("error", code)
    assert answer["message"]
    assert await database_sync_to_async(count_stored)(chat_group.pk) == before


async def test_a_client_id_reused_for_other_text_is_an_error(connect, chat_group, mei):
    socket = await connect(mei)
    frame = {"type": "message.send", "room_id": chat_group.pk, "client_id": "k"}

    await call(socket, {**frame, "text": "first"})
    answer = await call(socket, {**frame, "text": "second"})

    assert answer["code"] == "client_id_reused"
    assert len(await database_sync_to_async(user_messages)(chat_group.pk)) == 1


async def test_errors_speak_the_sockets_language(channel_layer, chat_group, mei):  # noqa: F811
    cookie = await database_sync_to_async(session_cookie)(mei)
    socket = WebsocketCommunicator(
        application,
        "/ws/",
        [cookie, *SAME_SITE, (b"accept-language", b"zh-Hant")],
    )
    await socket.connect(timeout=TIMEOUT)
    try:
        answer = await call(socket, {"type": "message.send", "room_id": 999999})
        assert answer["code"] == "room_not_found"
        assert (
            answer["message"] != "There is no such chat room, or you are not a member."
        )
    finally:
        await socket.disconnect(timeout=TIMEOUT)


# --- edits, receipts, typing ----------------------------------------------------


async def test_edit_delete_read_and_typing_reach_the_other_member(
    connect, chat_group, mei, jun
):
    mei_socket, jun_socket = await connect(mei), await connect(jun)
    sent = await call(
        mei_socket, {"type": "message.send", "room_id": chat_group.pk, "text": "helo"}
    )
    room = chat_group.pk

    edit = await call(
        mei_socket,
        {"type": "message.edit", "room_id": room, "seq": sent["seq"], "text": "hello"},
    )
    edited = await frame_of_type(jun_socket, "message.edited")
    read = await call(
        jun_socket, {"type": "room.mark_read", "room_id": room, "seq": sent["seq"]}
    )
    seen = await frame_of_type(mei_socket, "room.read")
    await jun_socket.send_json_to({"type": "typing", "room_id": room})
    typing = await frame_of_type(mei_socket, "typing")
    await jun_socket.send_json_to({"type": "typing", "room_id": room})
    deleted_ack = await call(
        mei_socket, {"type": "message.delete", "room_id": room, "seq": sent["seq"]}
    )
    deleted = await frame_of_type(jun_socket, "message.deleted")

    assert (edit["type"], edit["command"]) == ("ack", "message.edit")
    assert edited["message"]["text"] == "hello"
    assert read["last_read_seq"] == sent["seq"]
    assert (seen["user"]["username"], seen["seq"]) == ("jun", sent["seq"])
    assert typing["user"]["username"] == "jun"
    assert deleted_ack["command"] == "message.delete"
    assert (deleted["id"], deleted["seq"]) == (sent["id"], sent["seq"])
    # The second typing frame within 3 seconds was not passed on.
    assert [f for f in await drain(mei_socket) if f["type"] == "typing"] == []


async def test_room_list_members_and_settings_commands(connect, chat_group, mei, jun):
    socket = await connect(mei)

    members = await call(socket, {"type": "room.members", "room_id": chat_group.pk})
    updated = await call(
        socket,
        {"type": "room.settings.update", "room_id": chat_group.pk, "name": "山友"},
    )
    mine = await call(
        socket,
        {
            "type": "room.my_settings.update",
            "room_id": chat_group.pk,
            "archived": True,
            "muted_until": "2030-01-01T00:00:00+08:00",
        },
    )
    listed = await call(socket, {"type": "room.list", "archived": True})

    assert [m["user"]["username"] for m in members["members"]] == ["mei", "jun"]
    assert updated["room"]["name"] == "山友"
    assert mine["my_settings"]["archived"] is True
    assert [r["id"] for r in listed["rooms"]] == [chat_group.pk]
    assert listed["unread_total"] == 0
