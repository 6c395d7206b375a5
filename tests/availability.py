"""Whether real services (Redis, MariaDB, S3, ...) are reachable from tests.

Skip on a developer machine when one is missing, fail in CI.
"""

import os
import socket
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def missing(what: str, how_to_install: str) -> None:
    """Skip with a reason that says what to install; in CI, fail instead."""
    message = f"{what} is not available: {how_to_install}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url_or_skip() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    parsed = urlparse(url)
    if not port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        missing("Redis", f"start a Redis server or set REDIS_URL (tried {url})")
    return url
