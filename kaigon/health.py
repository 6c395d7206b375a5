"""Is every backing service answering? Used by /healthz and the API."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection

from kaigon.docstore import get_docstore


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")

    async def round_trip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz.ping"})
        message = await layer.receive(channel)
        if message.get("type") != "healthz.ping":
            raise RuntimeError("channel layer returned another message")

    async_to_sync(round_trip)()


def check_docstore() -> None:
    get_docstore().ping()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "docstore": check_docstore,
}


@dataclass
class HealthReport:
    checks: dict[str, str] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return all(state == "ok" for state in self.checks.values())

    @property
    def status_code(self) -> int:
        return 200 if self.healthy else 503

    def as_dict(self) -> dict:
        """The public answer: which check fails, never why (that is logged)."""
        failing = [name for name, state in self.checks.items() if state != "ok"]
        return {
            "status": "ok" if self.healthy else "unavailable",
            "checks": {
                name: "error" if name in failing else "ok" for name in self.checks
            },
            "failing": failing,
        }


def run_health_checks() -> HealthReport:
    report = HealthReport()
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not answering"
            report.checks[name] = f"error: {exc.__class__.__name__}: {exc}"[:200]
        else:
            report.checks[name] = "ok"
    return report
