import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
# A proxy's X-Request-ID is kept only when it is a plain token like this.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Stamp every log record with the id of the request being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class JsonFormatter(_JsonFormatter):
    """JSON lines timed in UTC, ISO 8601 with the offset, whatever TIME_ZONE says."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
