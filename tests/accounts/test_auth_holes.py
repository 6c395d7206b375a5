"""The holes a security review found: each request below once got a 500, a
Python repr, an English-only answer or a limit that did not hold."""

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.auth.tickets import ws_ticket_issue, ws_ticket_redeem
from accounts.auth.tokens import user_revoke_all_credentials
from tests.accounts.auth_helpers import (
    PASSWORD,
    api_login,
    bearer,
    logged_in_client,
    verified_user,
)

pytestmark = pytest.mark.django_db

DEVICES = "/api/v1/auth/devices"


def _assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert "ErrorDetail" not in error["message"]
    assert "{" not in error["message"]
    return error


@pytest.mark.parametrize("url", ["/api/v1/auth/logout", "/api/v1/auth/token/refresh"])
def test_refresh_token_that_is_not_utf8_is_refused_not_a_500(url):
    response = APIClient().post(
        url, '{"refresh": "\\ud800"}', content_type="application/json"
    )

    assert response.status_code in (204, 400, 401)
    if response.status_code != 204:
        _assert_error_shape(response, response.status_code)


def test_device_id_with_a_unicode_digit_is_404():
    user = verified_user()
    client, _tokens = logged_in_client(user)

    response = client.delete(f"{DEVICES}/web-²")

    _assert_error_shape(response, 404)


def _signed(claims: dict) -> str:
    return jwt.encode(claims, settings.SECRET_KEY, algorithm="HS256")


@pytest.mark.parametrize("exp", [10**20, 2**70])
def test_signed_token_with_a_huge_exp_is_401(exp):
    user = verified_user()
    _client, tokens = logged_in_client(user)
    access = jwt.decode(tokens["access"], options={"verify_signature": False})
    refresh = jwt.decode(tokens["refresh"], options={"verify_signature": False})

    as_access = bearer(_signed({**access, "exp": exp})).get(DEVICES)
    as_refresh = APIClient().post(
        "/api/v1/auth/token/refresh",
        {"refresh": _signed({**refresh, "exp": exp})},
        format="json",
    )

    _assert_error_shape(as_access, 401)
    _assert_error_shape(as_refresh, 401)


def test_bare_bearer_header_gets_a_sentence():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer")

    error = _assert_error_shape(client.get(DEVICES), 401)

    assert error["message"].endswith(".")


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer not.a.token", "Bearer a b"],
)
def test_401_messages_follow_accept_language(authorization):
    client = APIClient()
    if authorization:
        client.credentials(HTTP_AUTHORIZATION=authorization)

    english = client.get(DEVICES, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(DEVICES, HTTP_ACCEPT_LANGUAGE="zh-TW")

    assert english.status_code == chinese.status_code == 401
    message = chinese.json()["error"]["message"]
    assert message != english.json()["error"]["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message


def test_token_answers_are_not_cached(api_client):
    user = verified_user()
    login = api_login(api_client, user.username)
    refreshed = api_client.post(
        "/api/v1/auth/token/refresh",
        {"refresh": login.json()["refresh"]},
        format="json",
    )

    assert login.status_code == refreshed.status_code == 200
    assert "no-store" in login["Cache-Control"]
    assert "no-store" in refreshed["Cache-Control"]


def test_ws_ticket_minted_before_sign_out_everywhere_opens_nothing(user):
    ticket = ws_ticket_issue(user=user)
    user_revoke_all_credentials(user=user, reason="logout_all")

    assert ws_ticket_redeem(ticket=ticket) is None


def test_drf_throttle_counts_the_proxy_seen_address_not_the_header(settings):
    from rest_framework.settings import api_settings

    assert api_settings.NUM_PROXIES == settings.KAIGON_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.KAIGON_TRUSTED_PROXY_COUNT


def test_rotating_x_forwarded_for_does_not_lift_the_anon_throttle(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})

    statuses = [
        APIClient()
        .get("/api/v1/users/nobody", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        .status_code
        for n in range(5)
    ]

    assert statuses[-1] == 429, statuses


def test_failed_logins_count_per_account_not_per_typed_login(api_client):
    user = verified_user()
    for login in [user.username, user.email, user.username.upper(), user.email, "x"]:
        if login == "x":
            break
        assert api_login(api_client, login, "wrong password").status_code == 400
    api_login(api_client, user.email.upper(), "wrong password")

    response = api_login(api_client, user.username, "wrong password")

    _assert_error_shape(response, 429)
    assert int(response["Retry-After"]) > 0


def test_owner_with_the_right_password_and_captcha_passes_a_strangers_lock(
    api_client,
):
    user = verified_user()
    for _ in range(6):
        api_login(api_client, user.email, "a stranger guessing")
    assert api_login(api_client, user.email, "still guessing").status_code == 429

    response = api_login(APIClient(), user.username, PASSWORD)

    assert response.status_code == 200, response.content


def test_per_ip_failed_login_limit_still_holds_for_the_right_password(
    api_client, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "3/m/ip,5/5m/key",
    }
    user = verified_user()
    for _ in range(3):
        api_login(api_client, user.email, "wrong")

    assert api_login(api_client, user.email, PASSWORD).status_code == 429
