"""Search: indexing rate and query latency on a generated forum, beside icontains.

    python bench/run.py bench_search
    BENCH_SEARCH_DATABASE_URL=mysql://root@127.0.0.1:3306/kaigon_search_bench \
        python bench/run.py bench_search

Runs in a child process on a throw-away SQLite database (or the MySQL/MariaDB
database named above, which it empties); `BENCH_FORUM_POSTS` and
`BENCH_FORUM_COMMENTS` size the forum (bench/forum_data.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS = int(os.environ.get("BENCH_FORUM_POSTS", "100000"))
COMMENTS = int(os.environ.get("BENCH_FORUM_COMMENTS", "20000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "40"))

SCRIPT = """
import statistics, time
from django.db.models import Q
from bench.forum_data import generate
from posts.models import Post, Visibility
from search.selectors import (
    PostFilters, post_query, post_search, post_search_count,
)
from search.services import index_rebuild

generate(boards=20, posts={posts}, comments={comments})
started = time.monotonic()
rows = index_rebuild()
took = time.monotonic() - started
print(f"indexed {{Post.objects.count():,}} posts ({{rows:,}} rows) in {{took:.0f}} s: "
      f"{{Post.objects.count() / took:,.0f}} posts/s", flush=True)

QUERIES = {{
    "common 測試文章 (every post)": "測試文章",
    "common benchmark (every post)": "benchmark",
    "tag #台北美食": "#台北美食",
    "medium 台北美食": "台北美食",
    "rare 31337": "31337",
    "rare + common post 31337": "post 31337",
    "no match 量子電腦": "量子電腦",
}}

def run(fn):
    fn()
    times = []
    for _ in range({repeat}):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p99 = times[max(0, round(len(times) * 0.99) - 1)]
    return statistics.median(times), p99

def indexed(q):
    plan = post_query(query=q, filters=PostFilters(), viewer=None)
    post_search_count(plan)
    post_search(plan)

def icontains(q):
    posts = Post.objects.filter(status=Visibility.PUBLISHED, title__icontains=q)
    posts.count()
    list(posts.order_by("-created_at")[:20])

print(f"{{'query':<30}} {{'index p50':>10}} {{'p99':>8}}", end=" ")
print(f"{{'icontains p50':>14}} {{'p99':>8}}  (ms)")
for name, q in QUERIES.items():
    a = run(lambda: indexed(q))
    b = run(lambda: icontains(q))
    print(f"{{name:<30}} {{a[0]:10.1f}} {{a[1]:8.1f}}", end=" ")
    print(f"{{b[0]:14.1f}} {{b[1]:8.1f}}", flush=True)
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kaigon-bench-search-") as var_dir:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "KAIGON_VAR_DIR": var_dir,
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        for name in ("DATABASE_URL", "MONGO_URL", "REDIS_URL"):
            env.pop(name, None)
        url = os.environ.get("BENCH_SEARCH_DATABASE_URL")
        if url:
            env["DATABASE_URL"] = url
        manage = [sys.executable, "manage.py"]
        if url:
            subprocess.run([*manage, "flush", "--noinput"], cwd=ROOT, env=env)
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        print(f"database: {'MariaDB' if url else 'SQLite'}", flush=True)
        script = SCRIPT.format(posts=POSTS, comments=COMMENTS, repeat=REPEAT)
        subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
