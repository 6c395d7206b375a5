"""Shared steps of the auth tests (plain functions; no mocks of our code)."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from captcha.models import CaptchaStore
from django.core import mail
from rest_framework.test import APIClient

from tests.factories import UserFactory

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase 42"


def captcha_fields(client: APIClient | None = None) -> dict[str, str]:
    """A fresh captcha from the API, answered with the code stored for it."""
    client = client or APIClient()
    response = client.post("/api/v1/auth/captcha")
    assert response.status_code == 201, response.content
    key = response.json()["key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {"captcha_key": key, "captcha_answer": answer}


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def api_login(client: APIClient, login: str, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/login",
        {"login": login, "password": password, **captcha_fields()},
        format="json",
    )


def logged_in_client(user) -> tuple[APIClient, dict]:
    """A client sending the access token of a fresh login of `user`."""
    client = APIClient()
    response = api_login(client, user.username)
    assert response.status_code == 200, response.content
    tokens = response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client, tokens


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def last_mail_link(pattern: str) -> str:
    """The first URL matching `pattern` in the newest mail."""
    body = mail.outbox[-1].body
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)


GOOGLE_CLIENT_ID = "kaigon-test.apps.googleusercontent.com"


def configure_google(settings) -> None:
    """Turn Google sign-in on, as GOOGLE_CLIENT_ID/SECRET in the environment do."""
    settings.GOOGLE_CLIENT_ID = GOOGLE_CLIENT_ID
    settings.GOOGLE_CLIENT_SECRET = "test-secret"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {
            **settings.SOCIALACCOUNT_PROVIDERS["google"],
            "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": "test-secret"}],
        }
    }
