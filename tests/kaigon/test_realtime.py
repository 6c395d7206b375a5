"""The WebSocket at /ws/, through the real ASGI stack (kaigon.asgi.application)."""

import asyncio
import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from rest_framework.test import APIClient

from accounts.auth.tickets import ws_ticket_issue
from kaigon.asgi import application
from kaigon.consumers import (
    CLIENT_EVENT_HANDLERS,
    SOCKET_GROUP_PROVIDERS,
    LiveConsumer,
)
from kaigon.errors import InvalidInput, PermissionDenied
from kaigon.events import (
    close_user_sockets,
    send_event_to_users,
    user_sockets_join_group,
    user_sockets_leave_group,
)
from tests.availability import missing, redis_url_or_skip
from tests.kaigon.conftest import Rollback

pytestmark = pytest.mark.django_db(transaction=True)

SAME_SITE = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
TIMEOUT = 5


@pytest.fixture
async def sockets(channel_layer):
    """Open sockets; every one is disconnected at the end of the test."""
    opened: list[WebsocketCommunicator] = []

    async def open_socket(path: str = "/ws/", headers=()) -> WebsocketCommunicator:
        communicator = WebsocketCommunicator(application, path, headers=list(headers))
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        # The consumer always accepts, then closes with a readable code.
        assert connected
        opened.append(communicator)
        return communicator

    yield open_socket
    for communicator in opened:
        await communicator.disconnect(timeout=TIMEOUT)


def session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return (b"cookie", f"{name}={client.cookies[name].value}".encode())


@pytest.fixture
def user_cookie(user):
    return session_cookie(user)


@pytest.fixture
def other_user_cookie(other_user):
    return session_cookie(other_user)


@pytest.fixture
def issue_ticket():
    return database_sync_to_async(lambda user: ws_ticket_issue(user=user))


async def assert_closed(socket: WebsocketCommunicator, code: int) -> None:
    message = await socket.receive_output(timeout=TIMEOUT)
    assert message == {"type": "websocket.close", "code": code}


async def assert_live(socket: WebsocketCommunicator) -> None:
    """Open and authenticated: it answers a ping."""
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "pong"}


async def send_to_users(user_ids, event) -> None:
    await database_sync_to_async(send_event_to_users)(user_ids, event)


# --- who may connect --------------------------------------------------------


async def test_session_user_is_accepted(sockets, user_cookie):
    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    await assert_live(socket)


async def test_anonymous_browser_is_closed_with_4401(sockets):
    socket = await sockets(headers=SAME_SITE)

    await assert_closed(socket, 4401)


async def test_signed_out_session_is_closed_with_4401(sockets, user):
    def sign_in_and_out():
        client = Client()
        client.force_login(user)
        name = django_settings.SESSION_COOKIE_NAME
        cookie = (b"cookie", f"{name}={client.cookies[name].value}".encode())
        client.logout()
        return cookie

    cookie = await database_sync_to_async(sign_in_and_out)()
    socket = await sockets(headers=[cookie, *SAME_SITE])

    await assert_closed(socket, 4401)


async def test_session_of_a_deactivated_user_is_closed_with_4401(
    sockets, user, user_cookie
):
    user.is_active = False
    await database_sync_to_async(user.save)(update_fields=["is_active"])

    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    await assert_closed(socket, 4401)


async def test_ticket_opens_one_socket_only(sockets, user, issue_ticket):
    ticket = await issue_ticket(user)

    first = await sockets(f"/ws/?ticket={ticket}")
    await assert_live(first)
    second = await sockets(f"/ws/?ticket={ticket}")
    await assert_closed(second, 4401)


async def test_expired_ticket_is_closed_with_4401(
    sockets, user, issue_ticket, settings
):
    settings.WS_TICKET_TTL_SECONDS = 1
    ticket = await issue_ticket(user)
    await asyncio.sleep(1.2)

    socket = await sockets(f"/ws/?ticket={ticket}")

    await assert_closed(socket, 4401)


async def test_unknown_ticket_is_not_rescued_by_the_session_cookie(
    sockets, user_cookie
):
    socket = await sockets("/ws/?ticket=not-a-real-ticket", [user_cookie, *SAME_SITE])

    await assert_closed(socket, 4401)


async def test_ticket_from_a_jwt_client_opens_a_socket(sockets, user):
    from accounts.auth.tokens import token_pair_issue

    def ask_for_ticket():
        client = APIClient()
        token = token_pair_issue(user=user).access
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post("/api/v1/auth/ws-ticket").json()

    body = await database_sync_to_async(ask_for_ticket)()
    socket = await sockets(body["url"])

    await assert_live(socket)
    await send_to_users([user.pk], {"type": "test.hello"})
    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "test.hello"}


async def test_cookie_without_origin_is_closed_with_4401(sockets, user_cookie):
    # Not a browser, so nothing vouches that the cookie was not lifted from one.
    socket = await sockets(headers=[user_cookie, (b"host", b"testserver")])

    await assert_closed(socket, 4401)


async def test_ticket_without_origin_is_accepted(sockets, user, issue_ticket):
    ticket = await issue_ticket(user)

    socket = await sockets(f"/ws/?ticket={ticket}", [(b"host", b"testserver")])

    await assert_live(socket)


@pytest.mark.parametrize(
    "origin", [b"https://evil.example", b"null", b"http://testserver.evil.example"]
)
async def test_cross_site_origin_is_closed_with_4403(sockets, user_cookie, origin):
    socket = await sockets(
        headers=[user_cookie, (b"origin", origin), (b"host", b"testserver")]
    )

    await assert_closed(socket, 4403)


async def test_cross_site_origin_is_refused_even_with_a_ticket(
    sockets, user, issue_ticket
):
    ticket = await issue_ticket(user)

    socket = await sockets(
        f"/ws/?ticket={ticket}",
        [(b"origin", b"https://evil.example"), (b"host", b"testserver")],
    )

    await assert_closed(socket, 4403)


async def test_origin_matching_a_host_outside_allowed_hosts_is_refused(
    sockets, user_cookie
):
    # DNS rebinding: the attacker's name points at us, so Origin equals Host.
    socket = await sockets(
        headers=[
            user_cookie,
            (b"origin", b"http://rebound.example"),
            (b"host", b"rebound.example"),
        ]
    )

    await assert_closed(socket, 4403)


@pytest.mark.parametrize(
    "trusted", ["https://app.example.com", "https://*.example.com"]
)
async def test_csrf_trusted_origin_is_accepted(sockets, user_cookie, settings, trusted):
    settings.CSRF_TRUSTED_ORIGINS = [trusted]

    socket = await sockets(
        headers=[
            user_cookie,
            (b"origin", b"https://app.example.com"),
            (b"host", b"testserver"),
        ]
    )

    await assert_live(socket)


async def test_close_user_sockets_closes_every_socket_of_that_user_only(
    sockets, user, user_cookie, other_user_cookie
):
    first = await sockets(headers=[user_cookie, *SAME_SITE])
    second = await sockets(headers=[user_cookie, *SAME_SITE])
    bystander = await sockets(headers=[other_user_cookie, *SAME_SITE])

    await database_sync_to_async(close_user_sockets)([user.pk])

    await assert_closed(first, 4401)
    await assert_closed(second, 4401)
    await assert_live(bystander)


async def test_sign_out_everywhere_closes_other_sessions_sockets_but_not_the_askers(
    sockets, user
):
    from accounts.auth.models import RevokeReason
    from accounts.auth.tokens import user_revoke_all_credentials

    asking_cookie = await database_sync_to_async(session_cookie)(user)
    other_cookie = await database_sync_to_async(session_cookie)(user)
    asking = await sockets(headers=[asking_cookie, *SAME_SITE])
    elsewhere = await sockets(headers=[other_cookie, *SAME_SITE])
    asking_key = asking_cookie[1].decode().split("=", 1)[1]

    await database_sync_to_async(user_revoke_all_credentials)(
        user=user, reason=RevokeReason.PASSWORD, keep_session_key=asking_key
    )

    await assert_closed(elsewhere, 4401)
    await assert_live(asking)


async def test_refused_handshake_ends_as_soon_as_the_client_leaves(sockets):
    # A refused socket must not leave a consumer polling the channel layer.
    socket = await sockets(headers=SAME_SITE)
    await assert_closed(socket, 4401)

    await socket.send_input({"type": "websocket.disconnect", "code": 4401})

    await asyncio.wait_for(asyncio.shield(socket.future), 1)


async def test_consumer_without_the_auth_middleware_refuses_everyone(
    settings, user_cookie
):
    # The layer plays no part in a refusal; in-memory keeps this test quick.
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    socket = WebsocketCommunicator(
        LiveConsumer.as_asgi(), "/ws/", headers=[user_cookie, *SAME_SITE]
    )
    try:
        assert (await socket.connect(timeout=TIMEOUT))[0]
        await assert_closed(socket, 4401)
    finally:
        await socket.disconnect(timeout=TIMEOUT)


# --- who hears what ---------------------------------------------------------


async def test_every_socket_of_a_user_gets_each_event(
    sockets, user, user_cookie, other_user_cookie, issue_ticket
):
    laptop = await sockets(headers=[user_cookie, *SAME_SITE])
    second_tab = await sockets(headers=[user_cookie, *SAME_SITE])
    phone = await sockets(f"/ws/?ticket={await issue_ticket(user)}")
    bystander = await sockets(headers=[other_user_cookie, *SAME_SITE])

    await send_to_users([user.pk], {"type": "test.hello", "n": 1})

    for socket in (laptop, second_tab, phone):
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "test.hello",
            "n": 1,
        }
    assert await bystander.receive_nothing(timeout=0.3)


async def test_a_closed_socket_does_not_stop_the_users_other_sockets(
    sockets, user, user_cookie
):
    leaving = await sockets(headers=[user_cookie, *SAME_SITE])
    staying = await sockets(headers=[user_cookie, *SAME_SITE])
    await leaving.disconnect(timeout=TIMEOUT)

    await send_to_users([user.pk], {"type": "test.hello"})

    assert await staying.receive_json_from(timeout=TIMEOUT) == {"type": "test.hello"}


async def test_event_of_a_rolled_back_transaction_is_never_delivered(
    sockets, user, user_cookie
):
    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    def change_then_fail():
        with transaction.atomic():
            send_event_to_users([user.pk], {"type": "test.rolled_back"})
            raise Rollback

    def change_and_commit():
        with transaction.atomic():
            send_event_to_users([user.pk], {"type": "test.committed"})

    with pytest.raises(Rollback):
        await database_sync_to_async(change_then_fail)()
    await database_sync_to_async(change_and_commit)()

    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "test.committed"}
    assert await socket.receive_nothing(timeout=0.3)


async def test_events_keep_non_ascii_text(sockets, user, user_cookie):
    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    await send_to_users([user.pk], {"type": "test.hello", "text": "你好 🎉"})

    frame = await socket.receive_from(timeout=TIMEOUT)
    assert "你好 🎉" in frame


# --- groups -----------------------------------------------------------------


async def send_to_group(group, event) -> None:
    await get_channel_layer().group_send(group, {"type": "live.event", "event": event})


async def change_groups(change, user_ids, group, *sockets) -> None:
    """Join or leave `group` on every socket of these users, and wait until done.

    A user event sent after the change reaches each socket after it.
    """
    for user_id in user_ids:
        await database_sync_to_async(change)(user_id=user_id, group=group)
    await send_to_users(user_ids, {"type": "test.sync"})
    for socket in sockets:
        assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "test.sync"}


async def test_groups_from_registered_providers_are_joined_on_connect(
    sockets, user, user_cookie, other_user_cookie, monkeypatch
):
    monkeypatch.setattr(
        "kaigon.consumers.SOCKET_GROUP_PROVIDERS",
        [*SOCKET_GROUP_PROVIDERS, lambda member: [f"test.club-{member.pk}"]],
    )
    member = await sockets(headers=[user_cookie, *SAME_SITE])
    bystander = await sockets(headers=[other_user_cookie, *SAME_SITE])

    await send_to_group(f"test.club-{user.pk}", {"type": "test.club"})

    assert await member.receive_json_from(timeout=TIMEOUT) == {"type": "test.club"}
    assert await bystander.receive_nothing(timeout=0.3)


async def test_joining_a_group_reaches_every_live_socket_of_the_user(
    sockets, user, user_cookie, other_user_cookie
):
    laptop = await sockets(headers=[user_cookie, *SAME_SITE])
    phone = await sockets(headers=[user_cookie, *SAME_SITE])
    bystander = await sockets(headers=[other_user_cookie, *SAME_SITE])

    await change_groups(user_sockets_join_group, [user.pk], "room.7", laptop, phone)
    await send_to_group("room.7", {"type": "test.in_room"})

    for socket in (laptop, phone):
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "test.in_room"
        }
    assert await bystander.receive_nothing(timeout=0.3)


async def test_after_leaving_a_group_no_socket_of_the_user_hears_it(
    sockets, user, other_user, user_cookie, other_user_cookie
):
    laptop = await sockets(headers=[user_cookie, *SAME_SITE])
    phone = await sockets(headers=[user_cookie, *SAME_SITE])
    friend = await sockets(headers=[other_user_cookie, *SAME_SITE])
    await change_groups(
        user_sockets_join_group,
        [user.pk, other_user.pk],
        "room.7",
        laptop,
        phone,
        friend,
    )

    await change_groups(user_sockets_leave_group, [user.pk], "room.7", laptop, phone)
    await send_to_group("room.7", {"type": "test.in_room"})

    assert await friend.receive_json_from(timeout=TIMEOUT) == {"type": "test.in_room"}
    assert await laptop.receive_nothing(timeout=0.3)
    assert await phone.receive_nothing(timeout=0.3)
    await assert_live(laptop)


async def test_group_change_of_a_rolled_back_transaction_never_happens(
    sockets, user, user_cookie
):
    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    def join_then_roll_back():
        with pytest.raises(Rollback), transaction.atomic():
            user_sockets_join_group(user_id=user.pk, group="room.7")
            raise Rollback

    await database_sync_to_async(join_then_roll_back)()
    await send_to_users([user.pk], {"type": "test.sync"})
    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "test.sync"}
    await send_to_group("room.7", {"type": "test.in_room"})

    assert await socket.receive_nothing(timeout=0.3)


def test_a_socket_cannot_be_told_to_leave_its_users_own_group(user):
    with pytest.raises(ValueError):
        user_sockets_leave_group(user_id=user.pk, group=f"user.{user.pk}")


async def test_signed_out_socket_leaves_the_groups_it_joined(
    sockets, user, user_cookie, channel_layer
):
    socket = await sockets(headers=[user_cookie, *SAME_SITE])
    await change_groups(user_sockets_join_group, [user.pk], "room.7", socket)

    await database_sync_to_async(close_user_sockets)([user.pk])
    await assert_closed(socket, 4401)

    if not isinstance(channel_layer, InMemoryChannelLayer):
        pytest.skip("reads the in-memory layer's groups")
    assert not channel_layer.groups.get("room.7")


# --- frames -----------------------------------------------------------------


@pytest.fixture
async def live_socket(sockets, user_cookie):
    return await sockets(headers=[user_cookie, *SAME_SITE])


async def test_ping_gets_pong_with_the_clients_ref(live_socket):
    await live_socket.send_json_to({"type": "ping", "ref": "abc-1"})

    assert await live_socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "pong",
        "ref": "abc-1",
    }


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "invalid_json"),
        ("[" * 50_000, "invalid_json"),
        ("[1, 2]", "invalid_event"),
        ('"ping"', "invalid_event"),
        ('{"no_type": 1}', "invalid_event"),
        ('{"type": 7}', "invalid_event"),
        ('{"type": "no.such.type"}', "unknown_type"),
    ],
)
async def test_bad_frame_gets_an_error_and_the_socket_stays_open(
    live_socket, frame, code
):
    await live_socket.send_to(text_data=frame)

    error = await live_socket.receive_json_from(timeout=TIMEOUT)
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["message"]
    await assert_live(live_socket)


async def test_unknown_type_error_carries_the_ref(live_socket):
    await live_socket.send_json_to({"type": "no.such.type", "ref": 17})

    error = await live_socket.receive_json_from(timeout=TIMEOUT)
    assert (error["code"], error["ref"]) == ("unknown_type", 17)


async def test_object_without_type_gets_an_error_carrying_the_ref(live_socket):
    await live_socket.send_json_to({"ref": "x-1", "text": "hi"})

    error = await live_socket.receive_json_from(timeout=TIMEOUT)
    assert (error["code"], error["ref"]) == ("invalid_event", "x-1")


async def test_binary_frame_gets_an_error(live_socket):
    await live_socket.send_to(bytes_data=b"\x00\x01")

    error = await live_socket.receive_json_from(timeout=TIMEOUT)
    assert error["code"] == "binary_not_supported"
    await assert_live(live_socket)


async def test_frame_over_64_kib_is_refused_unprocessed(live_socket):
    frame = json.dumps({"type": "ping", "padding": "x" * (65 * 1024)})

    await live_socket.send_to(text_data=frame)

    error = await live_socket.receive_json_from(timeout=TIMEOUT)
    assert error["code"] == "frame_too_large"
    # The ping inside was not answered: only the error came back.
    assert await live_socket.receive_nothing(timeout=0.3)
    await assert_live(live_socket)


async def test_frame_limit_counts_bytes_not_characters(live_socket):
    # 22,000 three-byte characters: fewer than 65,536 characters, more bytes.
    frame = json.dumps({"type": "ping", "padding": "漢" * 22_000}, ensure_ascii=False)
    assert len(frame) < 64 * 1024 < len(frame.encode())

    await live_socket.send_to(text_data=frame)

    assert (await live_socket.receive_json_from(timeout=TIMEOUT))["code"] == (
        "frame_too_large"
    )


async def test_frame_of_exactly_64_kib_is_processed(live_socket):
    empty = json.dumps({"type": "ping", "padding": ""})
    frame = json.dumps({"type": "ping", "padding": "x" * (64 * 1024 - len(empty))})
    assert len(frame.encode()) == 64 * 1024

    await live_socket.send_to(text_data=frame)

    assert await live_socket.receive_json_from(timeout=TIMEOUT) == {"type": "pong"}


async def test_registered_handler_errors_reach_the_client(live_socket, monkeypatch):
    async def refuse(consumer, event):
        raise PermissionDenied("You may not.", code="not_allowed")

    async def crash(consumer, event):
        raise RuntimeError("bug")

    monkeypatch.setitem(CLIENT_EVENT_HANDLERS, "test.refuse", refuse)
    monkeypatch.setitem(CLIENT_EVENT_HANDLERS, "test.crash", crash)

    await live_socket.send_json_to({"type": "test.refuse", "ref": "r1"})
    assert await live_socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "error",
        "code": "not_allowed",
        "message": "You may not.",
        "ref": "r1",
    }
    await live_socket.send_json_to({"type": "test.crash"})
    assert (await live_socket.receive_json_from(timeout=TIMEOUT))["code"] == (
        "server_error"
    )
    await assert_live(live_socket)


async def test_a_service_error_with_fields_reaches_the_client_translated(
    sockets, user_cookie, monkeypatch
):
    def service(*, text: str) -> None:  # a service knows nothing of sockets
        raise InvalidInput(fields={"text": [gettext_lazy("This field is required.")]})

    async def handler(consumer, event):
        service(text=event.get("text", ""))

    monkeypatch.setitem(CLIENT_EVENT_HANDLERS, "test.post", handler)
    socket = await sockets(
        headers=[user_cookie, *SAME_SITE, (b"accept-language", b"zh-hant")]
    )

    await socket.send_json_to({"type": "test.post", "ref": 3})

    with translation.override("zh-hant"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert await socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "error",
        "code": "invalid",
        "message": f"text: {required}",
        "fields": {"text": [required]},
        "ref": 3,
    }


async def test_too_many_frames_get_rate_limited_and_the_socket_stays_open(
    sockets, user_cookie, settings
):
    settings.KAIGON_WS_FRAME_RATE = "3/1s"
    socket = await sockets(headers=[user_cookie, *SAME_SITE])

    for ref in range(4):
        await socket.send_json_to({"type": "ping", "ref": ref})
    replies = [await socket.receive_json_from(timeout=TIMEOUT) for _ in range(4)]

    assert [reply["type"] for reply in replies] == ["pong", "pong", "pong", "error"]
    refused = replies[3]
    assert refused["code"] == "rate_limited"
    assert refused["message"]
    assert refused["retry_after"] == 1
    assert "ref" not in refused  # the refused frame was not read
    await asyncio.sleep(1.05)
    await assert_live(socket)


async def test_registered_handler_sees_the_user_and_replies(
    live_socket, user, monkeypatch
):
    async def whoami(consumer, event):
        await consumer.reply(event, {"type": "test.you", "id": consumer.user.pk})

    monkeypatch.setitem(CLIENT_EVENT_HANDLERS, "test.whoami", whoami)

    await live_socket.send_json_to({"type": "test.whoami", "ref": "w"})

    assert await live_socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "test.you",
        "id": user.pk,
        "ref": "w",
    }


# --- across processes, on the real Redis channel layer ----------------------

SEND_FROM_ANOTHER_PROCESS = """
import os, sys
import django
from django.conf import settings
# on_commit asks the connection whether it is in autocommit mode: point it at
# the test database, not the development one.
settings.DATABASES["default"]["NAME"] = sys.argv[2]
django.setup()
from kaigon.events import send_event_to_users
send_event_to_users([int(sys.argv[1])], {"type": "test.remote", "pid": os.getpid()})
"""


@pytest.mark.redis
async def test_event_sent_from_another_process_reaches_the_socket(
    settings, user, issue_ticket
):
    redis_url = redis_url_or_skip()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_timeout": 15}],
                "prefix": prefix,
            },
        }
    }
    layer = get_channel_layer()
    socket = WebsocketCommunicator(
        application, f"/ws/?ticket={await issue_ticket(user)}"
    )
    try:
        assert (await socket.connect(timeout=TIMEOUT))[0]
        await assert_live(socket)

        sender = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            SEND_FROM_ANOTHER_PROCESS,
            str(user.pk),
            str(django_settings.DATABASES["default"]["NAME"]),
            cwd=Path(django_settings.BASE_DIR),
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "kaigon.settings",
                "REDIS_URL": redis_url,
                "KAIGON_CHANNEL_PREFIX": prefix,
            },
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _out, err = await asyncio.wait_for(sender.communicate(), 120)
        assert sender.returncode == 0, err.decode()

        event = await socket.receive_json_from(timeout=TIMEOUT)
        assert event["type"] == "test.remote"
        assert event["pid"] == sender.pid != os.getpid()
    finally:
        await socket.disconnect(timeout=TIMEOUT)
        await layer.flush()


@pytest.mark.redis
async def test_idle_socket_on_the_redis_layer_still_gets_events(
    channel_layer, sockets, user, user_cookie
):
    # redis-py 8 reads with a 5 s socket timeout by default, shorter than the
    # layer's blocking pop: an idle socket must survive longer than that.
    if "RedisChannelLayer" not in django_settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        missing("the Redis channel layer", "set REDIS_URL to run on it")
    socket = await sockets(headers=[user_cookie, *SAME_SITE])
    await assert_live(socket)

    await asyncio.sleep(7)
    await send_to_users([user.pk], {"type": "test.after_idle"})

    assert await socket.receive_json_from(timeout=TIMEOUT) == {
        "type": "test.after_idle"
    }


@pytest.fixture
def redis_layer_settings(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url_or_skip(), "socket_timeout": 15}],
                "prefix": "test",
            },
        }
    }


@pytest.mark.redis
async def test_group_join_and_leave_reach_both_sockets_on_the_redis_layer(
    redis_layer_settings, sockets, user, user_cookie
):
    laptop = await sockets(headers=[user_cookie, *SAME_SITE])
    phone = await sockets(headers=[user_cookie, *SAME_SITE])

    await change_groups(user_sockets_join_group, [user.pk], "room.7", laptop, phone)
    await send_to_group("room.7", {"type": "test.in_room"})
    for socket in (laptop, phone):
        assert await socket.receive_json_from(timeout=TIMEOUT) == {
            "type": "test.in_room"
        }

    await change_groups(user_sockets_leave_group, [user.pk], "room.7", laptop, phone)
    await send_to_group("room.7", {"type": "test.in_room"})
    assert await laptop.receive_nothing(timeout=0.5)
    assert await phone.receive_nothing(timeout=0.5)
