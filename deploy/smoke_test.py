"""Smoke-test a running production build from the outside (.ci/run runs it).

Checks every page type, static files with their cache headers, the probes
with a foreign Host header, the API docs, a WebSocket opened with a ticket,
the metrics endpoint, and that every line the server wrote on stdout is JSON.
Prints one line per check and a summary; exits 1 if any check failed.

    python deploy/smoke_test.py http://127.0.0.1:8000 --host forum.example.com \
        --ticket TICKET --metrics-token TOKEN --server-log server.out
"""

import argparse
import asyncio
import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets

HASHED_STATIC = re.compile(r'/static/[^"\'\s>]+\.[0-9a-f]{12}\.(?:css|js|svg)')
YEAR = 365 * 24 * 3600


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Smoke:
    base: str
    host: str
    results: list[tuple[bool, str]] = field(default_factory=list)

    def get(
        self, path: str, *, host: str | None = None, https: bool = True, **headers: str
    ) -> Response:
        request = urllib.request.Request(self.base + path)
        request.add_header("Host", host or self.host)
        if https:
            # What the TLS proxy in front says (SECURE_PROXY_SSL_HEADER).
            request.add_header("X-Forwarded-Proto", "https")
        for name, value in headers.items():
            request.add_header(name.replace("_", "-"), value)
        started = time.monotonic()
        try:
            with _opener.open(request, timeout=15) as answer:
                status, head, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, head, body = error.code, error.headers, error.read()
        ms = (time.monotonic() - started) * 1000
        return Response(status, {k.lower(): v for k, v in head.items()}, body, ms)

    def check(self, label: str, test: Callable[[], str | None]) -> None:
        """`test` returns a short detail when it passes and raises when not."""
        try:
            detail = test()
        except Exception as error:  # every failure is reported, none stops the run
            self.results.append((False, label))
            print(f"FAIL {label}: {error}")
        else:
            self.results.append((True, label))
            print(f"ok   {label}" + (f"  ({detail})" if detail else ""))


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def page(smoke: Smoke, path: str, status: int = 200) -> Callable[[], str]:
    def test() -> str:
        response = smoke.get(path)
        expect(response.status == status, f"status {response.status}")
        expect("text/html" in response.headers.get("content-type", ""), "not HTML")
        expect(bool(HASHED_STATIC.search(response.text)), "no hashed static file")
        return f"{response.status}, {response.ms:.0f} ms"

    return test


def static_files(smoke: Smoke) -> str:
    home = smoke.get("/").text
    paths = sorted(set(HASHED_STATIC.findall(home)))
    expect(len(paths) >= 2, f"only {paths} on the home page")
    for path in paths:
        response = smoke.get(path)
        expect(response.status == 200, f"{path}: status {response.status}")
        cache = response.headers.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache)
        expect(
            bool(max_age) and int(max_age.group(1)) >= YEAR and "immutable" in cache,
            f"{path}: Cache-Control {cache!r}",
        )
    return f"{len(paths)} files, e.g. {paths[0]}: {cache}"


def probe(smoke: Smoke, path: str, host: str) -> Callable[[], str]:
    def test() -> str:
        response = smoke.get(path, host=host, https=False)
        expect(response.status == 200, f"status {response.status}")
        expect(json.loads(response.body) == {"status": "ok"}, response.text[:200])
        return f"Host {host}"

    return test


def https_redirect(smoke: Smoke) -> str:
    response = smoke.get("/", https=False)
    expect(response.status == 301, f"status {response.status}")
    location = response.headers.get("location", "")
    expect(location.startswith("https://"), f"Location {location!r}")
    return location


def api(smoke: Smoke) -> str:
    schema = smoke.get("/api/schema/")
    expect(schema.status == 200, f"schema status {schema.status}")
    expect(b"openapi" in schema.body[:200], "schema has no openapi version")
    docs = smoke.get("/api/docs/")
    expect(docs.status == 200, f"docs status {docs.status}")
    return f"schema {len(schema.body)} bytes"


def websocket(smoke: Smoke, ticket: str) -> str:
    url = "ws://" + urlsplit(smoke.base).netloc + "/ws/"

    async def talk() -> str:
        async with websockets.connect(f"{url}?ticket={ticket}") as socket:
            await socket.send(json.dumps({"type": "ping"}))
            answer = json.loads(await asyncio.wait_for(socket.recv(), 5))
            expect(answer == {"type": "pong"}, f"answer {answer}")
        # The ticket was used once; a second socket with it is refused.
        async with websockets.connect(f"{url}?ticket={ticket}") as socket:
            try:
                await asyncio.wait_for(socket.recv(), 5)
            except websockets.ConnectionClosed as closed:
                expect(closed.rcvd is not None and closed.rcvd.code == 4401, "code")
            else:
                raise AssertionError("a used ticket opened a second socket")
        return "ping -> pong; reused ticket closed with 4401"

    return asyncio.run(talk())


def metrics(smoke: Smoke, token: str) -> str:
    hidden = smoke.get("/metrics", host="10.0.0.9:8000", https=False)
    expect(hidden.status == 404, f"without token: {hidden.status}")
    shown = smoke.get(
        "/metrics", host="10.0.0.9:8000", https=False, Authorization=f"Bearer {token}"
    )
    expect(shown.status == 200, f"with token: {shown.status}")
    for name in ("kaigon_http_requests_total", "kaigon_db_queries_total"):
        expect(name in shown.text, f"no {name}")
    lines = [line for line in shown.text.splitlines() if line.startswith("kaigon_")]
    return f"{len(lines)} kaigon_* samples"


def server_log(path: str) -> str:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line]
    records = []
    for number, line in enumerate(lines, 1):
        try:
            records.append(json.loads(line))
        except ValueError as error:
            raise AssertionError(f"line {number} is not JSON: {line[:120]}") from error
    access = [r for r in records if r.get("logger") == "kaigon.access"]
    expect(bool(access), "no access lines")
    expect(all(r["time"].endswith("+00:00") for r in records), "a time is not UTC")
    expect(all(r.get("request_id") not in (None, "-") for r in access), "no id")
    expect(
        any(r["protocol"] == "websocket" and r.get("user_id") for r in access),
        "no WebSocket line with its user",
    )
    example = {k: access[0].get(k) for k in ("method", "path", "status", "request_id")}
    return f"{len(lines)} JSON lines, {len(access)} access lines, e.g. {example}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="where the server listens, http://127.0.0.1:PORT")
    parser.add_argument("--host", required=True, help="a name in DJANGO_ALLOWED_HOSTS")
    parser.add_argument("--profile", default="mei", help="a member's username")
    parser.add_argument("--ticket", required=True, help="a fresh WebSocket ticket")
    parser.add_argument("--metrics-token", required=True)
    parser.add_argument("--server-log", help="the server's stdout, checked last")
    args = parser.parse_args()

    smoke = Smoke(args.base.rstrip("/"), args.host)
    smoke.check("WebSocket with a ticket", lambda: websocket(smoke, args.ticket))
    for label, path in [
        ("home page", "/"),
        ("profile page", f"/u/{args.profile}"),
        ("login page", "/accounts/login/"),
        ("signup page", "/accounts/signup/"),
        ("admin login page", "/admin/login/"),
    ]:
        smoke.check(f"{label} {path}", page(smoke, path))
    smoke.check("404 page /no-such-page/", page(smoke, "/no-such-page/", 404))
    smoke.check("static files: hashed, cached a year", lambda: static_files(smoke))
    for path in ("/healthz", "/livez", "/readyz"):
        for host in ("app:8000", "127.0.0.1:8000"):
            smoke.check(f"probe {path}", probe(smoke, path, host))
    smoke.check("plain HTTP redirects to HTTPS", lambda: https_redirect(smoke))
    smoke.check("API schema and docs", lambda: api(smoke))
    smoke.check("metrics need the token", lambda: metrics(smoke, args.metrics_token))
    if args.server_log:
        time.sleep(0.5)  # the last access lines
        smoke.check("server stdout is JSON", lambda: server_log(args.server_log))

    failed = [label for ok, label in smoke.results if not ok]
    total = len(smoke.results)
    if failed:
        print(f"smoke test: {len(failed)} of {total} checks FAILED: {failed}")
        return 1
    print(f"smoke test: all {total} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
