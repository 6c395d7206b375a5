"""Errors of the upload services, for views and other apps to catch.

Http404 and PermissionDenied subclasses, so both Django views and DRF turn
them into a 404 or 403 with their message.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import ngettext

__all__ = [
    "UploadInUse",
    "UploadNotFound",
    "UploadNotOwned",
    "UploadQuotaExceeded",
    "UploadWrongKind",
]


class UploadNotFound(Http404):
    """No such upload, or not one the user may see."""


class UploadNotOwned(PermissionDenied):
    """The upload belongs to somebody else."""


class UploadWrongKind(PermissionDenied):
    """An image where an avatar is wanted, or the other way round."""


class UploadInUse(PermissionDenied):
    """Something protects the upload from deletion."""


class UploadQuotaExceeded(Exception):
    """The member has used up the uploads of this hour."""

    def __init__(self, *, limit: int, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        self.limit = limit
        self.retry_after = retry_after
        self.message = ngettext(
            "You can upload at most %(limit)d images per hour. "
            "Try again in %(minutes)d minute.",
            "You can upload at most %(limit)d images per hour. "
            "Try again in %(minutes)d minutes.",
            minutes,
        ) % {"limit": limit, "minutes": minutes}
        super().__init__(self.message)
