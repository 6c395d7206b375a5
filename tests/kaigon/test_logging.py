import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the stdout JSON handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger("django").handlers
        if isinstance(h.formatter, JsonFormatter)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines() if line]
    handler.setStream(previous)


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first and second and first != second


def test_a_proxy_request_id_is_kept_and_a_malformed_one_replaced(client):
    assert (
        client.get("/healthz", HTTP_X_REQUEST_ID="lb-123.abc")["X-Request-ID"]
        == "lb-123.abc"
    )
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert replaced["X-Request-ID"] != "bad id\nwith newline"


def test_logs_are_json_lines_with_the_request_id(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == 404
    records = [line for line in log_lines() if line.get("request_id") == "trace-42"]
    assert records, log_lines()
    assert records[0]["level"] == "WARNING"
    assert "/no-such-page/" in records[0]["message"]
