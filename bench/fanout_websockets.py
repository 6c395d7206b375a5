"""A bare `websockets` fan-out server: the chat benchmark's baseline.

Every frame `{"type": "message.send", "text": ...}` is acked to its sender
and broadcast as `message.new` to every open socket, the same fan-out a chat
room does, with the `websockets` library alone: no Django, Channels, Daphne
or database. Run: python -m bench.fanout_websockets PORT
"""

import asyncio
import itertools
import json
import sys

from websockets.asyncio.server import broadcast, serve

_sockets: set = set()
_seq = itertools.count(1)


async def handler(socket) -> None:
    _sockets.add(socket)
    try:
        async for text in socket:
            frame = json.loads(text)
            if frame.get("type") != "message.send":
                continue
            seq = next(_seq)
            await socket.send(json.dumps({"type": "message.ack", "seq": seq}))
            broadcast(
                _sockets,
                json.dumps(
                    {
                        "type": "message.new",
                        "message": {"seq": seq, "text": frame["text"]},
                    }
                ),
            )
    finally:
        _sockets.discard(socket)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, compression=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
