"""Every JWT rule: rotation, reuse detection, family lifetime, revocation."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.auth.models import RefreshFamily, RevokeReason
from tests.accounts.auth_helpers import (
    api_login,
    bearer,
    logged_in_client,
    verified_user,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/devices"
REFRESH = "/api/v1/auth/token/refresh"


def refresh(client, token=None):
    body = {"refresh": token} if token else {}
    return client.post(REFRESH, body, format="json")


def test_login_returns_access_and_refresh_with_the_configured_lifetimes(api_client):
    user = verified_user()
    response = api_login(api_client, user.email)
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == user.username
    access_left = (
        timezone.datetime.fromisoformat(body["access_expires_at"]) - timezone.now()
    )
    refresh_left = (
        timezone.datetime.fromisoformat(body["refresh_expires_at"]) - timezone.now()
    )
    assert timedelta(minutes=14) < access_left <= timedelta(minutes=15)
    assert timedelta(days=19) < refresh_left <= timedelta(days=20)
    assert bearer(body["access"]).get(ME).status_code == 200


def test_login_sets_the_refresh_token_as_httponly_samesite_cookie(api_client):
    user = verified_user()
    response = api_login(api_client, user.username)
    cookie = response.cookies[settings.KAIGON_REFRESH_COOKIE_NAME]
    assert cookie.value == response.json()["refresh"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert not cookie["secure"]  # plain HTTP in tests


def test_refresh_cookie_is_secure_over_https(api_client):
    user = verified_user()
    response = api_login(api_client.__class__(), user.username)
    assert response.status_code == 200
    secure = api_client.post(
        REFRESH, {"refresh": response.json()["refresh"]}, format="json", secure=True
    )
    assert secure.cookies[settings.KAIGON_REFRESH_COOKIE_NAME]["secure"]


def test_refresh_rotates_and_the_new_pair_works(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    response = refresh(api_client, tokens["refresh"])
    assert response.status_code == 200
    new = response.json()
    assert new["refresh"] != tokens["refresh"]
    assert new["device_id"] == tokens["device_id"]
    assert bearer(new["access"]).get(ME).status_code == 200
    assert refresh(api_client, new["refresh"]).status_code == 200


def test_refresh_accepts_the_cookie_instead_of_the_body(api_client):
    user = verified_user()
    api_login(api_client, user.username)  # the client keeps the cookie
    response = refresh(api_client)
    assert response.status_code == 200
    second = refresh(api_client)  # the rotated cookie was stored again
    assert second.status_code == 200


def test_refresh_without_any_token_is_a_field_error(api_client):
    response = refresh(api_client)
    assert response.status_code == 400
    assert "refresh" in response.json()["error"]["fields"]


def test_garbage_refresh_token_is_401(api_client):
    response = refresh(api_client, "not-a-token")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    rotated = refresh(api_client, tokens["refresh"]).json()

    reuse = refresh(api_client, tokens["refresh"])

    assert reuse.status_code == 401
    assert reuse.json()["error"]["code"] == "token_reused"
    family = RefreshFamily.objects.get(user=user)
    assert family.revoke_reason == RevokeReason.REUSE
    # The legitimate holder's newer tokens die with the family.
    assert refresh(api_client, rotated["refresh"]).status_code == 401
    assert bearer(rotated["access"]).get(ME).status_code == 401


def test_reuse_revokes_only_that_device(api_client):
    user = verified_user()
    _phone, phone_tokens = logged_in_client(user)
    _tablet, tablet_tokens = logged_in_client(user)
    refresh(api_client, phone_tokens["refresh"])
    refresh(api_client, phone_tokens["refresh"])  # reuse on the phone
    assert refresh(api_client, tablet_tokens["refresh"]).status_code == 200


def test_family_past_its_absolute_lifetime_must_log_in_again(api_client, settings):
    settings.KAIGON_REFRESH_FAMILY_MAX_AGE = timedelta(days=60)
    user = verified_user()
    _client, tokens = logged_in_client(user)
    RefreshFamily.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = refresh(api_client, tokens["refresh"])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"


def test_refresh_token_never_outlives_its_family(settings):
    settings.KAIGON_REFRESH_FAMILY_MAX_AGE = timedelta(days=3)
    user = verified_user()
    _client, tokens = logged_in_client(user)
    expires = timezone.datetime.fromisoformat(tokens["refresh_expires_at"])
    assert expires - timezone.now() <= timedelta(days=3)


def test_logout_revokes_this_devices_refresh_and_access_tokens(api_client):
    user = verified_user()
    client, tokens = logged_in_client(user)
    _other, other_tokens = logged_in_client(user)

    response = client.post("/api/v1/auth/logout", {}, format="json")

    assert response.status_code == 204
    assert refresh(api_client, tokens["refresh"]).status_code == 401
    assert bearer(tokens["access"]).get(ME).status_code == 401
    assert bearer(other_tokens["access"]).get(ME).status_code == 200


def test_logout_with_only_the_refresh_token_revokes_it(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    response = api_client.post(
        "/api/v1/auth/logout", {"refresh": tokens["refresh"]}, format="json"
    )
    assert response.status_code == 204
    assert refresh(api_client, tokens["refresh"]).status_code == 401


def test_logout_all_kills_live_access_tokens_at_once(api_client):
    user = verified_user()
    client, tokens = logged_in_client(user)
    _other, other_tokens = logged_in_client(user)

    assert client.post("/api/v1/auth/logout-all").status_code == 204

    for pair in (tokens, other_tokens):
        assert bearer(pair["access"]).get(ME).status_code == 401
        assert refresh(api_client, pair["refresh"]).status_code == 401
    # A new login works again.
    _client, fresh = logged_in_client(user)
    assert bearer(fresh["access"]).get(ME).status_code == 200


def test_logout_all_needs_a_login(api_client):
    assert api_client.post("/api/v1/auth/logout-all").status_code == 401


def test_logout_all_ends_browser_sessions_too(client):
    user = verified_user()
    client.force_login(user)
    _api, tokens = logged_in_client(user)
    assert client.get("/settings/security").status_code == 200

    bearer(tokens["access"]).post("/api/v1/auth/logout-all")

    response = client.get("/settings/security")
    assert response.status_code == 302


def test_token_of_a_deleted_user_is_401_not_500(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    user.delete()
    assert bearer(tokens["access"]).get(ME).status_code == 401
    assert refresh(api_client, tokens["refresh"]).status_code == 401


def test_token_of_a_deactivated_user_is_401(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    user.is_active = False
    user.save()
    assert bearer(tokens["access"]).get(ME).status_code == 401
    response = refresh(api_client, tokens["refresh"])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "user_inactive"


def test_access_token_is_not_accepted_as_refresh_token(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    assert refresh(api_client, tokens["access"]).status_code == 401


def test_refresh_token_is_not_accepted_as_access_token():
    user = verified_user()
    _client, tokens = logged_in_client(user)
    assert bearer(tokens["refresh"]).get(ME).status_code == 401


def test_refused_access_tokens_answer_a_plain_error_with_a_code():
    user = verified_user()
    client, tokens = logged_in_client(user)
    client.post("/api/v1/auth/logout")

    revoked = bearer(tokens["access"]).get(ME)
    garbage = bearer("not.a.token").get(ME)

    assert revoked.status_code == garbage.status_code == 401
    assert revoked.json()["error"] == {
        "code": "token_revoked",
        "message": "This device was logged out.",
        "fields": {},
    }
    assert garbage.json()["error"]["code"] == "token_not_valid"
    assert (
        garbage.json()["error"]["message"] == "The access token is invalid or expired."
    )
    assert revoked["WWW-Authenticate"].startswith("Bearer")


def test_deleted_users_token_says_the_account_is_gone(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    user.delete()
    body = bearer(tokens["access"]).get(ME).json()
    assert body["error"]["code"] == "user_not_found"
    assert "ErrorDetail" not in body["error"]["message"]


def test_logout_with_a_dead_access_token_still_revokes_the_named_refresh(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    rotated = refresh(api_client, tokens["refresh"]).json()
    client = bearer("expired.or.garbage")
    response = client.post(
        "/api/v1/auth/logout", {"refresh": rotated["refresh"]}, format="json"
    )
    assert response.status_code == 204
    assert refresh(api_client, rotated["refresh"]).status_code == 401
