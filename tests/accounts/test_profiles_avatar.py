import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.services import user_profile_update
from media_uploads.models import Upload, UploadKind
from media_uploads.services import upload_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _png(
    width: int = 300, height: int = 200, color: str = "teal"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return SimpleUploadedFile("pic.png", buffer.getvalue(), content_type="image/png")


def _avatar_upload(owner, color: str = "teal") -> Upload:
    return upload_create(owner=owner, file=_png(color=color), kind=UploadKind.AVATAR)


def test_patch_me_sets_a_square_avatar(user_api_client, user):
    upload = _avatar_upload(user)

    response = user_api_client.patch("/api/v1/me", {"avatar": upload.pk}, format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.avatar_id == upload.pk
    assert upload.image.width == upload.image.height
    body = response.json()
    assert body["avatar_url"].startswith("http://testserver/media/avatars/")
    assert "96x96" in body["avatar_thumbnail_url"]
    upload.refresh_from_db()
    assert upload.is_attached


def test_public_profile_and_lists_show_the_avatar(api_client, user, other_user):
    from accounts.services import user_follow

    user_profile_update(user=user, avatar_upload_id=_avatar_upload(user).pk)
    user_follow(follower=user, followee=other_user)

    profile = api_client.get(f"/api/v1/users/{user.username}").json()
    listed = api_client.get(f"/api/v1/users/{other_user.username}/followers").json()

    assert profile["avatar_url"].startswith("http://testserver/media/avatars/")
    assert listed["results"][0]["user"]["avatar_url"] == profile["avatar_url"]


def test_patch_me_with_null_removes_the_avatar_and_frees_the_upload(
    user_api_client, user
):
    upload = _avatar_upload(user)
    user_profile_update(user=user, avatar_upload_id=upload.pk)

    response = user_api_client.patch("/api/v1/me", {"avatar": None}, format="json")

    assert response.status_code == 200
    assert response.json()["avatar_url"] is None
    user.refresh_from_db()
    assert user.avatar_id is None
    upload.refresh_from_db()
    assert not upload.is_attached


def test_replacing_the_avatar_frees_the_old_upload(user):
    old = _avatar_upload(user, color="red")
    new = _avatar_upload(user, color="blue")
    user_profile_update(user=user, avatar_upload_id=old.pk)

    user_profile_update(user=user, avatar_upload_id=new.pk)

    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.is_attached
    assert new.is_attached
    assert user.avatar_id == new.pk


def test_cannot_use_someone_elses_upload_as_avatar(user_api_client, user, other_user):
    theirs = _avatar_upload(other_user)

    response = user_api_client.patch("/api/v1/me", {"avatar": theirs.pk}, format="json")

    assert response.status_code == 400
    assert "avatar" in response.json()["error"]["fields"]
    user.refresh_from_db()
    assert user.avatar_id is None
    theirs.refresh_from_db()
    assert not theirs.is_attached


def test_unknown_upload_id_is_a_field_error(user_api_client):
    response = user_api_client.patch("/api/v1/me", {"avatar": 999999}, format="json")

    assert response.status_code == 400
    assert "avatar" in response.json()["error"]["fields"]


def test_non_numeric_avatar_id_is_a_field_error(user_api_client):
    response = user_api_client.patch("/api/v1/me", {"avatar": "abc"}, format="json")

    assert response.status_code == 400
    assert "avatar" in response.json()["error"]["fields"]


def test_plain_image_upload_cannot_be_an_avatar(user_api_client, user):
    image = upload_create(owner=user, file=_png(), kind=UploadKind.IMAGE)

    response = user_api_client.patch("/api/v1/me", {"avatar": image.pk}, format="json")

    assert response.status_code == 400
    assert "avatar" in response.json()["error"]["fields"]


def test_deleting_the_upload_clears_the_avatar(user):
    from media_uploads.services import upload_delete

    upload = _avatar_upload(user)
    user_profile_update(user=user, avatar_upload_id=upload.pk)

    upload_delete(upload=upload, actor=user)

    user.refresh_from_db()
    assert user.avatar_id is None


def test_settings_page_sets_avatar_from_the_upload_widget(client, user):
    upload = _avatar_upload(user)
    client.force_login(user)
    page = client.get(reverse("accounts:settings-profile")).content.decode()
    assert "data-upload-widget" in page
    assert 'name="avatar"' in page

    response = client.post(
        reverse("accounts:settings-profile"),
        {"nickname": "Mei", "bio": "", "avatar": str(upload.pk)},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.avatar_id == upload.pk
    profile_page = client.get(f"/u/{user.username}").content.decode()
    assert user.avatar_url in profile_page


def test_settings_page_removes_the_avatar(client, user):
    user_profile_update(user=user, avatar_upload_id=_avatar_upload(user).pk)
    client.force_login(user)

    client.post(
        reverse("accounts:settings-profile"),
        {"nickname": user.nickname, "bio": "", "remove_avatar": "on"},
    )

    user.refresh_from_db()
    assert user.avatar_id is None


def test_settings_page_refuses_someone_elses_upload(client, user):
    theirs = _avatar_upload(UserFactory())
    client.force_login(user)

    response = client.post(
        reverse("accounts:settings-profile"),
        {"nickname": "x", "bio": "", "avatar": str(theirs.pk)},
    )

    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    user.refresh_from_db()
    assert user.avatar_id is None
    assert user.nickname != "x"


def test_follow_list_query_count_with_avatars(django_assert_max_num_queries, user):
    from rest_framework.test import APIClient

    from accounts.services import user_follow

    for index in range(8):
        follower = UserFactory()
        upload = _avatar_upload(follower, color=f"#{index:02x}3366")
        user_profile_update(user=follower, avatar_upload_id=upload.pk)
        user_follow(follower=follower, followee=user)
    client = APIClient()

    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/users/{user.username}/followers")

    results = response.json()["results"]
    assert len(results) == 8
    assert all(item["user"]["avatar_url"] for item in results)


def test_out_of_range_avatar_id_is_a_field_error(user_api_client):
    response = user_api_client.patch("/api/v1/me", {"avatar": 2**70}, format="json")

    assert response.status_code == 400
    assert "avatar" in response.json()["error"]["fields"]
