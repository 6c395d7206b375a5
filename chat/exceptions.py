"""Chat's refusals: KaigonError subclasses with stable codes (docs/api.md)."""

from django.utils.translation import gettext_lazy as _

from kaigon.errors import Conflict, ErrorCode, InvalidInput, KaigonError, NotFound
from kaigon.errors import PermissionDenied as KaigonPermissionDenied
from media_uploads.exceptions import ImageNotAllowed as UploadImageNotAllowed


class RoomNotFound(NotFound):
    # Also for rooms the user is not in: a non-member learns nothing of a room.
    code = ErrorCode.ROOM_NOT_FOUND
    default_message = _("There is no such chat room, or you are not a member.")


class MessageNotFound(NotFound):
    code = ErrorCode.MESSAGE_NOT_FOUND
    default_message = _("There is no such message in this room.")


class MemberNotFound(NotFound):
    code = ErrorCode.MEMBER_NOT_FOUND
    default_message = _("That person is not a member of this room.")


class UserNotFound(NotFound):
    code = ErrorCode.USER_NOT_FOUND
    default_message = _("There is no such member.")


class NotRoomAdmin(KaigonPermissionDenied):
    code = ErrorCode.NOT_ROOM_ADMIN
    default_message = _("Only the room's owner or admins may do that.")


class NotRoomOwner(KaigonPermissionDenied):
    code = ErrorCode.NOT_ROOM_OWNER
    default_message = _("Only the room's owner may do that.")


class NotMessageAuthor(KaigonPermissionDenied):
    code = ErrorCode.NOT_MESSAGE_AUTHOR
    default_message = _("You can change only your own messages.")


class MessagingNotAllowed(KaigonPermissionDenied):
    code = ErrorCode.MESSAGING_NOT_ALLOWED
    default_message = _("%(name)s does not accept messages from you.")


class MessageTooLong(InvalidInput):
    code = ErrorCode.MESSAGE_TOO_LONG
    default_message = _("A message may be at most %(limit)d characters long.")


class MessageEmpty(InvalidInput):
    code = ErrorCode.MESSAGE_EMPTY
    default_message = _("Write something or attach an image.")


class ImageNotAllowed(UploadImageNotAllowed):
    default_message = _("You can send only images you uploaded yourself.")


class MessageNotEditable(InvalidInput):
    code = ErrorCode.MESSAGE_NOT_EDITABLE
    default_message = _("This message can no longer be changed.")


class ClientIdReused(Conflict):
    code = ErrorCode.CLIENT_ID_REUSED
    default_message = _(
        "This client_id was already used for a different message in this room."
    )


class RoomFull(Conflict):
    code = ErrorCode.ROOM_FULL
    default_message = _("A room may have at most %(limit)d members.")


class AlreadyMember(Conflict):
    code = ErrorCode.ALREADY_MEMBER
    default_message = _("%(name)s is already a member of this room.")


class DirectRoomFixed(InvalidInput):
    code = ErrorCode.DIRECT_ROOM
    default_message = _("A direct conversation always has exactly its two people.")


class CannotMessageSelf(InvalidInput):
    code = ErrorCode.CANNOT_MESSAGE_SELF
    default_message = _("You cannot start a conversation with yourself.")


class OwnerMustTransfer(Conflict):
    code = ErrorCode.OWNER_MUST_TRANSFER
    default_message = _(
        "Hand the room over to another member before you leave, or delete it."
    )


class InviteNotFound(NotFound):
    code = ErrorCode.INVITE_NOT_FOUND
    default_message = _("This invite code does not exist.")


class InviteExpired(KaigonError):
    code = ErrorCode.INVITE_EXPIRED
    status = 410
    default_message = _("This invite has expired; ask for a new one.")


class InviteRevoked(KaigonError):
    code = ErrorCode.INVITE_REVOKED
    status = 410
    default_message = _("This invite was revoked; ask for a new one.")


class InviteUsedUp(KaigonError):
    code = ErrorCode.INVITE_USED_UP
    status = 410
    default_message = _("This invite has been used as often as allowed.")


class MessagesUnavailable(KaigonError):
    code = ErrorCode.MESSAGES_UNAVAILABLE
    status = 503
    default_message = _("Messages cannot be reached right now; try again in a moment.")
