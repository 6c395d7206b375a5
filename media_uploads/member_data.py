"""A member's uploads (kaigon.members): exported with their files."""

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import AbstractUser
from django.core.files.storage import default_storage
from django.db import transaction

from media_uploads.models import Upload, UploadKind
from media_uploads.services import upload_remove_for_member

# After the apps whose posts and messages show these uploads.
DELETE_LAST = True


def export(*, user: AbstractUser, files: Path, report: Callable[[str], None]) -> dict:
    uploads = []
    for upload in Upload.objects.filter(owner=user).select_related("image"):
        key = upload.image.original_key
        target = files / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(key, "rb") as source:
            target.write_bytes(source.read())
        uploads.append(
            {
                "id": upload.pk,
                "kind": upload.kind,
                "created": upload.created,
                "in_use": upload.is_attached,
                "content_type": upload.image.content_type,
                "file": str(target.relative_to(files.parent.parent)),
            }
        )
    report(f"media_uploads: {len(uploads)} upload(s) with their original files")
    return {"uploads": uploads}


@transaction.atomic
def delete(
    *,
    user: AbstractUser,
    placeholder: AbstractUser | None,
    report: Callable[[str], None],
) -> None:
    uploads = Upload.objects.filter(owner=user)
    kept = 0
    if placeholder is not None:
        # Images in kept posts and messages stay, credited to the placeholder;
        # the avatar and unused images go.
        kept = (
            uploads.filter(kind=UploadKind.IMAGE, unreferenced_since__isnull=True)
            .select_for_update()
            .update(owner=placeholder)
        )
    removed = upload_remove_for_member(user=user)
    report(f"media_uploads: {removed} upload(s) removed, {kept} kept")
