"""One JSON access line per HTTP request and per WebSocket, and their metrics.

`AccessLogMiddleware` wraps the whole ASGI application (kaigon/asgi.py), so it
sees WebSocket handshakes as well as static files; it settles the request id
before Django runs. What only Django knows (the route pattern, the user) is
left in the scope's "kaigon.access" dict by `AccessContextMiddleware` and by
the socket handshake (`note_user`).
"""

import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from kaigon import metrics
from kaigon.logging import VALID_REQUEST_ID, request_id_var

logger = logging.getLogger("kaigon.access")

SCOPE_KEY = "kaigon.access"
# Any other method counts as "OTHER", so clients cannot add metric series.
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def request_id_from_headers(headers: list[tuple[bytes, bytes]]) -> str:
    """The proxy's X-Request-ID when it is a plain token, else a new id."""
    for name, value in headers:
        if name == b"x-request-id":
            incoming = value.decode("latin-1")
            if VALID_REQUEST_ID.match(incoming):
                return incoming
    return uuid.uuid4().hex


def note_user(scope: dict[str, Any], user: Any) -> None:
    """Record who a request or socket belongs to, for its access line."""
    info = scope.get(SCOPE_KEY)
    if info is not None and user is not None and user.is_authenticated:
        info["user_id"] = user.pk


def _route_label(path: str, info: dict[str, Any], kind: str) -> str:
    if info.get("route") is not None:
        return info["route"]
    if kind == "websocket":
        return "<websocket>"
    if path.startswith(settings.STATIC_URL):
        return "<static>"
    return "<unmatched>"


class AccessLogMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = scope.get("headers", [])
        request_id = request_id_from_headers(headers)
        info: dict[str, Any] = {}
        scope = {
            **scope,
            # Django's RequestIdMiddleware reads the same id from here.
            "headers": [h for h in headers if h[0] != b"x-request-id"]
            + [(b"x-request-id", request_id.encode())],
            SCOPE_KEY: info,
        }
        request_id_var.set(request_id)
        started = time.monotonic()
        state: dict[str, Any] = {"status": None, "accepted": False}

        async def send_and_watch(message: dict[str, Any]) -> None:
            kind_sent = message["type"]
            if kind_sent == "http.response.start":
                state["status"] = message["status"]
            elif kind_sent == "websocket.accept":
                state["status"] = 101
                state["accepted"] = True
                metrics.SOCKETS_OPEN.inc()
            elif kind_sent == "websocket.close":
                # A refused handshake is accepted, then closed with 4401/4403.
                info.setdefault("close_code", message.get("code", 1000))
                if state["status"] is None:
                    state["status"] = 403
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        except BaseException:
            if state["status"] is None:
                state["status"] = 500
            raise
        finally:
            if state["accepted"]:
                metrics.SOCKETS_OPEN.dec()
            self._log(scope, info, state["status"], time.monotonic() - started, kind)

    def _log(
        self,
        scope: dict[str, Any],
        info: dict[str, Any],
        status: int | None,
        duration: float,
        kind: str,
    ) -> None:
        method = scope.get("method", "GET")
        path = scope.get("path", "")
        route = _route_label(path, info, kind)
        if kind == "http":
            label = method if method in _METHODS else "OTHER"
            metrics.HTTP_REQUESTS.labels(label, route, str(status)).inc()
            metrics.HTTP_LATENCY.labels(label, route).observe(duration)
        logger.info(
            "%s %s %s",
            method if kind == "http" else "WEBSOCKET",
            path,
            status,
            extra={
                "type": "access",
                "protocol": kind,
                "method": method,
                "path": path,
                "route": route,
                "status": status,
                "duration_ms": round(duration * 1000, 1),
                "user_id": info.get("user_id"),
                **({"close_code": info["close_code"]} if "close_code" in info else {}),
            },
        )


class AccessContextMiddleware:
    """Leave the route pattern and the user (if the view looked) for the access line."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        info = getattr(request, "scope", {}).get(SCOPE_KEY)
        if info is not None:
            match = request.resolver_match
            if match is not None:
                info["route"] = "/" + match.route
            user = getattr(request, "user", None)
            # Never load the user just to log it: unknown unless already known.
            if not (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
                note_user(request.scope, user)  # type: ignore[attr-defined]
        return response
