"""Signup, e-mail verification and resend, through the API and the pages."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.accounts.auth_helpers import (
    PASSWORD,
    api_login,
    captcha_fields,
    last_mail_link,
    verified_user,
)

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup"


def signup(client, **overrides):
    body = {
        "email": "mei@example.com",
        "username": "mei_lin",
        "nickname": "Mei",
        "password": PASSWORD,
        **captcha_fields(),
    }
    body.update(overrides)
    return client.post(SIGNUP, body, format="json")


def verification_key() -> str:
    link = last_mail_link(r"https?://\S+/accounts/confirm-email/(\S+?)/")
    return re.search(r"/confirm-email/([^/]+)/", link).group(1)


def test_signup_creates_an_unverified_account_and_mails_a_link(api_client):
    response = signup(api_client)
    assert response.status_code == 201, response.content
    user = User.objects.get(username="mei_lin")
    assert user.nickname == "Mei"
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox[-1].to == ["mei@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_unverified_account_cannot_log_in_and_gets_a_new_link(api_client):
    signup(api_client)
    mail.outbox.clear()
    response = api_login(api_client, "mei_lin")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_unverified"


def test_verifying_through_the_api_lets_the_user_log_in(api_client):
    signup(api_client)
    response = api_client.post(
        "/api/v1/auth/email/verify", {"key": verification_key()}, format="json"
    )
    assert response.status_code == 200
    assert EmailAddress.objects.get(email="mei@example.com").verified
    assert api_login(api_client, "mei@example.com").status_code == 200


def test_verifying_through_the_page_works_too(client, api_client):
    signup(api_client)
    key = verification_key()
    page = client.get(f"/accounts/confirm-email/{key}/")
    assert page.status_code == 200
    response = client.post(f"/accounts/confirm-email/{key}/")
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="mei@example.com").verified


def test_expired_verification_link_is_a_field_error(api_client, settings):
    signup(api_client)
    key = verification_key()
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    response = api_client.post("/api/v1/auth/email/verify", {"key": key}, format="json")
    assert response.status_code == 400
    assert "expired" in response.json()["error"]["fields"]["key"][0]


def test_garbage_verification_key_is_a_field_error(api_client):
    response = api_client.post(
        "/api/v1/auth/email/verify", {"key": "nonsense"}, format="json"
    )
    assert response.status_code == 400
    assert "key" in response.json()["error"]["fields"]


def test_resend_sends_a_new_link_with_the_same_answer_for_unknown_addresses(
    api_client,
):
    signup(api_client)
    mail.outbox.clear()
    known = api_client.post(
        "/api/v1/auth/email/verify/resend", {"email": "mei@example.com"}, format="json"
    )
    unknown = api_client.post(
        "/api/v1/auth/email/verify/resend", {"email": "who@example.com"}, format="json"
    )
    assert known.status_code == unknown.status_code
    assert known.json() == unknown.json()
    # The signup mail started allauth's cooldown, so nothing new is sent yet.
    assert len(mail.outbox) == 0


def test_resend_is_limited_per_address_with_retry_after(api_client):
    body = {"email": "who@example.com"}
    first = api_client.post("/api/v1/auth/email/verify/resend", body, format="json")
    second = api_client.post("/api/v1/auth/email/verify/resend", body, format="json")
    assert first.status_code == 200
    assert second.status_code == 429
    assert 0 < int(second["Retry-After"]) <= 180
    assert second.json()["error"]["code"] == "throttled"
    assert second.json()["error"]["message"] == (
        "A link for this address was asked for a moment ago; you can ask for "
        "another in 3 minutes."
    )


def test_resend_after_the_cooldown_mails_again(api_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "confirm_email": "5/3m/key",
    }
    signup(api_client)
    mail.outbox.clear()
    response = api_client.post(
        "/api/v1/auth/email/verify/resend", {"email": "mei@example.com"}, format="json"
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "MEI_LIN"),  # taken, case-insensitively
        ("email", "MEI@EXAMPLE.COM"),
        ("username", "admin"),  # reserved
        ("username", "mei lin!"),  # odd characters
        ("username", "x" * 31),  # too long
        ("nickname", "n" * 51),
        ("email", "not-an-address"),
        ("password", "123"),  # Django's validators
    ],
)
def test_bad_signup_input_gets_a_field_error(api_client, field, value):
    existing = verified_user(username="mei_lin", email="mei@example.com")
    assert existing.pk
    response = signup(
        api_client,
        **({"email": "new@example.com", "username": "new_user"} | {field: value}),
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()


def test_signup_page_creates_an_account(client):
    page = client.get("/accounts/signup/")
    form = page.context["form"]
    from captcha.models import CaptchaStore

    key = form.captcha.key
    response = client.post(
        "/accounts/signup/",
        {
            "email": "page@example.com",
            "username": "page_user",
            "nickname": "Page",
            "password1": PASSWORD,
            "captcha_key": key,
            "captcha_answer": CaptchaStore.objects.get(hashkey=key).response,
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="page_user").exists()
    assert mail.outbox[-1].to == ["page@example.com"]


def test_signup_page_with_a_wrong_captcha_shows_a_field_error(client):
    page = client.get("/accounts/signup/")
    key = page.context["form"].captcha.key
    response = client.post(
        "/accounts/signup/",
        {
            "email": "page@example.com",
            "username": "page_user",
            "password1": PASSWORD,
            "captcha_key": key,
            "captcha_answer": "wrong",
        },
    )
    assert response.status_code == 200
    assert "captcha_answer" in response.context["form"].errors
    assert not User.objects.filter(username="page_user").exists()


def test_verification_key_lifetime_setting_is_days():
    from django.conf import settings

    assert timedelta(days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS) >= timedelta(
        days=1
    )


def test_login_right_after_signup_says_no_new_link_was_sent_and_when_to_ask(
    api_client,
):
    signup(api_client)
    mail.outbox.clear()

    response = api_login(api_client, "mei_lin")

    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "we sent you a new link" not in message
    assert "3 minutes" in message
    assert mail.outbox == []


def test_login_after_the_cooldown_sends_a_new_link_and_says_so(api_client):
    from django.core.cache import cache

    signup(api_client)
    cache.clear()  # the resend cooldown is over
    mail.outbox.clear()

    response = api_login(api_client, "mei_lin")

    assert response.json()["error"]["message"] == (
        "Verify your e-mail address first; we sent you a new link."
    )
    assert len(mail.outbox) == 1


def test_a_used_verification_link_says_the_address_is_already_verified(api_client):
    signup(api_client)
    key = verification_key()
    api_client.post("/api/v1/auth/email/verify", {"key": key}, format="json")

    again = api_client.post("/api/v1/auth/email/verify", {"key": key}, format="json")

    assert again.status_code == 200
    assert again.json()["detail"] == "This e-mail address is already verified."


def test_a_used_verification_link_page_says_already_verified(client, api_client):
    signup(api_client)
    key = verification_key()
    client.post(f"/accounts/confirm-email/{key}/")

    page = client.get(f"/accounts/confirm-email/{key}/", follow=True)

    assert "This e-mail address is already verified." in page.content.decode()
    assert "expired" not in page.content.decode()


def test_wrong_captcha_still_shows_every_other_field_error_as_a_list(client):
    key = client.get("/accounts/signup/").context["form"].captcha.key

    response = client.post(
        "/accounts/signup/",
        {
            "email": "not-an-address",
            "username": "no spaces!",
            "password1": "12345678",
            "captcha_key": key,
            "captcha_answer": "wrong",
        },
    )

    errors = response.context["form"].errors
    assert {"email", "username", "password1", "captcha_answer"} <= set(errors)
    assert len(errors["password1"]) >= 2  # too common, entirely numeric
    html = response.content.decode()
    for message in errors["password1"]:
        assert f'<li><small class="field-error">{message}</small></li>' in html


def test_wrong_captcha_does_not_reveal_a_taken_address_or_username(client):
    taken = verified_user()
    key = client.get("/accounts/signup/").context["form"].captcha.key

    response = client.post(
        "/accounts/signup/",
        {
            "email": taken.email,
            "username": taken.username,
            "password1": PASSWORD,
            "captcha_key": key,
            "captcha_answer": "wrong",
        },
    )

    assert set(response.context["form"].errors) == {"captcha_answer"}
