"""Chat: fan-out through the socket, history in a big room, memory per socket.

1. One group room with 10 and with 100 connected members; a few of them send
   messages through the socket (`message.send`, each waiting for its ack),
   every member reads them live and marks the room read every 100 messages.
   Figures: delivered `message.new` frames per second and p50/p99
   send-to-receive latency, on the in-memory and on the Redis channel layer,
   beside a bare `websockets` fan-out server (bench/fanout_websockets.py) and
   a bare ASGI fan-out app on the same Daphne (bench/fanout_asgi.py), both
   doing the same fan-out without Django, Channels or a database. Members
   have the room open (`room.focus`, as the chat page sends), so messages
   raise no inbox entries for them.
2. `GET …/messages?limit=50` (newest page, and a page deep in the past) in a
   room of BENCH_HISTORY_MESSAGES (1,000,000) messages: p50/p99.
3. Resident memory of the server per idle socket with 2,000 sockets open.
"""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.bench_api import free_port, start_daphne, wait_until_up
from bench.loadgen import run_load
from bench.wsclient import WebSocket

ROOT = Path(__file__).resolve().parent.parent
SENDERS = int(os.environ.get("BENCH_CHAT_SENDERS", "5"))
MESSAGES_PER_SENDER = int(os.environ.get("BENCH_CHAT_MESSAGES", "40"))
ROOM_SIZES = [int(n) for n in os.environ.get("BENCH_CHAT_MEMBERS", "10,100").split(",")]
HISTORY_MESSAGES = int(os.environ.get("BENCH_HISTORY_MESSAGES", "1000000"))
IDLE_SOCKETS = int(os.environ.get("BENCH_IDLE_SOCKETS", "2000"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
READ_EVERY = int(os.environ.get("BENCH_CHAT_READ_EVERY", "100"))
ORIGIN = "http://127.0.0.1"

SETUP = """
import json, os
from django.conf import settings
from django.test import Client
from accounts.models import User
from chat import services

def cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value

rooms = {}
for size in [int(n) for n in os.environ["BENCH_SIZES"].split(",")]:
    members = [
        User.objects.get_or_create(
            username=f"bench{size}_{n}",
            defaults={"email": f"bench{size}_{n}@example.com"},
        )[0]
        for n in range(size)
    ]
    room = services.room_group_create(
        creator=members[0], name=f"bench {size}", members=members[1:]
    )
    rooms[size] = {"room_id": room.pk, "cookies": [cookie(m) for m in members]}
print(json.dumps(rooms))
"""

FILL_HISTORY = """
import json, os
from datetime import UTC, datetime
from kaigon.docstore.models import PartitionCounter, StoredDocument
from accounts.models import User
from chat.models import Room

room = Room.objects.get(name="bench 10")
sender = User.objects.get(username="bench10_1")
total = int(os.environ["BENCH_HISTORY_MESSAGES"])
partition = str(room.pk)
StoredDocument.objects.filter(collection="chat_messages", partition=partition).delete()
now = datetime.now(UTC)
batch = []
for seq in range(1, total + 1):
    batch.append(StoredDocument(
        collection="chat_messages", partition=partition, seq=seq,
        data={"kind": "text", "sender_id": sender.pk, "text": f"歷史訊息 history {seq}",
              "image_id": None, "reply_to_seq": None},
        created_at=now, updated_at=now,
    ))
    if len(batch) == 5000:
        StoredDocument.objects.bulk_create(batch)
        batch = []
StoredDocument.objects.bulk_create(batch)
PartitionCounter.objects.update_or_create(
    collection="chat_messages", partition=partition, defaults={"last_seq": total}
)
print(json.dumps({"room_id": room.pk}))
"""


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def fan_out(port: int, room_id: int | None, cookies: list[str]) -> dict:
    """Members connect, senders post, everyone receives; figures of one run."""
    headers = [
        {"Origin": f"{ORIGIN}:{port}", "Cookie": f"sessionid={cookie}"}
        if cookie
        else {}
        for cookie in cookies
    ]
    sockets = [await WebSocket.connect("127.0.0.1", port, headers=h) for h in headers]
    if room_id is not None:
        # Every member has the room open, as the chat page says with
        # room.focus: a message raises no inbox entries for them.
        for socket in sockets:
            await socket.send_json({"type": "room.focus", "room": room_id})
            while (await socket.receive_json())["type"] != "room.focused":
                pass
    expected = SENDERS * MESSAGES_PER_SENDER
    latencies: list[float] = []
    done = asyncio.Event()
    received = [0] * len(sockets)
    acks: dict[int, asyncio.Queue] = {i: asyncio.Queue() for i in range(SENDERS)}
    last_delivery = 0.0

    async def read(index: int, socket: WebSocket) -> None:
        nonlocal last_delivery
        while True:
            frame = await socket.receive_json()
            if frame["type"] == "message.ack" and index < SENDERS:
                acks[index].put_nowait(frame)
            if frame["type"] != "message.new":
                continue
            text = frame["message"].get("text", "")
            if not text.startswith("t="):
                continue  # a system message
            now = time.perf_counter_ns()
            latencies.append((now - int(text[2:])) / 1e6)
            last_delivery = now
            received[index] += 1
            if room_id is not None and received[index] % READ_EVERY == 0:
                await socket.send_json(
                    {
                        "type": "room.mark_read",
                        "room_id": room_id,
                        "seq": frame["message"]["seq"],
                    }
                )
            if sum(received) == expected * len(sockets):
                done.set()

    async def post(index: int) -> None:
        for n in range(MESSAGES_PER_SENDER):
            await sockets[index].send_json(
                {
                    "type": "message.send",
                    "room_id": room_id,
                    "text": f"t={time.perf_counter_ns()}",
                    "client_id": f"{index}-{n}-{uuid.uuid4().hex[:8]}",
                }
            )
            await acks[index].get()

    readers = [asyncio.create_task(read(i, s)) for i, s in enumerate(sockets)]
    started = time.perf_counter_ns()
    await asyncio.gather(*(post(i) for i in range(min(SENDERS, len(sockets)))))
    with contextlib.suppress(TimeoutError):  # the figures show what was lost
        await asyncio.wait_for(done.wait(), timeout=120)
    for reader in readers:
        reader.cancel()
    for socket in sockets:
        await socket.close()
    elapsed = max(last_delivery - started, 1) / 1e9
    return {
        "delivered": sum(received),
        "expected": expected * len(sockets),
        "per_second": sum(received) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
    }


def report(name: str, figures: dict) -> None:
    print(
        f"{name:<34} {figures['per_second']:9.0f} msg/s   "
        f"p50 {figures['p50']:6.1f} ms   p99 {figures['p99']:6.1f} ms   "
        f"delivered {figures['delivered']}/{figures['expected']}",
        flush=True,
    )


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def idle_sockets(port: int, pid: int, cookie: str) -> float:
    """KiB of server memory per idle, connected socket."""
    headers = {"Origin": f"{ORIGIN}:{port}", "Cookie": f"sessionid={cookie}"}
    warm = [await WebSocket.connect("127.0.0.1", port, headers=headers)]
    await asyncio.sleep(1)
    before = rss_kib(pid)
    sockets = []
    for _ in range(IDLE_SOCKETS):
        sockets.append(await WebSocket.connect("127.0.0.1", port, headers=headers))
    await asyncio.sleep(2)
    after = rss_kib(pid)
    for socket in [*warm, *sockets]:
        await socket.close()
    return (after - before) / IDLE_SOCKETS


def run_kaigon(env: dict) -> tuple[int, subprocess.Popen]:
    port = free_port()
    server = start_daphne("kaigon.asgi:application", port, env)
    wait_until_up(f"http://127.0.0.1:{port}/api/v1/health")
    return port, server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # sockets still closing: the figures are in
        server.kill()
        server.wait()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kaigon-bench-") as var_dir:
        base_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "KAIGON_VAR_DIR": var_dir,
            "KAIGON_CHAT_MAX_MEMBERS": "1000",
            "KAIGON_WS_FRAME_RATE": "100000/10s",
            "KAIGON_THROTTLE_ANON": "100000000/min",
            "KAIGON_THROTTLE_USER": "100000000/min",
            "DJANGO_LOG_LEVEL": "ERROR",
            "BENCH_SIZES": ",".join(map(str, ROOM_SIZES)),
            "BENCH_HISTORY_MESSAGES": str(HISTORY_MESSAGES),
        }
        for name in ("DATABASE_URL", "REDIS_URL", "MONGO_URL"):
            base_env.pop(name, None)
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=base_env, check=True
        )
        setup = subprocess.run(
            [*manage, "shell", "-c", SETUP],
            cwd=ROOT,
            env=base_env,
            check=True,
            capture_output=True,
            text=True,
        )
        rooms = {
            int(k): v for k, v in json.loads(setup.stdout.splitlines()[-1]).items()
        }
        redis_env = {
            **base_env,
            "REDIS_URL": REDIS_URL,
            "KAIGON_CHANNEL_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
            "KAIGON_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        }

        print(
            f"{SENDERS} senders x {MESSAGES_PER_SENDER} messages through the socket, "
            f"each waiting for its ack; members mark read every {READ_EVERY}",
            flush=True,
        )
        for size in ROOM_SIZES:
            room = rooms[size]
            results = {}
            for layer, env in (("in-memory", base_env), ("redis", redis_env)):
                port, server = run_kaigon(env)
                try:
                    results[layer] = asyncio.run(
                        fan_out(port, room["room_id"], room["cookies"])
                    )
                finally:
                    stop(server)
                report(f"{size} members, Kaigon, {layer}", results[layer])
            bares = {}
            for name, command in (
                (
                    "bare websockets",
                    [sys.executable, "-m", "bench.fanout_websockets"],
                ),
                (
                    "bare ASGI on Daphne",
                    [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p"],
                ),
            ):
                port = free_port()
                if name == "bare ASGI on Daphne":
                    argv = [*command, str(port), "bench.fanout_asgi:application"]
                else:
                    argv = [*command, str(port)]
                bare_server = subprocess.Popen(
                    argv,
                    cwd=ROOT,
                    env=base_env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(2)
                try:
                    bares[name] = asyncio.run(fan_out(port, None, [""] * size))
                finally:
                    stop(bare_server)
                report(f"{size} members, {name}", bares[name])
            for layer, figures in results.items():
                for name, bare in bares.items():
                    ratio = figures["per_second"] / bare["per_second"]
                    print(f"  ratio Kaigon ({layer}) / {name}: {ratio:.2f}", flush=True)

        started = time.monotonic()
        filled = subprocess.run(
            [*manage, "shell", "-c", FILL_HISTORY],
            cwd=ROOT,
            env=base_env,
            check=True,
            capture_output=True,
            text=True,
        )
        room_id = json.loads(filled.stdout.splitlines()[-1])["room_id"]
        print(
            f"history: room of {HISTORY_MESSAGES:,} messages "
            f"(filled in {time.monotonic() - started:.0f} s)",
            flush=True,
        )
        port, server = run_kaigon(base_env)
        cookie = rooms[10]["cookies"][0]
        try:
            for name, query in (
                ("newest 50", "limit=50"),
                (
                    "50 from the middle",
                    f"limit=50&before_seq={HISTORY_MESSAGES // 2}",
                ),
            ):
                result = run_load(
                    "127.0.0.1",
                    port,
                    f"/api/v1/chat/rooms/{room_id}/messages?{query}",
                    seconds=5,
                    concurrency=4,
                    headers={"Cookie": f"sessionid={cookie}"},
                )
                print(
                    f"  {name:<22} {result.rps:7.1f} req/s   "
                    f"p50 {result.percentile(0.5):6.1f} ms   "
                    f"p99 {result.percentile(0.99):6.1f} ms   errors {result.errors}",
                    flush=True,
                )
            per_socket = asyncio.run(idle_sockets(port, server.pid, cookie))
            print(
                f"memory: {per_socket:.1f} KiB per idle socket "
                f"({IDLE_SOCKETS:,} sockets, in-memory layer)",
                flush=True,
            )
        finally:
            stop(server)


if __name__ == "__main__":
    main()
