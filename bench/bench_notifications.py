"""Fan-out of "new post by someone I follow": 10, 1,000 and 10,000 followers.

One Daphne process on a throw-away SQLite database. For each size an author
with that many followers posts through the API (JWT) while ONLINE of their
followers hold a socket (session cookies), always including the follower
whose row is written last. Reported: the POST request's time, and the time
from sending the request until the last online follower's socket has
`notification.new`. Run once with the fan-out on its worker thread (the
default) and once inline in the request's on-commit
(KAIGON_NOTIFICATION_FANOUT_INLINE=1), to show what the thread buys.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

from bench.bench_api import free_port, start_daphne, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_FOLLOWERS", "10,1000,10000").split(",")]
ONLINE = int(os.environ.get("BENCH_ONLINE", "10"))

SEED = """
import json, sys
from django.contrib.auth.hashers import make_password
from django.test import Client
from accounts.models import Follow, User
from accounts.tokens import token_pair_issue
from boards.models import Board
sizes, online = {sizes!r}, {online}
password = make_password(None)
pool = User.objects.bulk_create(
    [User(username=f"fan{{n}}", email=f"fan{{n}}@example.com", password=password)
     for n in range(max(sizes))], batch_size=2000)
pool = list(User.objects.filter(username__startswith="fan").order_by("pk"))
board = Board.objects.create(slug="bench", name="Bench")
out = {{"board": board.slug, "runs": []}}
# The first post of a fresh server pays for imports: a warm-up author.
sizes = [0, *sizes]
for size in sizes:
    author = User.objects.create(
        username=f"author{{size}}", email=f"a{{size}}@example.com")
    fans = pool[:size]
    Follow.objects.bulk_create(
        [Follow(follower=f, followee=author) for f in fans], batch_size=2000)
    cookies = []
    for fan in fans[-online:] if fans else []:
        client = Client()
        client.force_login(fan)
        cookies.append(client.cookies["sessionid"].value)
    out["runs"].append({{"size": size, "token": token_pair_issue(user=author).access,
                        "cookies": cookies}})
print("BENCH-SEED " + json.dumps(out))
"""


async def one_run(port: int, board: str, run: dict) -> tuple[float, float]:
    origin = f"http://127.0.0.1:{port}"
    sockets = [
        await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/",
            additional_headers={"Cookie": f"sessionid={cookie}", "Origin": origin},
        )
        for cookie in run["cookies"]
    ]

    async def first_notification(socket) -> float:
        while True:
            frame = json.loads(await socket.recv())
            if frame.get("type") == "notification.new":
                return time.perf_counter()

    waiters = [asyncio.create_task(first_notification(s)) for s in sockets]
    start = time.perf_counter()
    await post(port, board, run["token"])
    request_ms = (time.perf_counter() - start) * 1000
    arrived = await asyncio.wait_for(asyncio.gather(*waiters), 300)
    for socket in sockets:
        await socket.close()
    return request_ms, (max(arrived) - start) * 1000


async def post(port: int, board: str, token: str) -> None:
    body = json.dumps({"board": board, "title": "Hello", "body": "Fan-out"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/posts",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )
    response = await asyncio.to_thread(urllib.request.urlopen, request, timeout=120)
    assert response.status == 201, response.status


def main() -> None:
    for inline in ("0", "1"):
        with tempfile.TemporaryDirectory(prefix="kaigon-bench-") as var_dir:
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
                "KAIGON_VAR_DIR": var_dir,
                "KAIGON_THROTTLE_USER": "100000000/min",
                "KAIGON_NOTIFICATION_FANOUT_INLINE": inline,
                "DJANGO_LOG_LEVEL": "ERROR",
            }
            env.pop("DATABASE_URL", None)
            # The channel layer (and cache) production uses; unset: in-process.
            env.pop("REDIS_URL", None)
            if os.environ.get("BENCH_REDIS_URL"):
                env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
                env["KAIGON_CHANNEL_PREFIX"] = env["KAIGON_CACHE_PREFIX"] = (
                    f"bench-{os.getpid()}-{inline}"
                )
            manage = [sys.executable, "manage.py"]
            subprocess.run(
                [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
            seeded = subprocess.run(
                [*manage, "shell", "-c", SEED.format(sizes=SIZES, online=ONLINE)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            data = json.loads(seeded.split("BENCH-SEED ", 1)[1])
            port = free_port()
            server = start_daphne("kaigon.asgi:application", port, env)
            try:
                wait_until_up(f"http://127.0.0.1:{port}/healthz")
                mode = "inline on-commit" if inline == "1" else "worker thread"
                print(f"fan-out: {mode}; {ONLINE} followers online per run", flush=True)
                for run in data["runs"]:
                    if not run["size"]:  # the warm-up post
                        asyncio.run(post(port, data["board"], run["token"]))
                        continue
                    request_ms, last_ms = asyncio.run(one_run(port, data["board"], run))
                    print(
                        f"  {run['size']:>6} followers: POST {request_ms:8.1f} ms   "
                        f"last online follower notified after {last_ms:8.1f} ms",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
