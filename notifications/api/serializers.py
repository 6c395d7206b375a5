from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import NotificationKind
from media_uploads.models import ImageSize
from notifications.models import Notification, NotificationActor, TargetType
from notifications.selectors import notification_text, notification_url


class ActorSerializer(serializers.Serializer):
    username = serializers.SerializerMethodField(
        help_text="null for an anonymous writer (shown by pseudonym)."
    )
    display_name = serializers.CharField(source="name")
    avatar_thumbnail_url = serializers.SerializerMethodField()

    def get_username(self, link: NotificationActor) -> str | None:
        return None if link.alias else link.actor.username

    def get_avatar_thumbnail_url(self, link: NotificationActor) -> str | None:
        if link.alias:
            return None
        return link.actor.avatar_size_url(
            ImageSize.THUMBNAIL, self.context.get("request")
        )


class TargetSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TargetType.choices)
    id = serializers.IntegerField()


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    text = serializers.SerializerMethodField(
        help_text="The entry's sentence in the requester's language."
    )
    url = serializers.SerializerMethodField(help_text="A path on this site.")
    target = serializers.SerializerMethodField()
    actors = serializers.SerializerMethodField(
        help_text="The latest named actors; `actor_count` counts them all."
    )
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "text",
            "url",
            "target",
            "actors",
            "actor_count",
            "count",
            "created_at",
            "updated_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_text(self, notification: Notification) -> str:
        return notification_text(notification)

    def get_url(self, notification: Notification) -> str:
        return notification_url(notification)

    @extend_schema_field(TargetSerializer)
    def get_target(self, notification: Notification) -> dict:
        return {"type": notification.target_type, "id": notification.target_id}

    @extend_schema_field(ActorSerializer(many=True))
    def get_actors(self, notification: Notification) -> list:
        links = getattr(notification, "named_actors", [])
        return ActorSerializer(links, many=True, context=self.context).data


class UnreadCountSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
    )
