"""Uploaded images.

A `StoredImage` is one set of files in storage (every size of one image),
named by a hash of the uploaded bytes, so the same image uploaded twice is
stored once. An `Upload` is one member's upload of it: what the API returns,
what other apps attach by id, what an owner deletes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadKind(models.TextChoices):
    IMAGE = "image", _("Image")
    AVATAR = "avatar", _("Avatar")


class ImageSize(models.TextChoices):
    ORIGINAL = "original", _("Original")
    DISPLAY = "display", _("Display")
    THUMBNAIL = "thumbnail", _("Thumbnail")


class StoredImage(models.Model):
    """The files of one processed image, shared by every upload of its bytes."""

    kind = models.CharField(_("kind"), max_length=16, choices=UploadKind.choices)
    sha256 = models.CharField(
        _("hash"),
        max_length=64,
        help_text=_("Keyed SHA-256 of the uploaded bytes; the file names use it."),
    )
    content_type = models.CharField(_("content type"), max_length=32)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    bytes = models.PositiveIntegerField(_("bytes"))
    animated = models.BooleanField(_("animated"), default=False)
    original_key = models.CharField(_("original key"), max_length=255)
    display_key = models.CharField(_("display key"), max_length=255)
    display_width = models.PositiveIntegerField(_("display width"))
    display_height = models.PositiveIntegerField(_("display height"))
    display_bytes = models.PositiveIntegerField(_("display bytes"))
    thumbnail_key = models.CharField(_("thumbnail key"), max_length=255)
    thumbnail_width = models.PositiveIntegerField(_("thumbnail width"))
    thumbnail_height = models.PositiveIntegerField(_("thumbnail height"))
    thumbnail_bytes = models.PositiveIntegerField(_("thumbnail bytes"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored image")
        verbose_name_plural = _("stored images")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256", "kind"], name="media_storedimage_unique_hash_kind"
            )
        ]

    def __str__(self) -> str:
        return self.original_key

    @property
    def keys(self) -> list[str]:
        """Every storage key, each once (small images share one file)."""
        return list(
            dict.fromkeys([self.original_key, self.display_key, self.thumbnail_key])
        )

    def size_info(self, size: str) -> tuple[str, int, int, int]:
        """(key, width, height, bytes) of one size."""
        if size == ImageSize.ORIGINAL:
            return self.original_key, self.width, self.height, self.bytes
        if size == ImageSize.DISPLAY:
            return (
                self.display_key,
                self.display_width,
                self.display_height,
                self.display_bytes,
            )
        if size == ImageSize.THUMBNAIL:
            return (
                self.thumbnail_key,
                self.thumbnail_width,
                self.thumbnail_height,
                self.thumbnail_bytes,
            )
        raise ValueError(f"unknown size {size!r}")


class Upload(models.Model):
    """One member's uploaded image."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="uploads",
        verbose_name=_("owner"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=UploadKind.choices, default=UploadKind.IMAGE
    )
    image = models.ForeignKey(
        StoredImage,
        on_delete=models.PROTECT,
        related_name="uploads",
        verbose_name=_("stored image"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    attached_at = models.DateTimeField(
        _("attached at"),
        null=True,
        blank=True,
        help_text=_("When something (a post, a message, a profile) last took it."),
    )
    # Set on creation and on detach, cleared on attach: the cleanup command
    # removes uploads unreferenced since more than a day.
    unreferenced_since = models.DateTimeField(
        _("unreferenced since"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        indexes = [models.Index(fields=["owner", "-id"], name="media_upload_owner_id")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} by {self.owner_id}"

    @property
    def is_attached(self) -> bool:
        return self.unreferenced_since is None
