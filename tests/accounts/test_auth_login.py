"""Login with e-mail or username (API and page), and its rate limits."""

import pytest
from captcha.models import CaptchaStore

from tests.accounts.auth_helpers import (
    PASSWORD,
    api_login,
    captcha_fields,
    configure_google,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("by", ["email", "username", "EMAIL"])
def test_login_by_email_or_username(api_client, by):
    user = verified_user()
    login = {
        "email": user.email,
        "username": user.username,
        "EMAIL": user.email.upper(),
    }
    response = api_login(api_client, login[by])
    assert response.status_code == 200, response.content
    assert response.json()["user"]["id"] == user.pk


def test_wrong_password_and_unknown_account_get_the_same_answer(api_client):
    user = verified_user()
    wrong = api_login(api_client, user.email, "not the password")
    unknown = api_login(api_client, "ghost@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


def test_inactive_account_cannot_log_in(api_client):
    user = verified_user(is_active=False)
    response = api_login(api_client, user.username)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "user_inactive"


def test_login_needs_a_captcha(api_client):
    user = verified_user()
    response = api_client.post(
        "/api/v1/auth/login",
        {"login": user.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"captcha_key", "captcha_answer"}


def test_repeated_failed_logins_for_one_account_get_429_with_retry_after(api_client):
    user = verified_user()
    for _ in range(5):
        assert api_login(api_client, user.email, "wrong password").status_code == 400
    response = api_login(api_client, user.email, "wrong again")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_login_is_limited_per_ip(api_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    user = verified_user()
    for _ in range(3):
        assert api_login(api_client, user.username).status_code == 200
    response = api_login(api_client, user.username)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_signup_is_limited_per_ip(api_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    body = {"email": "a@example.com", "username": "aaa", "password": PASSWORD}
    api_client.post("/api/v1/auth/signup", {**body, **captcha_fields()}, format="json")
    response = api_client.post(
        "/api/v1/auth/signup",
        {**body, "email": "b@example.com", "username": "bbb", **captcha_fields()},
        format="json",
    )
    assert response.status_code == 429
    assert "Retry-After" in response


def test_captcha_is_limited_per_ip(api_client, settings):
    settings.KAIGON_RATE_LIMITS = {**settings.KAIGON_RATE_LIMITS, "captcha": "2/m/ip"}
    assert api_client.post("/api/v1/auth/captcha").status_code == 201
    key = api_client.post("/api/v1/auth/captcha").json()["key"]
    response = api_client.post(f"/api/v1/auth/captcha/{key}/refresh")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_login_page_logs_in_with_username(client):
    user = verified_user()
    page = client.get("/accounts/login/")
    key = page.context["form"].captcha.key
    response = client.post(
        "/accounts/login/",
        {
            "login": user.username,
            "password": PASSWORD,
            "captcha_key": key,
            "captcha_answer": CaptchaStore.objects.get(hashkey=key).response,
        },
    )
    assert response.status_code == 302
    assert client.get("/settings/security").status_code == 200


def test_login_page_rate_limit_answers_429_with_retry_after(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    user = verified_user()
    for _expected in (302, 429):
        key = client.get("/accounts/login/").context["form"].captcha.key
        response = client.post(
            "/accounts/login/",
            {
                "login": user.username,
                "password": PASSWORD,
                "captcha_key": key,
                "captcha_answer": CaptchaStore.objects.get(hashkey=key).response,
            },
        )
        client.logout()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_google_button_shows_only_when_configured(client, settings):
    settings.GOOGLE_CLIENT_ID = ""
    assert "Continue with Google" not in client.get("/accounts/login/").content.decode()
    configure_google(settings)
    assert "Continue with Google" in client.get("/accounts/login/").content.decode()
