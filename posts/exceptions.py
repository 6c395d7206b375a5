"""Refusals of the forum services, each with a stable code (see docs/api.md)."""

from django.utils.translation import gettext_lazy as _

from kaigon.errors import (
    Conflict,
    InvalidInput,
    KaigonError,
    NotFound,
    PermissionDenied,
)
from media_uploads.exceptions import ImageNotAllowed as UploadImageNotAllowed


class PostNotFound(NotFound):
    code = "post_not_found"
    default_message = _("There is no such post.")


class CommentNotFound(NotFound):
    code = "comment_not_found"
    default_message = _("There is no such comment.")


class HashtagNotFound(NotFound):
    code = "hashtag_not_found"
    default_message = _("There is no such hashtag.")


class NotAuthor(PermissionDenied):
    code = "not_author"
    default_message = _("Only the author can do that.")


class NotModerator(PermissionDenied):
    code = "not_moderator"
    default_message = _("Only the moderators of this board can do that.")


class MemberSuspended(KaigonError):
    """The message says until when and why; see posts.services.check_not_suspended."""

    code = "member_suspended"
    status = 403
    default_message = _("Your account is suspended from posting.")


class PostLocked(Conflict):
    code = "post_locked"
    default_message = _("This post is locked; no new comments.")


class ForumInvalid(InvalidInput):
    """Bad input; `fields` names the field at fault."""

    @classmethod
    def on(cls, field: str, message) -> "ForumInvalid":
        return cls(message, fields={field: [message]})


class ReactionNotAllowed(ForumInvalid):
    code = "reaction_not_allowed"
    default_message = _("You can react only with one of the offered emoji.")


class ReplyTooDeep(ForumInvalid):
    code = "reply_too_deep"
    default_message = _("You can reply to a comment, not to a reply.")


class AnonymousNotAllowed(ForumInvalid):
    code = "anonymous_not_allowed"
    default_message = _("This board does not take anonymous posts.")


class ImageNotAllowed(ForumInvalid, UploadImageNotAllowed):
    default_message = _("You can attach only images you uploaded yourself.")
