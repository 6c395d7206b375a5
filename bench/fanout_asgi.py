"""A bare ASGI WebSocket fan-out: the baseline the chat benchmark compares with.

Every frame `{"type": "message.send", "text": ...}` is acked to its sender
and broadcast as `message.new` to every open socket of this process, the
same fan-out the chat room does, without Django, Channels or a database.
"""

import itertools
import json

_sockets: set = set()
_seq = itertools.count(1)


async def application(scope, receive, send):
    if scope["type"] != "websocket":
        return
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            _sockets.add(send)
        elif message["type"] == "websocket.receive":
            frame = json.loads(message["text"])
            if frame.get("type") != "message.send":
                continue
            seq = next(_seq)
            await send(
                {
                    "type": "websocket.send",
                    "text": json.dumps({"type": "message.ack", "seq": seq}),
                }
            )
            event = json.dumps(
                {"type": "message.new", "message": {"seq": seq, "text": frame["text"]}}
            )
            for peer in list(_sockets):
                await peer({"type": "websocket.send", "text": event})
        elif message["type"] == "websocket.disconnect":
            _sockets.discard(send)
            return
