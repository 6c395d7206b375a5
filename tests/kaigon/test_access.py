"""Access lines (kaigon.access) and the metrics endpoint (kaigon.probes)."""

import io
import json
import logging
from datetime import datetime

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator, WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from accounts.auth.tickets import ws_ticket_issue
from kaigon.asgi import application
from kaigon.logging import JsonFormatter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stdout_lines():
    """Every line the stdout handler writes during the test, parsed as JSON."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h.formatter, JsonFormatter)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("logger") == "kaigon.access"]


async def http_get(path: str, *headers: tuple[bytes, bytes]) -> dict:
    """The response, once the application has finished (and logged)."""
    communicator = HttpCommunicator(
        application, "GET", path, headers=[(b"host", b"testserver"), *headers]
    )
    # Not yet started: the scope is still ours to complete (Daphne sets it).
    communicator.scope["client"] = ("127.0.0.1", 40000)
    response = await communicator.get_response()
    await communicator.wait()
    return response


def session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return (b"cookie", f"{name}={client.cookies[name].value}".encode())


async def test_http_access_line_is_json_in_utc_with_request_and_route(stdout_lines):
    response = await http_get("/api/v1/health", (b"x-request-id", b"lb-7"))
    assert response["status"] == 200

    (line,) = access_lines(stdout_lines())
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/health"
    assert line["route"] == "/api/v1/health"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == "lb-7"
    assert line["user_id"] is None
    assert line["time"].endswith("+00:00")
    assert datetime.fromisoformat(line["time"]).utcoffset().total_seconds() == 0


async def test_request_id_is_generated_and_echoed(stdout_lines):
    response = await http_get("/livez")
    sent = {k.lower(): v for k, v in response["headers"]}[b"x-request-id"].decode()
    (line,) = access_lines(stdout_lines())
    assert line["request_id"] == sent


def test_access_line_names_the_signed_in_user(user, stdout_lines):
    cookie = session_cookie(user)
    response = async_to_sync(http_get)("/", cookie)
    assert response["status"] == 200
    (line,) = access_lines(stdout_lines())
    assert line["user_id"] == user.pk
    assert line["route"] == "/"


def test_websocket_has_an_access_line_with_its_user(user, stdout_lines):
    ticket = ws_ticket_issue(user=user)

    async def open_and_close():
        socket = WebsocketCommunicator(application, f"/ws/?ticket={ticket}")
        connected, _ = await socket.connect(timeout=5)
        assert connected
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
        await socket.disconnect(timeout=5)

    async_to_sync(open_and_close)()
    (line,) = access_lines(stdout_lines())
    assert line["protocol"] == "websocket"
    assert line["status"] == 101
    assert line["user_id"] == user.pk


def test_refused_websocket_line_says_why(stdout_lines):
    async def open_refused():
        socket = WebsocketCommunicator(application, "/ws/?ticket=nope")
        await socket.connect(timeout=5)
        await socket.receive_output(timeout=5)

    async_to_sync(open_refused)()
    (line,) = access_lines(stdout_lines())
    assert line["close_code"] == 4401
    assert line["user_id"] is None


# --- metrics ----------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "s3cret"])
def test_metrics_are_hidden_without_the_token(client, settings, authorization):
    settings.KAIGON_METRICS_TOKEN = "s3cret"
    headers = {"Authorization": authorization} if authorization else {}
    assert client.get("/metrics", headers=headers).status_code == 404


def test_metrics_are_off_when_no_token_is_set(client, settings):
    settings.KAIGON_METRICS_TOKEN = ""
    assert (
        client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
    )


def test_metrics_count_requests_by_route_and_queries(settings, user):
    settings.KAIGON_METRICS_TOKEN = "s3cret"
    for _ in range(2):
        async_to_sync(http_get)("/readyz")
    async_to_sync(http_get)(f"/u/{user.username}")

    response = Client().get(
        "/metrics", headers={"Authorization": "Bearer s3cret"}, HTTP_HOST="10.0.0.5"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'route="/u/<str:username>",status="200"' in text
    assert 'kaigon_http_request_duration_seconds_bucket{le="0.01",method="GET"' in text
    assert 'kaigon_db_queries_total{alias="default"}' in text
    for name in (
        "kaigon_websockets_open",
        "kaigon_socket_events_sent",
        "kaigon_channel_layer_send_failures_total",
        "kaigon_uploads",
        "kaigon_errors",
    ):
        assert name in text


def sample(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_socket_events_and_open_sockets_are_counted(user):
    ticket = ws_ticket_issue(user=user)
    pongs = sample("kaigon_socket_events_sent_total", type="pong")
    open_before = sample("kaigon_websockets_open")

    async def ping():
        socket = WebsocketCommunicator(application, f"/ws/?ticket={ticket}")
        await socket.connect(timeout=5)
        assert sample("kaigon_websockets_open") == open_before + 1
        await socket.send_json_to({"type": "ping"})
        await socket.receive_json_from(timeout=5)
        await socket.disconnect(timeout=5)

    async_to_sync(ping)()
    assert sample("kaigon_socket_events_sent_total", type="pong") == pongs + 1
    assert sample("kaigon_websockets_open") == open_before


def test_a_failed_channel_layer_send_is_counted(monkeypatch):
    from kaigon import events

    async def refuse(groups, message):
        raise ConnectionError("redis is gone")

    monkeypatch.setattr(events, "_group_send_all", refuse)
    before = sample("kaigon_channel_layer_send_failures_total")
    with pytest.raises(ConnectionError):
        events._send_now(["user.1"], {"type": "live.event", "event": {}})
    assert sample("kaigon_channel_layer_send_failures_total") == before + 1


def test_uploads_are_counted_by_outcome(user):
    from media_uploads.images import ImageRejected
    from media_uploads.services import upload_create
    from tests.media_uploads import files

    stored = sample("kaigon_uploads_total", kind="image", outcome="stored")
    rejected = sample("kaigon_uploads_total", kind="image", outcome="rejected")
    upload_create(
        owner=user, file=files.upload_file(files.jpeg(), "a.jpg", "image/jpeg")
    )
    with pytest.raises(ImageRejected):
        upload_create(
            owner=user, file=files.upload_file(b"not an image", "a.jpg", "image/jpeg")
        )
    assert sample("kaigon_uploads_total", kind="image", outcome="stored") == stored + 1
    assert (
        sample("kaigon_uploads_total", kind="image", outcome="rejected") == rejected + 1
    )
