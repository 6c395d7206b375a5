"""Operator commands: export_member, delete_member (kaigon.members hooks)."""

import io
import json
import types
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from accounts.models import Follow
from accounts.services import user_follow, user_profile_update
from media_uploads import services as uploads
from media_uploads.models import StoredImage, Upload, UploadKind
from tests.factories import UserFactory
from tests.media_uploads import files
from tests.media_uploads.conftest import stored_files

pytestmark = pytest.mark.django_db
User = get_user_model()


def upload(owner, size=(64, 48), kind=UploadKind.IMAGE):
    data = files.jpeg(size)
    return uploads.upload_create(
        owner=owner, file=files.upload_file(data, "a.jpg", "image/jpeg"), kind=kind
    )


@pytest.fixture
def member(user, other_user):
    """A member who follows someone, has an avatar, an image in use and one not."""
    user_follow(follower=user, followee=other_user)
    user_follow(follower=other_user, followee=user)
    avatar = upload(user, kind=UploadKind.AVATAR)
    user_profile_update(user=user, avatar_upload_id=avatar.pk)
    in_use = upload(user, size=(80, 60))
    uploads.upload_attach(upload_id=in_use.pk, user=user)
    upload(user, size=(90, 70))  # never used
    return user


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("command", ["export_member", "delete_member"])
def test_commands_explain_themselves(command):
    parser = load_command_class("kaigon", command).create_parser("manage.py", command)
    assert "member" in parser.format_help()


def test_export_writes_json_and_the_members_files(member, other_user, tmp_path):
    output = run("export_member", member.username, "--output", str(tmp_path / "out"))

    data = json.loads((tmp_path / "out" / "member.json").read_text())
    assert data["member"]["username"] == member.username
    accounts = data["apps"]["accounts"]
    assert accounts["profile"]["email"] == member.email
    assert [f["username"] for f in accounts["following"]] == [other_user.username]
    assert [f["username"] for f in accounts["followers"]] == [other_user.username]
    exported = data["apps"]["media_uploads"]["uploads"]
    assert len(exported) == 3
    for item in exported:
        stored = Upload.objects.get(pk=item["id"]).image.original_key
        with default_storage.open(stored, "rb") as original:
            assert (tmp_path / "out" / item["file"]).read_bytes() == original.read()
    # One line per step, then where it went.
    assert "accounts: profile" in output
    assert "media_uploads: 3 upload(s)" in output


def test_export_can_be_one_zip_file(member, tmp_path):
    run("export_member", member.username, "--output", str(tmp_path / "x"), "--zip")

    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
    assert "member.json" in names
    assert sum(name.startswith("files/media_uploads/") for name in names) == 3
    assert not (tmp_path / "x").exists()


def test_export_of_an_unknown_member_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="no member 'nobody'"):
        run("export_member", "nobody", "--output", str(tmp_path / "out"))


def test_delete_with_content_removed_leaves_nothing_of_the_member(member, other_user):
    output = run("delete_member", member.username, "--content", "remove", "--yes")

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Upload.objects.exists()
    assert not StoredImage.objects.exists()
    assert stored_files() == []
    assert not Follow.objects.exists()
    assert User.objects.filter(pk=other_user.pk).exists()
    assert not User.objects.filter(username="deleted").exists()
    assert "media_uploads: 3 upload(s) removed, 0 kept" in output


def test_delete_keeping_content_credits_it_to_the_placeholder(member):
    in_use = Upload.objects.get(
        owner=member, kind=UploadKind.IMAGE, unreferenced_since__isnull=True
    )

    run("delete_member", member.username, "--content", "keep", "--yes")

    assert not User.objects.filter(pk=member.pk).exists()
    placeholder = User.objects.get(username="deleted")
    assert not placeholder.is_active
    assert not placeholder.has_usable_password()
    # The image in use stays; the avatar and the unused image are gone.
    assert list(Upload.objects.values_list("pk", "owner")) == [
        (in_use.pk, placeholder.pk)
    ]
    assert default_storage.exists(in_use.image.original_key)


def test_a_second_deletion_reuses_the_placeholder(member, other_user):
    run("delete_member", member.username, "--content", "keep", "--yes")
    run("delete_member", other_user.username, "--content", "keep", "--yes")
    assert User.objects.filter(username="deleted").count() == 1


def test_delete_asks_for_the_username_first(member, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "someone-else")

    with pytest.raises(CommandError, match="Not confirmed"):
        run("delete_member", member.username, "--content", "remove")

    assert User.objects.filter(pk=member.pk).exists()
    assert Upload.objects.filter(owner=member).count() == 3


def test_the_placeholder_itself_cannot_be_deleted():
    UserFactory(username="deleted", is_active=False)
    with pytest.raises(CommandError, match="placeholder"):
        run("delete_member", "deleted", "--content", "remove", "--yes")


def test_an_active_member_is_never_taken_for_the_placeholder(member):
    UserFactory(username="deleted")
    with pytest.raises(ValueError, match="active member"):
        run("delete_member", member.username, "--content", "keep", "--yes")
    assert User.objects.filter(pk=member.pk).exists()


def test_deletion_runs_apps_in_reverse_with_uploads_last(member, monkeypatch):
    from kaigon import members

    calls = []

    def hooks(label, **flags):
        return types.SimpleNamespace(
            delete=lambda **kwargs: calls.append(label), **flags
        )

    monkeypatch.setattr(
        members,
        "member_data_modules",
        lambda: [
            ("accounts", hooks("accounts")),
            ("posts", hooks("posts")),
            ("media_uploads", hooks("media_uploads", DELETE_LAST=True)),
            ("chat", hooks("chat")),
        ],
    )
    members.member_delete(user=member, keep_content=False, report=lambda line: None)
    assert calls == ["chat", "posts", "accounts", "media_uploads"]
