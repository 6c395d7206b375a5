"""The forum's read path on generated data against a static DRF endpoint.

Generates a forum (bench/forum_data.py: 100 boards, 100,000 posts, 1,000,000
comments by default) in a throw-away SQLite database, serves it with Daphne,
and measures with the same keep-alive load generator:

- a static DRF endpoint (a constant 20-item list through the same middleware,
  authentication and renderer; bench/static_api.py),
- a board's post list (`/api/v1/boards/<slug>/posts`, 20 posts),
- a post (`/api/v1/posts/<id>`) and its first page of comments
  (`/api/v1/posts/<id>/comments`, 20 floors with their replies).

Sizes: BENCH_FORUM_BOARDS, BENCH_FORUM_POSTS, BENCH_FORUM_COMMENTS. With
BENCH_PROFILE=1 it also profiles each endpoint in-process with pyinstrument
(200 requests each) and writes the reports to bench/profiles/.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_api import free_port, report, start_daphne, wait_until_up
from bench.loadgen import run_load

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SIZES = {
    "boards": int(os.environ.get("BENCH_FORUM_BOARDS", "100")),
    "posts": int(os.environ.get("BENCH_FORUM_POSTS", "100000")),
    "comments": int(os.environ.get("BENCH_FORUM_COMMENTS", "1000000")),
}
STATIC_PATH = "/api/v1/bench/static"

GENERATE = """
import json
from bench.forum_data import generate
ids = generate(boards={boards}, posts={posts}, comments={comments})
print("IDS=" + json.dumps(ids))
"""

PROFILE = """
from pathlib import Path
from django.test import Client
from pyinstrument import Profiler
client = Client()
out = Path("bench/profiles")
out.mkdir(exist_ok=True)
for name, path in {paths!r}.items():
    for _ in range(20):
        client.get(path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(200):
        assert client.get(path).status_code == 200
    profiler.stop()
    (out / f"{{name}}.txt").write_text(profiler.output_text(show_all=False))
    print(name, "profiled")
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kaigon-bench-forum-") as var_dir:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "KAIGON_VAR_DIR": var_dir,
            "KAIGON_THROTTLE_ANON": "100000000/min",
            "KAIGON_THROTTLE_USER": "100000000/min",
            "DJANGO_LOG_LEVEL": "ERROR",
            # Production setting for busy sites: views reach the row 10 at a time.
            "KAIGON_VIEW_COUNT_BATCH": "10",
        }
        for name in ("DATABASE_URL", "MONGO_URL", "REDIS_URL"):
            env.pop(name, None)
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        started = time.monotonic()
        generated = subprocess.run(
            [*manage, "shell", "-c", GENERATE.format(**SIZES)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        took = time.monotonic() - started
        ids = json.loads(generated.stdout.split("IDS=", 1)[1])
        print(
            f"generated {SIZES['boards']:,} boards, {SIZES['posts']:,} posts, "
            f"{SIZES['comments']:,} comments in {took:.0f} s",
            flush=True,
        )
        paths = {
            "static": STATIC_PATH,
            "board_posts": f"/api/v1/boards/{ids['board_slug']}/posts",
            "post": f"/api/v1/posts/{ids['post_id']}",
            "post_comments": f"/api/v1/posts/{ids['post_id']}/comments",
        }
        if os.environ.get("BENCH_PROFILE"):
            subprocess.run(
                [*manage, "shell", "-c", PROFILE.format(paths=paths)],
                cwd=ROOT,
                env=env,
                check=True,
            )

        # Signed-out answers come from the read cache (posts/read_cache.py);
        # the same server without it shows what every uncached read costs.
        runs = {
            "signed-out readers (read cache on)": {},
            "read cache off (what signed-in readers and every miss pay)": {
                "KAIGON_FORUM_READ_CACHE_SECONDS": "0"
            },
        }
        results: dict[str, dict] = {}
        for title, extra_env in runs.items():
            port = free_port()
            server = start_daphne("kaigon.asgi:application", port, {**env, **extra_env})
            results[title] = {}
            try:
                wait_until_up(f"http://127.0.0.1:{port}{STATIC_PATH}")
                for name, path in paths.items():
                    run_load(
                        "127.0.0.1", port, path, seconds=1, concurrency=CONCURRENCY
                    )
                    results[title][name] = run_load(
                        "127.0.0.1",
                        port,
                        path,
                        seconds=SECONDS,
                        concurrency=CONCURRENCY,
                    )
            finally:
                server.terminate()
                server.wait(timeout=10)

    print(
        f"Daphne, {CONCURRENCY} keep-alive connections, {SECONDS:.0f} s each, loopback"
    )
    for title, run in results.items():
        print(f"-- {title}")
        static = run["static"]
        for name, path in paths.items():
            result = run[name]
            ratio = result.rps / static.rps if static.rps else 0.0
            report(f"{name} {path}"[:28], result)
            if name != "static":
                print(f"    ratio to static: {ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
