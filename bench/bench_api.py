"""Requests per second: a small DRF list endpoint vs a bare ASGI hello-world.

Both are served by Daphne on loopback in the same run, with the same load
generator, so the ratio shows what Django + DRF + our middleware cost.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.loadgen import LoadResult, run_load

ROOT = Path(__file__).resolve().parent.parent
LIST_PATH = "/api/v1/users/admin/followers"
FOLLOWERS = 60
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))

SEED_FOLLOWERS = f"""
from accounts.models import User
from accounts.services import user_follow
admin = User.objects.get(username="admin")
for n in range({FOLLOWERS}):
    fan, _ = User.objects.get_or_create(
        username=f"bench{{n}}",
        defaults={{"email": f"bench{{n}}@example.com", "nickname": f"粉絲 {{n}}"}},
    )
    user_follow(follower=fan, followee=admin)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start_daphne(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def report(name: str, result: LoadResult) -> None:
    print(
        f"{name:<28} {result.rps:9.1f} req/s   p50 {result.percentile(0.5):6.1f} ms"
        f"   p99 {result.percentile(0.99):6.1f} ms   errors {result.errors}",
        flush=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kaigon-bench-") as var_dir:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "KAIGON_VAR_DIR": var_dir,
            "KAIGON_THROTTLE_ANON": "100000000/min",
            "KAIGON_THROTTLE_USER": "100000000/min",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        subprocess.run(
            [*manage, "shell", "-c", SEED_FOLLOWERS], cwd=ROOT, env=env, check=True
        )

        api_port, hello_port = free_port(), free_port()
        servers = [
            start_daphne("kaigon.asgi:application", api_port, env),
            start_daphne("bench.hello_asgi:application", hello_port, env),
        ]
        try:
            wait_until_up(f"http://127.0.0.1:{api_port}{LIST_PATH}")
            wait_until_up(f"http://127.0.0.1:{hello_port}/")
            # Warm both up before measuring.
            run_load(
                "127.0.0.1", api_port, LIST_PATH, seconds=1, concurrency=CONCURRENCY
            )
            run_load("127.0.0.1", hello_port, "/", seconds=1, concurrency=CONCURRENCY)
            api = run_load(
                "127.0.0.1",
                api_port,
                LIST_PATH,
                seconds=SECONDS,
                concurrency=CONCURRENCY,
            )
            hello = run_load(
                "127.0.0.1", hello_port, "/", seconds=SECONDS, concurrency=CONCURRENCY
            )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)

    print(
        f"Daphne, {CONCURRENCY} keep-alive connections, {SECONDS:.0f} s each, loopback"
    )
    report(f"DRF list {LIST_PATH}", api)
    report("bare ASGI hello-world", hello)
    ratio = api.rps / hello.rps if hello.rps else 0.0
    slower = 1 / ratio if ratio else 0.0
    print(f"ratio DRF list / bare ASGI: {ratio:.3f} ({slower:.1f}x slower)")


if __name__ == "__main__":
    main()
