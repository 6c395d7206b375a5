"""Chat's refusals: KaigonError subclasses with stable codes (docs/api.md)."""

from django.utils.translation import gettext_lazy as _

from kaigon.errors import Conflict, InvalidInput, KaigonError, NotFound
from kaigon.errors import PermissionDenied as KaigonPermissionDenied


class RoomNotFound(NotFound):
    # Also for rooms the user is not in: a non-member learns nothing of a room.
    code = "room_not_found"
    default_message = _("There is no such chat room, or you are not a member.")


class MessageNotFound(NotFound):
    code = "message_not_found"
    default_message = _("There is no such message in this room.")


class MemberNotFound(NotFound):
    code = "member_not_found"
    default_message = _("That person is not a member of this room.")


class UserNotFound(NotFound):
    code = "user_not_found"
    default_message = _("There is no such member.")


class NotRoomAdmin(KaigonPermissionDenied):
    code = "not_room_admin"
    default_message = _("Only the room's owner or admins may do that.")


class NotRoomOwner(KaigonPermissionDenied):
    code = "not_room_owner"
    default_message = _("Only the room's owner may do that.")


class NotMessageAuthor(KaigonPermissionDenied):
    code = "not_message_author"
    default_message = _("You can change only your own messages.")


class MessagingNotAllowed(KaigonPermissionDenied):
    code = "messaging_not_allowed"
    default_message = _("%(name)s does not accept messages from you.")


class MessageTooLong(InvalidInput):
    code = "message_too_long"
    default_message = _("A message may be at most %(limit)d characters long.")


class MessageEmpty(InvalidInput):
    code = "message_empty"
    default_message = _("Write something or attach an image.")


class ImageNotAllowed(InvalidInput):
    code = "image_not_allowed"
    default_message = _("You can send only images you uploaded yourself.")


class MessageNotEditable(InvalidInput):
    code = "message_not_editable"
    default_message = _("This message can no longer be changed.")


class ClientIdReused(Conflict):
    code = "client_id_reused"
    default_message = _(
        "This client_id was already used for a different message in this room."
    )


class RoomFull(Conflict):
    code = "room_full"
    default_message = _("A room may have at most %(limit)d members.")


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = _("%(name)s is already a member of this room.")


class DirectRoomFixed(InvalidInput):
    code = "direct_room"
    default_message = _("A direct conversation always has exactly its two people.")


class CannotMessageSelf(InvalidInput):
    code = "cannot_message_self"
    default_message = _("You cannot start a conversation with yourself.")


class OwnerMustTransfer(Conflict):
    code = "owner_must_transfer"
    default_message = _(
        "Hand the room over to another member before you leave, or delete it."
    )


class InviteNotFound(NotFound):
    code = "invite_not_found"
    default_message = _("This invite code does not exist.")


class InviteExpired(KaigonError):
    code = "invite_expired"
    status = 410
    default_message = _("This invite has expired; ask for a new one.")


class InviteRevoked(KaigonError):
    code = "invite_revoked"
    status = 410
    default_message = _("This invite was revoked; ask for a new one.")


class InviteUsedUp(KaigonError):
    code = "invite_used_up"
    status = 410
    default_message = _("This invite has been used as often as allowed.")
