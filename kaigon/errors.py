"""The project's one error type: services raise it, each surface translates it.

A `KaigonError` carries a stable machine `code` (one of `ErrorCode`), a
translatable `message`, an HTTP `status` and optional per-field errors. The
API (kaigon.api.exception_handler), the pages (kaigon.views / form helpers)
and the socket (kaigon.consumers) each turn it into their own answer in one
place, so a service never knows who called it.

Apps subclass it with a name for their domain and set the class attributes:

    class PostLocked(KaigonError):
        code = ErrorCode.POST_LOCKED
        status = 409
        default_message = _("This post is locked; no new comments.")

    raise PostLocked()
    raise KaigonError(_("Pick a board."), code=ErrorCode.INVALID, fields={...})
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class ErrorCode(StrEnum):
    """Every code a client may see. Codes are part of the API: never rename one."""

    # General
    ERROR = "error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    # Socket frames
    BINARY_NOT_SUPPORTED = "binary_not_supported"
    FRAME_TOO_LARGE = "frame_too_large"
    INVALID_JSON = "invalid_json"
    INVALID_EVENT = "invalid_event"
    UNKNOWN_TYPE = "unknown_type"


class KaigonError(Exception):
    """A refusal a client can read: code, message, status, optional field errors.

    `message` may be lazy (gettext_lazy): it is rendered in the language of the
    request or socket that reports it. `params` fill %(name)s placeholders.
    """

    code: ClassVar[str] = ErrorCode.ERROR
    status: ClassVar[int] = 400
    default_message: ClassVar[Message] = _("The request could not be completed.")

    def __init__(
        self,
        message: Message | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, list[Message]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message_template: Message = (
            message if message is not None else self.default_message
        )
        self.params = params or {}
        if code is not None:
            self.code = code  # type: ignore[misc]
        if status is not None:
            self.status = status  # type: ignore[misc]
        self.fields = fields or {}
        super().__init__(str(self.code))

    @property
    def message(self) -> str:
        """The message in the active language."""
        text = str(self.message_template)
        return text % self.params if self.params else text

    def field_messages(self) -> dict[str, list[str]]:
        return {
            name: [str(message) for message in messages]
            for name, messages in self.fields.items()
        }

    def __str__(self) -> str:
        return self.message


class InvalidInput(KaigonError):
    code = ErrorCode.INVALID
    status = 400
    default_message = _("The request is invalid.")


class NotFound(KaigonError):
    code = ErrorCode.NOT_FOUND
    status = 404
    default_message = _("Not found.")


class PermissionDenied(KaigonError):
    code = ErrorCode.PERMISSION_DENIED
    status = 403
    default_message = _("You do not have permission to do that.")


class Conflict(KaigonError):
    code = ErrorCode.CONFLICT
    status = 409
    default_message = _("That conflicts with the current state.")


class RateLimited(KaigonError):
    """Too many attempts; `retry_after` seconds until the next one is let in."""

    code = ErrorCode.RATE_LIMITED
    status = 429
    default_message = _("Too many attempts; try again in a moment.")

    def __init__(
        self, message: Message | None = None, *, retry_after: float, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = max(1, math.ceil(retry_after))
