"""The Upload resource and the upload request."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from media_uploads import selectors
from media_uploads.models import Upload, UploadKind


class ImageSizeSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Public URL of this size.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    bytes = serializers.IntegerField()


class ImageSizesSerializer(serializers.Serializer):
    original = ImageSizeSerializer(
        help_text="The whole picture, its longest edge capped."
    )
    display = ImageSizeSerializer(help_text="For showing in a post or a message.")
    thumbnail = ImageSizeSerializer(help_text="For lists and previews.")


class UploadSerializer(serializers.ModelSerializer):
    """An uploaded image: its sizes, and the original's dimensions and type."""

    width = serializers.IntegerField(source="image.width", read_only=True)
    height = serializers.IntegerField(source="image.height", read_only=True)
    bytes = serializers.IntegerField(
        source="image.bytes", read_only=True, help_text="Size of the original file."
    )
    content_type = serializers.CharField(source="image.content_type", read_only=True)
    animated = serializers.BooleanField(source="image.animated", read_only=True)
    attached = serializers.BooleanField(
        source="is_attached",
        read_only=True,
        help_text="Whether a post, message or profile uses it (unattached "
        "uploads are removed after a day).",
    )
    sizes = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = [
            "id",
            "kind",
            "width",
            "height",
            "bytes",
            "content_type",
            "animated",
            "sizes",
            "attached",
            "created",
        ]
        read_only_fields = fields

    @extend_schema_field(ImageSizesSerializer)
    def get_sizes(self, upload: Upload) -> dict:
        return selectors.upload_sizes(
            upload=upload, request=self.context.get("request")
        )


class UploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        max_length=None,
        help_text="A JPEG, PNG, GIF or WebP image, recognised by its content.",
    )
    kind = serializers.ChoiceField(
        choices=UploadKind.choices,
        default=UploadKind.IMAGE,
        help_text="`avatar` crops the picture square.",
    )
