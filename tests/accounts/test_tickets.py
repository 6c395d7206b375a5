import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from accounts.auth.tickets import ws_ticket_issue, ws_ticket_redeem

URL = "/api/v1/auth/ws-ticket"


# --- the service ------------------------------------------------------------


def test_issued_ticket_redeems_to_its_user(user):
    ticket = ws_ticket_issue(user=user)

    assert ws_ticket_redeem(ticket=ticket) == user


def test_ticket_redeems_only_once(user):
    ticket = ws_ticket_issue(user=user)
    ws_ticket_redeem(ticket=ticket)

    assert ws_ticket_redeem(ticket=ticket) is None


def test_each_ticket_is_different(user):
    assert ws_ticket_issue(user=user) != ws_ticket_issue(user=user)


def test_expired_ticket_is_refused(user, settings):
    settings.WS_TICKET_TTL_SECONDS = 1
    ticket = ws_ticket_issue(user=user)
    time.sleep(1.2)

    assert ws_ticket_redeem(ticket=ticket) is None


def test_ticket_of_a_deactivated_user_is_refused(user):
    ticket = ws_ticket_issue(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert ws_ticket_redeem(ticket=ticket) is None


@pytest.mark.parametrize(
    "ticket",
    [
        "",
        "short",
        "x" * 500,
        "../../../etc/passwd-and-more-chars",
        "spaces are not ticket characters!!",
        secrets.token_urlsafe(32),  # well-formed but never issued
    ],
)
def test_unknown_or_malformed_ticket_is_refused(db, ticket):
    assert ws_ticket_redeem(ticket=ticket) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_redeems_of_one_ticket_let_exactly_one_through(user):
    ticket = ws_ticket_issue(user=user)
    racers = 8
    start = threading.Barrier(racers)

    def redeem():
        start.wait()
        try:
            return ws_ticket_redeem(ticket=ticket)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=racers) as pool:
        results = list(pool.map(lambda _: redeem(), range(racers)))

    assert [result for result in results if result is not None] == [user]


# --- the endpoint -----------------------------------------------------------


def test_anonymous_client_gets_401_in_the_error_shape(api_client):
    response = api_client.post(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_jwt_client_gets_a_ticket_for_itself(api_client, user):
    from accounts.auth.tokens import token_pair_issue

    token = token_pair_issue(user=user).access
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = api_client.post(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 30
    assert body["url"] == f"/ws/?ticket={body['ticket']}"
    assert body["ticket"] != token
    assert response["Cache-Control"] == "no-store"
    assert ws_ticket_redeem(ticket=body["ticket"]) == user


def test_invalid_jwt_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = api_client.post(URL)

    assert response.status_code == 401
    assert "error" in response.json()


def test_session_post_without_csrf_token_is_refused(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(URL)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_session_post_with_csrf_token_gets_a_ticket(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    csrf_secret = get_random_string(32)
    client.cookies["csrftoken"] = csrf_secret

    response = client.post(URL, HTTP_X_CSRFTOKEN=csrf_secret)

    assert response.status_code == 200
    assert ws_ticket_redeem(ticket=response.json()["ticket"]) == user


def test_expires_in_follows_the_setting(user_api_client, settings):
    settings.WS_TICKET_TTL_SECONDS = 12

    assert user_api_client.post(URL).json()["expires_in"] == 12


def test_get_is_not_allowed(user_api_client):
    assert user_api_client.get(URL).status_code == 405


def test_ticket_requests_are_throttled_per_user(user_api_client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ws_ticket": "2/min"}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }

    statuses = [user_api_client.post(URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert user_api_client.post(URL).json()["error"]["code"] == "throttled"


def test_endpoint_is_in_the_api_schema(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})

    operation = response.json()["paths"]["/api/v1/auth/ws-ticket"]["post"]
    assert operation["operationId"] == "auth_ws_ticket_create"
    assert "200" in operation["responses"]
