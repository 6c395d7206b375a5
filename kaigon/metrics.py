"""Prometheus metrics (docs/operations.md, "Metrics").

kaigon defines every metric so one module lists them; apps increment theirs
(`UPLOADS` in media_uploads). Served by `kaigon.probes` at /metrics to
holders of KAIGON_METRICS_TOKEN only.
"""

from typing import Any

from django.core.signals import got_request_exception
from django.db.backends.signals import connection_created
from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "kaigon_http_requests",
    "HTTP requests answered, by route pattern and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "kaigon_http_request_duration_seconds",
    "Time to answer an HTTP request, by route pattern.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "kaigon_errors",
    "Unhandled exceptions, by where they happened (http, socket).",
    ["where"],
)
DB_QUERIES = Counter(
    "kaigon_db_queries", "SQL statements executed, by database alias.", ["alias"]
)
SOCKETS_OPEN = Gauge("kaigon_websockets_open", "WebSockets open in this process.")
SOCKET_EVENTS_SENT = Counter(
    "kaigon_socket_events_sent", "Events sent to WebSocket clients, by type.", ["type"]
)
CHANNEL_SEND_FAILURES = Counter(
    "kaigon_channel_layer_send_failures",
    "Channel-layer sends that raised (events lost for live sockets).",
)
UPLOADS = Counter(
    "kaigon_uploads", "Image uploads, by kind and outcome.", ["kind", "outcome"]
)


def _count_query(execute: Any, sql: str, params: Any, many: bool, context: dict) -> Any:
    DB_QUERIES.labels(context["connection"].alias).inc()
    return execute(sql, params, many, context)


def _wrap_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    # The wrapper object outlives reconnections; add the counter once.
    if _count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_query)


def _count_http_error(sender: Any, **kwargs: Any) -> None:
    ERRORS.labels("http").inc()


def connect_signals() -> None:
    connection_created.connect(_wrap_connection, dispatch_uid="kaigon.metrics.db")
    got_request_exception.connect(
        _count_http_error, dispatch_uid="kaigon.metrics.errors"
    )
