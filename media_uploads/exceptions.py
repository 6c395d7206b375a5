"""Refusals of the upload services, for views and other apps to catch.

KaigonErrors: the API answers them in its error shape, a page that lets one
escape shows the styled error page with the same status.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kaigon.errors import (
    ErrorCode,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
)

__all__ = [
    "ImageNotAllowed",
    "UploadInUse",
    "UploadNotFound",
    "UploadNotOwned",
    "UploadQuotaExceeded",
    "UploadWrongKind",
]


class UploadNotFound(NotFound):
    """No such upload, or not one the user may see."""

    default_message = _("There is no upload with id %(id)s.")

    def __init__(self, *, upload_id: object) -> None:
        super().__init__(params={"id": upload_id})


class UploadNotOwned(PermissionDenied):
    """The upload belongs to somebody else."""


class UploadWrongKind(PermissionDenied):
    """An image where an avatar is wanted, or the other way round."""


class UploadInUse(PermissionDenied):
    """Something protects the upload from deletion."""

    default_message = _("This image is still used elsewhere; remove it there first.")


class UploadQuotaExceeded(RateLimited):
    """The member has used up the uploads of this hour."""

    def __init__(self, *, limit: int, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        self.limit = limit
        super().__init__(
            ngettext_lazy(
                "You can upload at most %(limit)d images per hour. "
                "Try again in %(minutes)d minute.",
                "You can upload at most %(limit)d images per hour. "
                "Try again in %(minutes)d minutes.",
                "minutes",
            ),
            retry_after=retry_after,
            params={"limit": limit, "minutes": minutes},
        )


class ImageNotAllowed(InvalidInput):
    """An image a member may not attach (someone else's upload, a wrong kind).

    One class owns the code; posts and chat subclass it with their wording.
    """

    code = ErrorCode.IMAGE_NOT_ALLOWED
    default_message = _("You can attach only images you uploaded yourself.")
