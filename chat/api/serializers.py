"""Chat's API shapes: input serializers, and output ones that document
the payloads of chat.payloads (the same JSON the socket events carry)."""

from rest_framework import serializers

from chat.models import MemberRole, MessageKind, RoomKind, WhoMayMessage
from chat.selectors import MAX_HISTORY_LIMIT

# --- output ---------------------------------------------------------------------


class ChatUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    avatar_thumbnail_url = serializers.CharField(allow_null=True)


class MessageImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The upload's id.")
    sizes = serializers.DictField(
        help_text="original, display and thumbnail: {url, width, height, bytes}."
    )


class MessageSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The message's document id.")
    room_id = serializers.IntegerField()
    seq = serializers.IntegerField(help_text="Grows with every message of the room.")
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    sender = ChatUserSerializer(allow_null=True)
    text = serializers.CharField(
        help_text="Empty once deleted; for system messages, rendered in your language."
    )
    image = MessageImageSerializer(allow_null=True)
    reply_to_seq = serializers.IntegerField(allow_null=True)
    system = serializers.DictField(
        allow_null=True, help_text="For system messages: action and names."
    )
    client_id = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    deleted = serializers.BooleanField()


class MessagePageSerializer(serializers.Serializer):
    messages = MessageSerializer(many=True, help_text="Oldest first.")
    has_more = serializers.BooleanField(
        help_text="More messages lie beyond this page in the direction asked."
    )


class MemberSerializer(serializers.Serializer):
    user = ChatUserSerializer()
    role = serializers.ChoiceField(choices=MemberRole.choices)
    nickname = serializers.CharField()
    last_read_seq = serializers.IntegerField()
    joined_at = serializers.DateTimeField()


class MySettingsSerializer(serializers.Serializer):
    notifications = serializers.BooleanField(required=False)
    muted_until = serializers.DateTimeField(required=False, allow_null=True)
    pinned = serializers.BooleanField(required=False)
    archived = serializers.BooleanField(required=False)


class RoomSharedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RoomKind.choices)
    name = serializers.CharField()
    avatar_url = serializers.CharField(allow_null=True)
    avatar_id = serializers.IntegerField(allow_null=True)
    emoji = serializers.CharField()
    theme_color = serializers.CharField()
    created_at = serializers.DateTimeField()


class RoomSerializer(RoomSharedSerializer):
    display_name = serializers.CharField(
        help_text="The room's name, or the other person's in a direct room."
    )
    peer = ChatUserSerializer(allow_null=True, help_text="The other person (direct).")
    member_count = serializers.IntegerField()
    my_role = serializers.ChoiceField(choices=MemberRole.choices)
    last_read_seq = serializers.IntegerField()
    unread_count = serializers.IntegerField()
    last_message = MessageSerializer(allow_null=True)
    my_settings = MySettingsSerializer()


class UnreadSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    rooms = serializers.DictField(
        child=serializers.IntegerField(), help_text="{room id: count}, zeros left out."
    )


class InviteSerializer(serializers.Serializer):
    code = serializers.CharField()
    room_id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    max_uses = serializers.IntegerField(allow_null=True)
    uses = serializers.IntegerField()


class InvitePreviewSerializer(serializers.Serializer):
    room = RoomSharedSerializer()
    expires_at = serializers.DateTimeField()


class ReadMarkSerializer(serializers.Serializer):
    room_id = serializers.IntegerField()
    last_read_seq = serializers.IntegerField()


class PreferenceSerializer(serializers.Serializer):
    who_may_message = serializers.ChoiceField(choices=WhoMayMessage.choices)


# --- input ----------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    """A string that must arrive as one (DRF would turn 17 into "17")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RoomCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    members = serializers.ListField(
        child=serializers.CharField(max_length=150),
        max_length=200,
        help_text="Usernames to add besides you.",
    )
    emoji = serializers.CharField(required=False, allow_blank=True, default="")
    theme_color = serializers.CharField(required=False, allow_blank=True, default="")
    avatar_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class UsernameSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=MemberRole.choices, required=False, help_text="admin or member."
    )
    nickname = serializers.CharField(required=False, allow_blank=True, max_length=50)


class RoomSettingsUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=100)
    avatar_id = serializers.IntegerField(required=False, allow_null=True)
    emoji = serializers.CharField(required=False, allow_blank=True)
    theme_color = serializers.CharField(
        required=False, allow_blank=True, help_text='"#rrggbb" or empty.'
    )


class InviteCreateSerializer(serializers.Serializer):
    ttl_seconds = serializers.IntegerField(
        required=False, help_text="60 to 604800; 600 (10 minutes) by default."
    )
    max_uses = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class MessageCreateSerializer(serializers.Serializer):
    text = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        default="",
        help_text="At most 4000 characters (code message_too_long beyond).",
    )
    image_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Your own upload."
    )
    reply_to_seq = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1
    )
    client_id = StrictCharField(
        required=False,
        allow_null=True,
        default=None,
        trim_whitespace=False,
        help_text="Your id for the message (a UUID): a resend with it returns "
        "the stored message instead of posting again.",
    )


class MessageEditSerializer(serializers.Serializer):
    text = StrictCharField(trim_whitespace=False)


class ReadSerializer(serializers.Serializer):
    seq = serializers.IntegerField(min_value=0, help_text="The last seq you have seen.")


class HistoryQuerySerializer(serializers.Serializer):
    before_seq = serializers.IntegerField(required=False, min_value=1)
    after_seq = serializers.IntegerField(required=False, min_value=0)
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_HISTORY_LIMIT, default=50
    )


class RoomListQuerySerializer(serializers.Serializer):
    archived = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only (not) archived."
    )
