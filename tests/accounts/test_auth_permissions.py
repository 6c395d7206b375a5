"""Who may call what: anonymous callers and other members are refused."""

import pytest
from allauth.usersessions.models import UserSession

from tests.accounts.auth_helpers import logged_in_client, verified_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/auth/logout-all"),
        ("post", "/api/v1/auth/password/change"),
        ("post", "/api/v1/auth/email/change"),
        ("get", "/api/v1/auth/google/connect"),
        ("post", "/api/v1/auth/google/connect"),
        ("delete", "/api/v1/auth/google/connect"),
        ("get", "/api/v1/auth/devices"),
        ("delete", "/api/v1/auth/devices/api-00000000-0000-0000-0000-000000000000"),
    ],
)
def test_anonymous_callers_get_401(api_client, method, path):
    response = getattr(api_client, method)(path, {}, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "path",
    [
        "/settings/security",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/3rdparty/",
        "/accounts/sessions/",
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain
    assert response.request["PATH_INFO"] == "/accounts/login/"


def test_member_cannot_end_another_members_browser_session(client):
    owner = verified_user()
    client.force_login(owner)
    client.get("/settings/security")
    session = UserSession.objects.get(user=owner)
    intruder, _tokens = logged_in_client(verified_user())

    response = intruder.delete(f"/api/v1/auth/devices/web-{session.pk}")

    assert response.status_code == 404
    assert client.get("/settings/security").status_code == 200


def test_member_lists_only_their_own_devices():
    owner = verified_user()
    _owner_api, owner_tokens = logged_in_client(owner)
    other, other_tokens = logged_in_client(verified_user())
    ids = {device["id"] for device in other.get("/api/v1/auth/devices").json()}
    assert ids == {other_tokens["device_id"]}
    assert owner_tokens["device_id"] not in ids


def test_security_page_revoke_needs_post(client):
    client.force_login(verified_user())
    response = client.get("/settings/security/devices/api-x/revoke")
    assert response.status_code == 405
