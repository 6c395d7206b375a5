import pytest
from rest_framework.test import APIClient

from accounts.models import BIO_MAX_LENGTH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_me_returns_own_profile(user_api_client, user):
    response = user_api_client.get("/api/v1/me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["email"] == user.email
    assert body["nickname"] == user.nickname
    assert body["bio"] == ""
    assert body["avatar_url"] is None
    assert body["linked_accounts"] == []


def test_me_requires_login(api_client):
    response = api_client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_anonymous_patch_me_is_401(api_client):
    response = api_client.patch("/api/v1/me", {"bio": "x"}, format="json")

    assert response.status_code == 401


def test_patch_me_changes_nickname_and_bio(user_api_client, user):
    response = user_api_client.patch(
        "/api/v1/me",
        {"nickname": "  Mei  ", "bio": "Line one\r\nLine two <b>not html</b>"},
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.nickname == "Mei"
    assert user.bio == "Line one\nLine two <b>not html</b>"
    assert response.json()["bio"] == user.bio


def test_patch_me_leaves_fields_not_sent(user_api_client, user):
    user.bio = "kept"
    user.save()

    response = user_api_client.patch("/api/v1/me", {"nickname": "New"}, format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.nickname, user.bio) == ("New", "kept")


def test_too_long_bio_is_a_field_error(user_api_client, user):
    response = user_api_client.patch(
        "/api/v1/me", {"bio": "x" * (BIO_MAX_LENGTH + 1)}, format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "bio" in error["fields"]
    user.refresh_from_db()
    assert user.bio == ""


def test_bio_at_the_limit_is_accepted(user_api_client, user):
    response = user_api_client.patch(
        "/api/v1/me", {"bio": "字" * BIO_MAX_LENGTH}, format="json"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert len(user.bio) == BIO_MAX_LENGTH


def test_too_long_nickname_is_a_field_error(user_api_client):
    response = user_api_client.patch(
        "/api/v1/me", {"nickname": "n" * 51}, format="json"
    )

    assert response.status_code == 400
    assert "nickname" in response.json()["error"]["fields"]


def test_nul_character_in_bio_is_rejected(user_api_client):
    response = user_api_client.patch("/api/v1/me", {"bio": "a\x00b"}, format="json")

    assert response.status_code == 400
    assert "bio" in response.json()["error"]["fields"]


def test_patch_me_cannot_change_username_email_or_id(user_api_client, user):
    original = (user.pk, user.username, user.email)

    response = user_api_client.patch(
        "/api/v1/me",
        {"id": user.pk + 1000, "username": "hijack", "email": "hijack@example.com"},
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.pk, user.username, user.email) == original


def test_patch_me_naming_another_user_changes_only_the_requester(
    user_api_client, user, other_user
):
    other_nickname = other_user.nickname

    response = user_api_client.patch(
        "/api/v1/me",
        {"id": other_user.pk, "username": other_user.username, "nickname": "Mine"},
        format="json",
    )

    assert response.status_code == 200
    other_user.refresh_from_db()
    user.refresh_from_db()
    assert other_user.nickname == other_nickname
    assert user.nickname == "Mine"


def test_public_profile_shows_profile_fields(api_client, user):
    user.bio = "Hello"
    user.save()

    response = api_client.get(f"/api/v1/users/{user.username}")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["nickname"] == user.nickname
    assert body["bio"] == "Hello"
    assert body["avatar_url"] is None
    assert body["followers_count"] == 0
    assert body["following_count"] == 0
    assert body["is_following"] is False
    assert body["date_joined"].startswith(str(user.date_joined.year))
    assert "email" not in body


def test_public_profile_of_unknown_user_is_404_in_error_shape(api_client):
    response = api_client.get("/api/v1/users/nobody-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_public_profile_of_deactivated_user_is_404(api_client):
    gone = UserFactory(is_active=False)

    response = api_client.get(f"/api/v1/users/{gone.username}")

    assert response.status_code == 404


def test_public_profile_tells_viewer_whether_they_follow(user, other_user):
    from accounts.services import user_follow

    user_follow(follower=user, followee=other_user)
    client = APIClient()
    client.force_authenticate(user)

    body = client.get(f"/api/v1/users/{other_user.username}").json()

    assert body["is_following"] is True
    assert body["followers_count"] == 1


def test_profile_endpoints_are_in_the_openapi_schema(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/v1/me": {"get", "patch"},
        "/api/v1/me/notification-settings": {"get", "patch"},
        "/api/v1/users/{username}": {"get"},
        "/api/v1/users/{username}/follow": {"post", "delete"},
        "/api/v1/users/{username}/followers": {"get"},
        "/api/v1/users/{username}/following": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    patch_me = paths["/api/v1/me"]["patch"]
    assert "requestBody" in patch_me
    assert "200" in patch_me["responses"]


def test_me_lists_linked_social_accounts(user_api_client, user, other_user):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=user, provider="google", uid="g-1")
    SocialAccount.objects.create(user=other_user, provider="google", uid="g-2")

    body = user_api_client.get("/api/v1/me").json()

    assert [a["provider"] for a in body["linked_accounts"]] == ["google"]
    assert set(body["linked_accounts"][0]) == {"provider", "date_joined", "last_login"}


def test_linked_accounts_cannot_be_written_through_me(user_api_client, user):
    from allauth.socialaccount.models import SocialAccount

    response = user_api_client.patch(
        "/api/v1/me",
        {"linked_accounts": [{"provider": "google", "uid": "x"}]},
        format="json",
    )

    assert response.status_code == 200
    assert not SocialAccount.objects.exists()


def test_profile_lookup_ignores_letter_case(api_client):
    mei = UserFactory(username="MeiLin")

    response = api_client.get("/api/v1/users/meilin")

    assert response.status_code == 200
    assert response.json()["username"] == mei.username
