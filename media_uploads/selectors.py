"""Reads of uploads: lists, lookups and the URLs of their files."""

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.files.storage import default_storage
from django.db.models import Exists, ManyToManyRel, OuterRef
from django.db.models.query import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from media_uploads.exceptions import UploadNotFound
from media_uploads.models import ImageSize, Upload


def upload_list_for_owner(*, owner: AbstractUser) -> QuerySet[Upload]:
    """The owner's uploads, newest first, with their files' details."""
    return (
        Upload.objects.filter(owner_id=owner.pk).select_related("image").order_by("-pk")
    )


def upload_get_for_owner(*, owner: AbstractUser, upload_id: int) -> Upload:
    """One of the owner's uploads; somebody else's is as missing as no upload."""
    upload = upload_list_for_owner(owner=owner).filter(pk=upload_id).first()
    if upload is None:
        raise UploadNotFound(upload_id=upload_id)
    return upload


def upload_url(
    *, upload: Upload, size: str = ImageSize.DISPLAY, request: HttpRequest | None = None
) -> str:
    """The public URL of one size (absolute when a request is given)."""
    key = upload.image.size_info(size)[0]
    url = default_storage.url(key)
    if request is not None and url.startswith("/"):
        url = request.build_absolute_uri(url)
    return url


def upload_sizes(
    *, upload: Upload, request: HttpRequest | None = None
) -> dict[str, dict]:
    """{size: {url, width, height, bytes}} for original, display and thumbnail."""
    sizes = {}
    for size in ImageSize:
        key, width, height, size_bytes = upload.image.size_info(size)
        url = default_storage.url(key)
        if request is not None and url.startswith("/"):
            url = request.build_absolute_uri(url)
        sizes[size.value] = {
            "url": url,
            "width": width,
            "height": height,
            "bytes": size_bytes,
        }
    return sizes


def _references() -> list[Exists]:
    """One condition per model that points at uploads (FK, one-to-one, M2M)."""
    conditions = []
    for relation in Upload._meta.related_objects:
        if isinstance(relation, ManyToManyRel):
            through = relation.through
            assert through is not None  # resolved once the apps are loaded
            column = relation.field.m2m_reverse_field_name()
            related = through._base_manager.filter(**{column: OuterRef("pk")})
        else:
            related = relation.related_model._base_manager.filter(
                **{relation.field.name: OuterRef("pk")}
            )
        conditions.append(Exists(related))
    return conditions


def upload_list_unreferenced(*, older_than: timedelta) -> QuerySet[Upload]:
    """Uploads unreferenced since before `older_than` ago that no row points at.

    Other apps keep an upload by calling upload_attach; any foreign key or
    many-to-many field to Upload counts as a reference as well.
    """
    cutoff = timezone.now() - older_than
    uploads = Upload.objects.filter(unreferenced_since__lt=cutoff)
    for referenced in _references():
        uploads = uploads.exclude(referenced)
    return uploads
