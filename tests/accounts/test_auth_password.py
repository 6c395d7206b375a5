"""Forgot / reset password and change password: mails, keys, revocation."""

import re
from datetime import datetime, timedelta

import pytest
from allauth.account import forms as allauth_forms
from django.core import mail

from tests.accounts.auth_helpers import (
    NEW_PASSWORD,
    PASSWORD,
    api_login,
    bearer,
    logged_in_client,
    verified_user,
)

pytestmark = pytest.mark.django_db

RESET = "/api/v1/auth/password/reset"
CONFIRM = "/api/v1/auth/password/reset/confirm"
DEVICES = "/api/v1/auth/devices"


def reset_key() -> str:
    match = re.search(r"/accounts/password/reset/key/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_reset_answer_is_the_same_for_known_and_unknown_addresses(api_client):
    user = verified_user()
    known = api_client.post(RESET, {"email": user.email}, format="json")
    unknown = api_client.post(RESET, {"email": "ghost@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_reset_with_the_mailed_key_sets_the_password_and_ends_everything(api_client):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    api_client.post(RESET, {"email": user.email}, format="json")

    response = api_client.post(
        CONFIRM, {"key": reset_key(), "password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    assert bearer(tokens["access"]).get(DEVICES).status_code == 401
    refresh = api_client.post(
        "/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refresh.status_code == 401
    assert api_login(api_client, user.username, PASSWORD).status_code == 400
    assert api_login(api_client, user.username, NEW_PASSWORD).status_code == 200


def test_reset_key_works_only_once(api_client):
    user = verified_user()
    api_client.post(RESET, {"email": user.email}, format="json")
    key = reset_key()
    first = api_client.post(
        CONFIRM, {"key": key, "password": NEW_PASSWORD}, format="json"
    )
    again = api_client.post(
        CONFIRM, {"key": key, "password": "yet another passphrase 7"}, format="json"
    )
    assert first.status_code == 200
    assert again.status_code == 400
    assert "key" in again.json()["error"]["fields"]


def test_reset_key_expires_after_an_hour(api_client, monkeypatch):
    user = verified_user()
    api_client.post(RESET, {"email": user.email}, format="json")
    key = reset_key()
    generator = allauth_forms.default_token_generator
    monkeypatch.setattr(
        generator, "_now", lambda: datetime.now() + timedelta(minutes=61)
    )
    response = api_client.post(
        CONFIRM, {"key": key, "password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert "key" in response.json()["error"]["fields"]


def test_reset_rejects_a_weak_password_with_a_field_error(api_client):
    user = verified_user()
    api_client.post(RESET, {"email": user.email}, format="json")
    response = api_client.post(
        CONFIRM, {"key": reset_key(), "password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


def test_reset_requests_are_limited_per_address(api_client):
    for _ in range(5):
        api_client.post(RESET, {"email": "someone@example.com"}, format="json")
    response = api_client.post(RESET, {"email": "someone@example.com"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_reset_through_the_pages_ends_other_sessions(client, api_client):
    user = verified_user()
    _api, tokens = logged_in_client(user)
    client.post("/accounts/password/reset/", {"email": user.email})
    key = reset_key()
    page = client.get(f"/accounts/password/reset/key/{key}/", follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0]
        if page.redirect_chain
        else page.request["PATH_INFO"],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert bearer(tokens["access"]).get(DEVICES).status_code == 401


def test_change_password_needs_the_current_one():
    user = verified_user()
    client, _tokens = logged_in_client(user)
    response = client.post(
        "/api/v1/auth/password/change",
        {"current_password": "wrong", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert "current_password" in response.json()["error"]["fields"]


def test_change_password_ends_other_devices_and_returns_a_fresh_pair(api_client):
    user = verified_user()
    client, tokens = logged_in_client(user)
    _other, other_tokens = logged_in_client(user)

    response = client.post(
        "/api/v1/auth/password/change",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 200, response.content
    fresh = response.json()
    assert bearer(fresh["access"]).get(DEVICES).status_code == 200
    for old in (tokens, other_tokens):
        assert bearer(old["access"]).get(DEVICES).status_code == 401
    assert any("password" in m.subject.lower() for m in mail.outbox)


def test_change_password_page_keeps_this_session_and_ends_the_others(client):
    user = verified_user()
    client.force_login(user)
    _api, tokens = logged_in_client(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/settings/security").status_code == 200
    assert bearer(tokens["access"]).get(DEVICES).status_code == 401


def test_change_password_needs_a_login(api_client):
    response = api_client.post(
        "/api/v1/auth/password/change",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 401
