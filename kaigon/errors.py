"""The project's one error type: services raise it, each surface translates it.

A `KaigonError` carries a stable machine `code` (an `ErrorCode` or an app's
registered code), a translatable `message`, an HTTP `status` and optional
per-field errors. The API (kaigon.api.exception_handler), the pages
(kaigon.middleware.ErrorMiddleware, kaigon.forms.form_add_error) and the
socket (kaigon.consumers) each turn it into their own answer in one place, so
a service never knows who called it.

Apps subclass it with a name for their domain and set the class attributes;
a subclass that sets its own `code` registers it (ERROR_CODES), and two
classes cannot claim one code:

    class PostLocked(Conflict):
        code = "post_locked"
        default_message = _("This post is locked; no new comments.")

    raise PostLocked()
    raise InvalidInput(fields={"board": [_("Pick a board.")]})

Without a message, an error with `fields` is headed by its first field error
("board: Pick a board."), as the API heads a serializer's errors.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise

# code -> the class that owns it; filled as subclasses are defined.
ERROR_CODES: dict[str, type[KaigonError]] = {}


class ErrorCode(StrEnum):
    """Every code a client may see. Codes are part of the API: never rename one."""

    # General
    ERROR = "error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    CONFLICT = "conflict"
    CSRF_FAILED = "csrf_failed"
    RATE_LIMITED = "rate_limited"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    # Socket frames
    BINARY_NOT_SUPPORTED = "binary_not_supported"
    FRAME_TOO_LARGE = "frame_too_large"
    INVALID_JSON = "invalid_json"
    INVALID_EVENT = "invalid_event"
    UNKNOWN_TYPE = "unknown_type"
    # Chat
    ROOM_NOT_FOUND = "room_not_found"
    MESSAGE_NOT_FOUND = "message_not_found"
    MEMBER_NOT_FOUND = "member_not_found"
    USER_NOT_FOUND = "user_not_found"
    NOT_ROOM_ADMIN = "not_room_admin"
    NOT_ROOM_OWNER = "not_room_owner"
    NOT_MESSAGE_AUTHOR = "not_message_author"
    MESSAGING_NOT_ALLOWED = "messaging_not_allowed"
    MESSAGE_TOO_LONG = "message_too_long"
    MESSAGE_EMPTY = "message_empty"
    IMAGE_NOT_ALLOWED = "image_not_allowed"
    MESSAGE_NOT_EDITABLE = "message_not_editable"
    CLIENT_ID_REUSED = "client_id_reused"
    ROOM_FULL = "room_full"
    ALREADY_MEMBER = "already_member"
    DIRECT_ROOM = "direct_room"
    CANNOT_MESSAGE_SELF = "cannot_message_self"
    OWNER_MUST_TRANSFER = "owner_must_transfer"
    INVITE_NOT_FOUND = "invite_not_found"
    INVITE_EXPIRED = "invite_expired"
    INVITE_REVOKED = "invite_revoked"
    INVITE_USED_UP = "invite_used_up"
    MESSAGES_UNAVAILABLE = "messages_unavailable"


NON_FIELD_ERRORS = "non_field_errors"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def first_field_message(fields: dict[str, Any]) -> str:
    """The first field error, named by its field ("name: too long")."""
    for name, messages in fields.items():
        first = messages
        while isinstance(first, (list, dict)) and first:
            first = first[0] if isinstance(first, list) else next(iter(first.values()))
        if first:
            return str(first) if name == NON_FIELD_ERRORS else f"{name}: {first}"
    return str(InvalidInput.default_message)


class KaigonError(Exception):
    """A refusal a client can read: code, message, status, optional field errors.

    `message` may be lazy (gettext_lazy): it is rendered in the language of the
    request or socket that reports it. `params` fill %(name)s placeholders.
    """

    code: ClassVar[str] = ErrorCode.ERROR
    status: ClassVar[int] = 400
    default_message: ClassVar[Message] = _("The request could not be completed.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if code is None:
            return  # inherits its parent's code
        if not SNAKE_CASE.match(str(code)):
            raise TypeError(
                f"{cls.__qualname__}: error code {code!r} is not snake_case."
            )
        owner = ERROR_CODES.get(str(code))
        if owner is not None and (owner.__module__, owner.__qualname__) != (
            cls.__module__,
            cls.__qualname__,
        ):
            raise TypeError(
                f"{cls.__qualname__}: error code {code!r} already belongs to "
                f"{owner.__module__}.{owner.__qualname__}."
            )
        ERROR_CODES[str(code)] = cls

    def __init__(
        self,
        message: Message | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, list[Message]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message_template: Message | None = (
            message if message is not None or fields else self.default_message
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
        if self.message_template is None:
            return first_field_message(self.field_messages())
        template = self.message_template
        # Lazy proxies format themselves (ngettext_lazy picks its plural here).
        return str(template % self.params if self.params else template)

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers every surface that answers over HTTP adds."""
        return {}

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


class ServerError(KaigonError):
    """Our fault, not the client's; logged where it is caught."""

    code = ErrorCode.SERVER_ERROR
    status = 500
    default_message = _("Something went wrong on our side.")


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

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


ERROR_CODES[ErrorCode.ERROR] = KaigonError


def error_codes() -> set[str]:
    """Every code a client may see from our own errors (import the apps first)."""
    return {str(code) for code in ErrorCode} | set(ERROR_CODES)
