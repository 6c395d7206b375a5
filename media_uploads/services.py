"""State changes of uploads: create, delete, attach, detach, clean up.

Only this app touches the storage backend. Files are named by a keyed hash
of the uploaded bytes and by their pixel size, so the same image uploaded
twice is processed and stored once, and its `StoredImage` row is shared.
That row is the lock that keeps a delete and a new upload of the same bytes
from racing: a delete removes the files while it holds the row, and an
upload that finds no row writes (or re-checks) the files itself.
"""

import hashlib
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kaigon import metrics
from kaigon.ratelimit import rate_limit_consume
from media_uploads import images
from media_uploads.exceptions import (
    UploadInUse,
    UploadNotFound,
    UploadNotOwned,
    UploadQuotaExceeded,
    UploadWrongKind,
)
from media_uploads.models import ImageSize, StoredImage, Upload, UploadKind
from media_uploads.selectors import upload_list_unreferenced

logger = logging.getLogger(__name__)

# Avatars are square; small sizes for lists and comments.
AVATAR_EDGES = {
    ImageSize.ORIGINAL: 1024,
    ImageSize.DISPLAY: 320,
    ImageSize.THUMBNAIL: 96,
}


def upload_limits() -> images.Limits:
    return images.Limits(
        max_bytes=settings.KAIGON_UPLOAD_MAX_BYTES,
        max_pixels=settings.KAIGON_UPLOAD_MAX_PIXELS,
        max_frames=settings.KAIGON_UPLOAD_MAX_FRAMES,
        max_animation_pixels=settings.KAIGON_UPLOAD_MAX_ANIMATION_PIXELS,
    )


def upload_sizes(kind: str) -> list[images.SizeSpec]:
    if kind == UploadKind.AVATAR:
        edges = AVATAR_EDGES
    else:
        edges = {
            ImageSize.ORIGINAL: settings.KAIGON_UPLOAD_MAX_EDGE,
            ImageSize.DISPLAY: settings.KAIGON_UPLOAD_DISPLAY_EDGE,
            ImageSize.THUMBNAIL: settings.KAIGON_UPLOAD_THUMBNAIL_EDGE,
        }
    return [images.SizeSpec(str(name), edge) for name, edge in edges.items()]


def _content_hash(data: bytes) -> str:
    # Keyed, so a storage key cannot be computed by someone who merely holds
    # a copy of a file (to learn whether it was uploaded here).
    key = hashlib.sha256(
        b"media_uploads.content:" + settings.SECRET_KEY.encode()
    ).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _key_prefix(kind: str, digest: str) -> str:
    folder = "avatars" if kind == UploadKind.AVATAR else "images"
    return f"{folder}/{digest[:2]}/{digest}"


def _quota_take(*, user: AbstractUser) -> None:
    """Count one upload attempt; refuse past the limit of the last hour."""
    limit = settings.KAIGON_UPLOAD_MAX_PER_HOUR
    if limit <= 0:
        return
    rate_limit_consume(
        None,
        action="upload",
        user=user,
        rates=f"{limit}/h/user",
        error=lambda wait: UploadQuotaExceeded(limit=limit, retry_after=wait),
    )


def _read_limited(file: File, limits: images.Limits) -> bytes:
    size = getattr(file, "size", None)
    if size is not None:
        images.check_bytes(size, limits)
    file.seek(0)
    data = file.read(limits.max_bytes + 1)
    images.check_bytes(len(data), limits)
    return data


@dataclass(frozen=True)
class _FileToStore:
    key: str
    data: bytes
    content_type: str


def _files_for(
    processed: images.ProcessedImage, prefix: str
) -> dict[str, _FileToStore]:
    files: dict[str, _FileToStore] = {}
    for rendition in processed.renditions:
        key = f"{prefix}/{rendition.width}x{rendition.height}.{processed.extension}"
        files[rendition.name] = _FileToStore(
            key, rendition.data, processed.content_type
        )
    return files


def _files_write(files: Iterable[_FileToStore]) -> bool:
    """Write the files that are missing; True if any was already there."""
    storage = default_storage
    found_any = False
    for file in {file.key: file for file in files}.values():
        if storage.exists(file.key):
            found_any = True
            continue
        content = ContentFile(file.data)
        # S3 sets the object's Content-Type from this (not from the name).
        content.content_type = file.content_type  # type: ignore[attr-defined]
        saved_as = storage.save(file.key, content)
        if saved_as != file.key:
            # A parallel upload of the same bytes wrote the same file first.
            storage.delete(saved_as)
            found_any = True
    return found_any


def _files_delete(keys: Iterable[str]) -> None:
    for key in keys:
        default_storage.delete(key)


def _upload_add(*, owner: AbstractUser, kind: str, stored: StoredImage) -> Upload:
    return Upload.objects.create(
        owner_id=owner.pk, kind=kind, image=stored, unreferenced_since=timezone.now()
    )


def upload_create(
    *, owner: AbstractUser, file: File, kind: str = UploadKind.IMAGE
) -> Upload:
    """Check, clean, resize and store an uploaded image for `owner`.

    Raises images.ImageRejected (with a message for the uploader) for a file
    we do not accept and UploadQuotaExceeded past the hourly limit.
    """
    kind = UploadKind(kind)
    try:
        upload = _upload_store(owner=owner, file=file, kind=kind)
    except (images.ImageRejected, UploadQuotaExceeded):
        metrics.UPLOADS.labels(kind.value, "rejected").inc()
        raise
    metrics.UPLOADS.labels(kind.value, "stored").inc()
    return upload


def _upload_store(*, owner: AbstractUser, file: File, kind: UploadKind) -> Upload:
    _quota_take(user=owner)
    limits = upload_limits()
    data = _read_limited(file, limits)
    digest = _content_hash(data)

    with transaction.atomic():
        stored = (
            StoredImage.objects.select_for_update()
            .filter(sha256=digest, kind=kind)
            .first()
        )
        if stored is not None:
            return _upload_add(owner=owner, kind=kind, stored=stored)

    # New bytes. The slow part runs outside any transaction, so no lock is
    # held while Pillow works.
    processed = images.process_image(
        data,
        limits=limits,
        sizes=upload_sizes(kind),
        square=kind == UploadKind.AVATAR,
    )
    del data
    files = _files_for(processed, _key_prefix(kind, digest))
    found_existing = _files_write(files.values())
    try:
        with transaction.atomic():
            stored, created = StoredImage.objects.select_for_update().get_or_create(
                sha256=digest,
                kind=kind,
                defaults=_stored_fields(processed, files),
            )
            upload = _upload_add(owner=owner, kind=kind, stored=stored)
    except Exception:
        if (
            not found_existing
            and not StoredImage.objects.filter(sha256=digest, kind=kind).exists()
        ):
            _files_delete(file.key for file in files.values())
        raise
    if created and found_existing:
        # The files we found may belong to a delete of the same bytes that
        # committed just before our row: write again whatever it removed.
        transaction.on_commit(lambda: _files_write(files.values()))
    logger.info(
        "Stored upload %s (%s, %s bytes) for user %s",
        upload.pk,
        processed.content_type,
        stored.bytes,
        owner.pk,
    )
    return upload


def _stored_fields(
    processed: images.ProcessedImage, files: dict[str, _FileToStore]
) -> dict:
    renditions = {rendition.name: rendition for rendition in processed.renditions}
    original = renditions[ImageSize.ORIGINAL]
    display = renditions[ImageSize.DISPLAY]
    thumbnail = renditions[ImageSize.THUMBNAIL]
    return {
        "content_type": processed.content_type,
        "animated": processed.animated,
        "original_key": files[ImageSize.ORIGINAL].key,
        "width": original.width,
        "height": original.height,
        "bytes": len(original.data),
        "display_key": files[ImageSize.DISPLAY].key,
        "display_width": display.width,
        "display_height": display.height,
        "display_bytes": len(display.data),
        "thumbnail_key": files[ImageSize.THUMBNAIL].key,
        "thumbnail_width": thumbnail.width,
        "thumbnail_height": thumbnail.height,
        "thumbnail_bytes": len(thumbnail.data),
    }


def _upload_remove(upload: Upload) -> None:
    """Delete the row; delete the files when no other upload shares them.

    Runs inside the caller's transaction. The files go while the shared row
    is locked, so a parallel upload of the same bytes either sees this
    upload's row (and keeps the files) or, after us, no row (and writes them).
    """
    stored = StoredImage.objects.select_for_update().get(pk=upload.image_id)
    try:
        Upload.objects.filter(pk=upload.pk).delete()
    except (ProtectedError, RestrictedError) as exc:
        raise UploadInUse() from exc
    if not Upload.objects.filter(image=stored).exists():
        keys = stored.keys
        stored.delete()
        _files_delete(keys)


@transaction.atomic
def upload_delete(*, upload: Upload, actor: AbstractUser) -> None:
    """Delete an upload: its owner may, and staff with the delete permission."""
    if upload.owner_id != actor.pk and not actor.has_perm(
        "media_uploads.delete_upload"
    ):
        raise UploadNotOwned(_("You can delete only images you uploaded yourself."))
    _upload_remove(upload)
    logger.info("Deleted upload %s (by user %s)", upload.pk, actor.pk)


def _upload_for_update(upload_id: int | str) -> Upload:
    try:
        pk = int(upload_id)
    except (TypeError, ValueError):
        pk = None
    upload = (
        Upload.objects.select_for_update().filter(pk=pk).first()
        if pk is not None
        else None
    )
    if upload is None:
        raise UploadNotFound(upload_id=upload_id)
    return upload


@transaction.atomic
def upload_attach(
    *, upload_id: int | str, user: AbstractUser, kind: str | None = None
) -> Upload:
    """Mark `user`'s upload as used by something, so cleanup keeps it.

    Raises UploadNotFound, UploadNotOwned (somebody else's upload) or
    UploadWrongKind (when `kind` is given and differs).
    """
    upload = _upload_for_update(upload_id)
    if upload.owner_id != user.pk:
        raise UploadNotOwned(_("You can attach only images you uploaded yourself."))
    if kind is not None and upload.kind != kind:
        if kind == UploadKind.AVATAR:
            message = _("This image was not uploaded as an avatar.")
        else:
            message = _("An avatar cannot be used here; upload the image again.")
        raise UploadWrongKind(message)
    upload.attached_at = timezone.now()
    upload.unreferenced_since = None
    upload.save(update_fields=["attached_at", "unreferenced_since"])
    return upload


@transaction.atomic
def upload_detach(*, upload_id: int | str) -> None:
    """Say that what used the upload no longer does; cleanup may take it a day later."""
    upload = _upload_for_update(upload_id)
    if upload.unreferenced_since is None:
        upload.unreferenced_since = timezone.now()
        upload.save(update_fields=["unreferenced_since"])


@transaction.atomic
def upload_remove_for_member(*, user: AbstractUser) -> int:
    """Delete every upload `user` still owns, and unshared files; how many."""
    removed = 0
    for upload in Upload.objects.select_for_update().filter(owner_id=user.pk):
        _upload_remove(upload)
        removed += 1
    return removed


def uploads_remove_unreferenced(*, older_than: timedelta) -> int:
    """Delete uploads that nothing has referenced for `older_than`; how many."""
    removed = 0
    candidates = upload_list_unreferenced(older_than=older_than)
    for pk in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            # Again under the row lock: it may have been attached meanwhile.
            upload = (
                upload_list_unreferenced(older_than=older_than)
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if upload is None:
                continue
            _upload_remove(upload)
            removed += 1
    if removed:
        logger.info("Removed %s unreferenced uploads", removed)
    return removed
