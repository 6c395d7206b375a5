"""Upload services: sharing stored files, deleting, attaching, cleaning up."""

from datetime import timedelta
from typing import ClassVar

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.utils import timezone

from media_uploads import selectors, services
from media_uploads.exceptions import (
    UploadNotFound,
    UploadNotOwned,
    UploadQuotaExceeded,
    UploadWrongKind,
)
from media_uploads.images import ImageRejected
from media_uploads.models import StoredImage, Upload, UploadKind
from tests.factories import UserFactory
from tests.media_uploads import files
from tests.media_uploads.conftest import stored_files

pytestmark = pytest.mark.django_db


def create(owner, data=None, kind=UploadKind.IMAGE, name="a.jpg"):
    data = files.jpeg((1600, 1000)) if data is None else data
    return services.upload_create(
        owner=owner, file=files.upload_file(data, name, "image/jpeg"), kind=kind
    )


def age(upload: Upload, hours: float) -> None:
    Upload.objects.filter(pk=upload.pk).update(
        unreferenced_since=timezone.now() - timedelta(hours=hours)
    )


def test_shared_files_stay_until_the_last_upload_of_them_is_deleted(user, other_user):
    mine = create(user)
    theirs = create(other_user)
    assert mine.image_id == theirs.image_id
    kept = stored_files()
    assert len(kept) == 3

    services.upload_delete(upload=mine, actor=user)

    assert stored_files() == kept
    assert StoredImage.objects.filter(pk=theirs.image_id).exists()

    services.upload_delete(upload=theirs, actor=other_user)

    assert stored_files() == []
    assert StoredImage.objects.count() == 0


def test_same_bytes_as_image_and_as_avatar_are_two_stored_images(user):
    data = files.jpeg((300, 200))

    image = create(user, data)
    avatar = create(user, data, kind=UploadKind.AVATAR)

    assert image.image_id != avatar.image_id
    assert (avatar.image.width, avatar.image.height) == (200, 200)


def test_upload_again_after_delete_stores_the_files_again(user):
    data = files.jpeg((1600, 1000))
    first = create(user, data)
    services.upload_delete(upload=first, actor=user)
    assert stored_files() == []

    second = create(user, data)

    assert len(stored_files()) == 3
    assert second.image.original_key == first.image.original_key


def test_a_missing_file_is_written_again_on_the_next_upload(user, settings):
    from pathlib import Path

    data = files.jpeg((1600, 1000))
    first = create(user, data)
    keys = first.image.keys
    # The rows went (say, a restore of an older database) but one file stayed.
    Upload.objects.all().delete()
    StoredImage.objects.all().delete()
    (Path(settings.MEDIA_ROOT) / keys[1]).unlink()

    create(user, data)

    assert sorted(p.name for p in stored_files()) == sorted(
        Path(key).name for key in keys
    )


class StorageRacedByADelete(FileSystemStorage):
    """Local storage where an armed file vanishes right after exists() says yes,
    as when a delete of the same image removes its files at that moment."""

    armed: ClassVar[set[str]] = set()

    def exists(self, name: str) -> bool:
        found = super().exists(name)
        if found and name in self.armed:
            self.armed.discard(name)
            self.delete(name)
        return found


def test_files_removed_by_a_parallel_delete_are_written_again(
    user, settings, django_capture_on_commit_callbacks
):
    data = files.jpeg((1600, 1000))
    keys = create(user, data).image.keys
    # A delete of the same image: its rows are gone, its files are going.
    Upload.objects.all().delete()
    StoredImage.objects.all().delete()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.StorageRacedByADelete"},
    }
    StorageRacedByADelete.armed = set(keys)

    with django_capture_on_commit_callbacks(execute=True):
        upload = create(user, data)

    assert upload.image.keys == keys
    assert StorageRacedByADelete.armed == set()  # the race did happen
    assert len(stored_files()) == 3


def test_nobody_else_can_delete_an_upload(user, other_user):
    upload = create(user)

    with pytest.raises(UploadNotOwned):
        services.upload_delete(upload=upload, actor=other_user)

    assert Upload.objects.filter(pk=upload.pk).exists()
    assert len(stored_files()) == 3


def test_staff_with_the_delete_permission_can_delete(user):
    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="delete_upload"))
    upload = create(user)

    services.upload_delete(upload=upload, actor=moderator)

    assert stored_files() == []


def test_user_attaches_an_own_upload(user):
    upload = create(user)

    attached = services.upload_attach(upload_id=str(upload.pk), user=user)

    assert attached.pk == upload.pk
    upload.refresh_from_db()
    assert upload.is_attached and upload.attached_at is not None


def test_user_cannot_attach_someone_elses_upload(user, other_user):
    upload = create(user)

    with pytest.raises(UploadNotOwned, match="only images you uploaded yourself"):
        services.upload_attach(upload_id=upload.pk, user=other_user)

    upload.refresh_from_db()
    assert not upload.is_attached


@pytest.mark.parametrize("upload_id", [987654, "nonsense", None])
def test_attaching_a_missing_upload_says_so(user, upload_id):
    with pytest.raises(UploadNotFound, match="There is no upload with id"):
        services.upload_attach(upload_id=upload_id, user=user)


def test_attach_checks_the_kind_when_asked(user):
    image = create(user)

    with pytest.raises(UploadWrongKind, match="not uploaded as an avatar"):
        services.upload_attach(upload_id=image.pk, user=user, kind=UploadKind.AVATAR)


def test_cleanup_removes_only_old_unreferenced_uploads(user):
    old = create(user, files.jpeg((1600, 200)))
    recent = create(user, files.jpeg((1610, 200)))
    attached = create(user, files.jpeg((1620, 200)))
    services.upload_attach(upload_id=attached.pk, user=user)
    age(old, 25)
    Upload.objects.filter(pk=attached.pk).update(
        created=timezone.now() - timedelta(days=3)
    )

    removed = services.uploads_remove_unreferenced(older_than=timedelta(days=1))

    assert removed == 1
    assert set(Upload.objects.values_list("pk", flat=True)) == {recent.pk, attached.pk}
    assert len(stored_files()) == 2 * 3


def test_detached_upload_is_removed_a_day_later(user):
    upload = create(user)
    services.upload_attach(upload_id=upload.pk, user=user)
    services.upload_detach(upload_id=upload.pk)

    assert services.uploads_remove_unreferenced(older_than=timedelta(days=1)) == 0
    age(upload, 24.5)
    assert services.uploads_remove_unreferenced(older_than=timedelta(days=1)) == 1
    assert stored_files() == []


def test_cleanup_keeps_an_upload_that_a_model_points_at(user):
    # accounts.User.avatar is a foreign key to Upload, set without attach here.
    upload = create(user, kind=UploadKind.AVATAR)
    user.avatar = upload
    user.save(update_fields=["avatar"])
    age(upload, 48)

    assert selectors.upload_list_unreferenced(older_than=timedelta(days=1)).count() == 0
    assert services.uploads_remove_unreferenced(older_than=timedelta(days=1)) == 0
    assert Upload.objects.filter(pk=upload.pk).exists()


def test_cleanup_command_reports_what_it_removed(user, capsys):
    upload = create(user)
    age(upload, 30)

    call_command("uploads_cleanup")

    assert "Removed 1 unreferenced upload(s)." in capsys.readouterr().out
    assert not Upload.objects.exists()


def test_cleanup_command_takes_the_age_in_hours(user, capsys):
    upload = create(user)
    age(upload, 3)

    call_command("uploads_cleanup", "--hours", "4")
    assert Upload.objects.exists()
    call_command("uploads_cleanup", "--hours", "2")

    assert not Upload.objects.exists()


def test_hourly_limit_counts_every_attempt(user, other_user, settings):
    settings.KAIGON_UPLOAD_MAX_PER_HOUR = 2
    create(user, files.jpeg((100, 100)))
    with pytest.raises(ImageRejected):
        create(user, b"")

    with pytest.raises(UploadQuotaExceeded) as raised:
        create(user, files.jpeg((120, 100)))

    assert raised.value.limit == 2
    assert 0 < raised.value.retry_after <= 3601
    assert "at most 2 images per hour" in raised.value.message
    assert Upload.objects.count() == 1
    # The limit is per member.
    create(other_user, files.jpeg((100, 100)))
