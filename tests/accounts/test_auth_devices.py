"""Devices: list API and browser sessions, revoke one, never another user's."""

import pytest

from tests.accounts.auth_helpers import bearer, logged_in_client, verified_user

pytestmark = pytest.mark.django_db

DEVICES = "/api/v1/auth/devices"


def test_devices_lists_api_logins_and_browser_sessions(client):
    user = verified_user()
    client.get("/", HTTP_USER_AGENT="Firefox/130")
    client.force_login(user)
    client.get("/settings/security", HTTP_USER_AGENT="Firefox/130")
    api, tokens = logged_in_client(user)

    body = api.get(DEVICES).json()

    kinds = sorted(device["kind"] for device in body)
    assert kinds == ["api", "web"]
    current = [device for device in body if device["current"]]
    assert [device["id"] for device in current] == [tokens["device_id"]]
    for device in body:
        assert set(device) == {
            "id",
            "kind",
            "name",
            "user_agent",
            "ip",
            "created_at",
            "last_used_at",
            "current",
        }


def test_revoking_an_api_device_kills_its_tokens():
    user = verified_user()
    api, _tokens = logged_in_client(user)
    _phone, phone = logged_in_client(user)

    response = api.delete(f"{DEVICES}/{phone['device_id']}")

    assert response.status_code == 204
    assert bearer(phone["access"]).get(DEVICES).status_code == 401
    assert api.get(DEVICES).status_code == 200


def test_revoking_a_browser_session_signs_it_out(client):
    user = verified_user()
    client.force_login(user)
    client.get("/settings/security")
    api, _tokens = logged_in_client(user)
    web = next(d for d in api.get(DEVICES).json() if d["kind"] == "web")

    assert api.delete(f"{DEVICES}/{web['id']}").status_code == 204

    assert client.get("/settings/security").status_code == 302


def test_another_users_device_is_404_and_stays_signed_in():
    owner = verified_user()
    _owner_api, owner_tokens = logged_in_client(owner)
    intruder_api, _ = logged_in_client(verified_user())

    response = intruder_api.delete(f"{DEVICES}/{owner_tokens['device_id']}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert bearer(owner_tokens["access"]).get(DEVICES).status_code == 200


@pytest.mark.parametrize("device_id", ["api-nonsense", "web-abc", "web-999999", "x"])
def test_unknown_device_ids_are_404(device_id):
    api, _tokens = logged_in_client(verified_user())
    assert api.delete(f"{DEVICES}/{device_id}").status_code == 404


def test_devices_need_a_login(api_client):
    assert api_client.get(DEVICES).status_code == 401


def test_security_page_lists_devices_and_revokes_one(client):
    user = verified_user()
    client.force_login(user)
    _api, tokens = logged_in_client(user)
    page = client.get("/settings/security")
    assert page.status_code == 200
    assert tokens["device_id"] in page.content.decode()

    response = client.post(f"/settings/security/devices/{tokens['device_id']}/revoke")

    assert response.status_code == 302
    assert bearer(tokens["access"]).get(DEVICES).status_code == 401


def test_security_page_cannot_revoke_another_users_device(client):
    owner = verified_user()
    _api, tokens = logged_in_client(owner)
    client.force_login(verified_user())
    response = client.post(f"/settings/security/devices/{tokens['device_id']}/revoke")
    assert response.status_code == 404
    assert bearer(tokens["access"]).get(DEVICES).status_code == 200


def test_sign_out_everywhere_button_ends_every_session_and_token(client):
    user = verified_user()
    client.force_login(user)
    _api, tokens = logged_in_client(user)
    response = client.post("/settings/security/logout-everywhere")
    assert response.status_code == 302
    assert bearer(tokens["access"]).get(DEVICES).status_code == 401
    assert client.get("/settings/security").status_code == 302


def test_security_page_needs_a_login(client):
    response = client.get("/settings/security")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_device_list_query_count_does_not_grow_with_devices(
    client, django_assert_max_num_queries
):
    from django.test import Client

    user = verified_user()
    for _ in range(4):
        browser = Client()
        browser.force_login(user)
        browser.get("/settings/security")
        logged_in_client(user)
    api, _tokens = logged_in_client(user)
    with django_assert_max_num_queries(4):
        body = api.get(DEVICES).json()
    assert len(body) == 9


def test_ended_browser_sessions_drop_off_the_list(client):
    from django.contrib.sessions.models import Session

    user = verified_user()
    client.force_login(user)
    client.get("/settings/security")
    api, _tokens = logged_in_client(user)
    Session.objects.all().delete()
    assert [d["kind"] for d in api.get(DEVICES).json()] == ["api"]


ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)


def test_devices_are_named_like_chrome_on_android():
    from rest_framework.test import APIClient

    from tests.accounts.auth_helpers import api_login

    user = verified_user()
    client = APIClient(HTTP_USER_AGENT=ANDROID_CHROME)
    tokens = api_login(client, user.username).json()

    english = bearer(tokens["access"]).get("/api/v1/auth/devices").json()
    chinese = (
        bearer(tokens["access"])
        .get("/api/v1/auth/devices", HTTP_ACCEPT_LANGUAGE="zh-TW")
        .json()
    )

    assert english[0]["name"] == "Chrome on Android"
    assert chinese[0]["name"] == "Android 上的 Chrome"


def test_security_page_shows_device_names_not_raw_user_agents(client):
    user = verified_user()
    client.force_login(user)

    html = client.get(
        "/settings/security", HTTP_USER_AGENT=ANDROID_CHROME
    ).content.decode()

    assert "Chrome on Android" in html
    assert "Mozilla/5.0" not in html
