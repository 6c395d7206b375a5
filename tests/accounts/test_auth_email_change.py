"""Changing the e-mail address: the new one is verified first, the old one told."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.accounts.auth_helpers import logged_in_client, verified_user

pytestmark = pytest.mark.django_db

CHANGE = "/api/v1/auth/email/change"


def test_new_address_replaces_the_old_only_after_verification(api_client):
    user = verified_user(email="old@example.com")
    client, _tokens = logged_in_client(user)
    mail.outbox.clear()

    response = client.post(CHANGE, {"email": "new@example.com"}, format="json")

    assert response.status_code == 202, response.content
    user.refresh_from_db()
    assert user.email == "old@example.com"
    assert mail.outbox[-1].to == ["new@example.com"]
    key = re.search(r"/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)

    verified = api_client.post("/api/v1/auth/email/verify", {"key": key}, format="json")

    assert verified.status_code == 200
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    ) == ["new@example.com"]
    told = [m for m in mail.outbox if m.to == ["old@example.com"]]
    assert told, [m.to for m in mail.outbox]


def test_changing_to_an_address_of_another_account_is_a_field_error():
    verified_user(email="taken@example.com")
    user = verified_user()
    client, _tokens = logged_in_client(user)
    response = client.post(CHANGE, {"email": "TAKEN@example.com"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


def test_changing_to_my_own_address_is_a_field_error():
    user = verified_user()
    client, _tokens = logged_in_client(user)
    response = client.post(CHANGE, {"email": user.email}, format="json")
    assert response.status_code == 400


def test_email_change_needs_a_login(api_client):
    response = api_client.post(CHANGE, {"email": "x@example.com"}, format="json")
    assert response.status_code == 401
    assert not User.objects.exists()


def test_email_page_sends_a_link_to_the_new_address_first(client):
    user = verified_user(email="old@example.com")
    client.force_login(user)
    mail.outbox.clear()
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "fresh@example.com"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.com"
    assert mail.outbox[-1].to == ["fresh@example.com"]


def test_email_page_refuses_an_address_of_another_account(client):
    verified_user(email="taken@example.com")
    client.force_login(verified_user())
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "taken@example.com"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
