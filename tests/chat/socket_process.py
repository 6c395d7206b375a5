"""A server process holding one member's socket, for the cross-process test.

Usage: python tests/chat/socket_process.py <database name> <cookie header>
It serves kaigon.asgi in this process on the channel layer of REDIS_URL,
prints every frame the socket receives as one JSON line, and sends every
JSON line it reads on stdin as a frame, until stdin closes.
"""

import asyncio
import json
import sys

import django
from django.conf import settings

settings.DATABASES["default"]["NAME"] = sys.argv[1]
django.setup()

from channels.testing import WebsocketCommunicator  # noqa: E402

from kaigon.asgi import application  # noqa: E402

HEADERS = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


async def forward_frames(socket: WebsocketCommunicator) -> None:
    while True:
        try:
            frame = await socket.receive_from(timeout=3600)
        except TimeoutError:
            continue
        print(frame, flush=True)


async def main() -> None:
    cookie = (b"cookie", sys.argv[2].encode())
    socket = WebsocketCommunicator(application, "/ws/", [cookie, *HEADERS])
    connected, _ = await socket.connect(timeout=10)
    assert connected
    await socket.send_json_to({"type": "ping", "ref": "ready"})
    forwarding = asyncio.create_task(forward_frames(socket))
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        await socket.send_json_to(json.loads(line))
    forwarding.cancel()
    await socket.disconnect(timeout=5)


asyncio.run(main())
