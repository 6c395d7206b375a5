"""Two server processes on the real Redis channel layer, one member on each:
every chat event reaches both."""

import asyncio
import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings as django_settings
from django.db import connection

from chat import services
from tests.availability import redis_url_or_skip
from tests.kaigon.test_realtime import session_cookie

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TIMEOUT = 20
SCRIPT = Path(__file__).with_name("socket_process.py")


class ServerProcess:
    """One process serving one member's socket; frames in and out as JSON lines."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def send(self, frame: dict) -> None:
        self.process.stdin.write((json.dumps(frame) + "\n").encode())
        await self.process.stdin.drain()

    async def frame_of_type(self, event_type: str) -> dict:
        while True:
            line = await asyncio.wait_for(self.process.stdout.readline(), TIMEOUT)
            assert line, (await self.process.stderr.read()).decode()
            frame = json.loads(line)
            if frame["type"] == event_type:
                return frame

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def cookie_header(user) -> str:
    _name, value = session_cookie(user)
    return value.decode()


async def start_server(user, env: dict) -> ServerProcess:
    cookie = await database_sync_to_async(cookie_header)(user)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        str(django_settings.DATABASES["default"]["NAME"]),
        cookie,
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    server = ServerProcess(process)
    assert (await server.frame_of_type("pong"))["ref"] == "ready"
    return server


async def test_every_chat_event_reaches_members_on_two_server_processes(
    settings, mei, jun, bob
):
    redis_url = redis_url_or_skip()
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "the server processes must open the test database: run with "
            "DATABASE_URL=mysql://… (CI does)"
        )
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    # This process (where the member changes below run) joins the same layer.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": prefix},
        }
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kaigon.settings",
        "REDIS_URL": redis_url,
        "KAIGON_CHANNEL_PREFIX": prefix,
        "KAIGON_CACHE_PREFIX": prefix,
    }
    room = await database_sync_to_async(services.room_group_create)(
        creator=mei, name="Across", members=[jun]
    )
    first = await start_server(mei, env)
    second = await start_server(jun, env)
    try:
        both = (first, second)

        await first.send({"type": "message.send", "room_id": room.pk, "text": "一"})
        ack = await first.frame_of_type("message.ack")
        for server in both:
            new = await server.frame_of_type("message.new")
            assert (new["message"]["seq"], new["message"]["text"]) == (ack["seq"], "一")

        await second.send({"type": "message.send", "room_id": room.pk, "text": "two"})
        for server in both:
            assert (await server.frame_of_type("message.new"))["message"]["text"] == (
                "two"
            )

        await first.send({"type": "room.mark_read", "room_id": room.pk, "seq": 99})
        for server in both:
            assert (await server.frame_of_type("room.read"))["user"]["username"] == (
                "mei"
            )

        await first.send({"type": "typing", "room_id": room.pk})
        for server in both:
            assert (await server.frame_of_type("typing"))["user"]["username"] == "mei"

        await first.send(
            {
                "type": "message.edit",
                "room_id": room.pk,
                "seq": ack["seq"],
                "text": "一 (edited)",
            }
        )
        for server in both:
            edited = await server.frame_of_type("message.edited")
            assert edited["message"]["text"] == "一 (edited)"

        await first.send(
            {"type": "message.delete", "room_id": room.pk, "seq": ack["seq"]}
        )
        for server in both:
            assert (await server.frame_of_type("message.deleted"))["seq"] == ack["seq"]

        await first.send(
            {"type": "room.settings.update", "room_id": room.pk, "emoji": "🌏"}
        )
        for server in both:
            assert (await server.frame_of_type("room.updated"))["room"]["emoji"] == "🌏"

        await database_sync_to_async(services.room_member_add)(
            room_id=room.pk, actor=mei, user=bob
        )
        for server in both:
            joined = await server.frame_of_type("member.joined")
            assert joined["members"][0]["user"]["username"] == "bob"

        await database_sync_to_async(services.room_member_remove)(
            room_id=room.pk, actor=mei, user=bob
        )
        for server in both:
            assert (await server.frame_of_type("member.left"))["reason"] == "removed"
    finally:
        for server in (first, second):
            await server.stop()
