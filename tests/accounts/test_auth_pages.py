"""The auth pages render inside the site layout, with no inline script."""

import re

import pytest
from django.core import mail

from tests.accounts.auth_helpers import verified_user

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def assert_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert ' onclick="' not in html
    assert ' style="' not in html  # CSP allows no inline style either
    assert 'class="site-header"' in html  # the site layout (base.html)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
    ],
)
def test_anonymous_auth_pages_render(client, path):
    assert_page(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/settings/security",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
    ],
)
def test_signed_in_auth_pages_render(client, path):
    client.force_login(verified_user())
    assert_page(client.get(path))


def test_email_page_with_a_pending_change_has_no_inline_style(client):
    from allauth.account.models import EmailAddress

    user = verified_user()
    EmailAddress.objects.create(user=user, email="next@example.com", verified=False)
    client.force_login(user)
    response = client.get("/accounts/email/")
    assert "next@example.com" in response.content.decode()
    assert_page(response)


def test_settings_nav_links_to_every_settings_page(client):
    client.force_login(verified_user())
    html = client.get("/settings/security").content.decode()
    for path in ("/settings/profile", "/settings/notifications", "/settings/security"):
        assert f'href="{path}"' in html


def test_reset_page_answer_does_not_reveal_accounts(client):
    verified_user(email="known@example.com")
    known = client.post("/accounts/password/reset/", {"email": "known@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "ghost@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both addresses get a mail (allauth tells an unknown address that it has
    # no account), so not even the mailbox reveals more than the page.
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "/accounts/password/reset/key/" in by_address["known@example.com"]
    assert "/accounts/password/reset/key/" not in by_address["ghost@example.com"]


def test_logout_page_signs_out(client):
    client.force_login(verified_user())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/settings/security").status_code == 302


def test_openapi_schema_documents_every_auth_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in [
        "captcha",
        "captcha/{key}/refresh",
        "signup",
        "email/verify",
        "email/verify/resend",
        "email/change",
        "login",
        "token/refresh",
        "logout",
        "logout-all",
        "password/reset",
        "password/reset/confirm",
        "password/change",
        "google",
        "google/connect",
        "devices",
        "devices/{device_id}",
    ]:
        operations = paths[f"/api/v1/auth/{path}"]
        for operation in operations.values():
            assert operation["responses"], path
    login = paths["/api/v1/auth/login"]["post"]
    assert "requestBody" in login
    assert "200" in login["responses"]


@pytest.mark.parametrize("url", ["/accounts/sessions/", "/accounts/3rdparty/"])
def test_allauths_own_lists_redirect_to_the_security_page(client, url):
    client.force_login(verified_user())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/settings/security"


def test_security_page_is_the_one_list_of_devices(client):
    client.force_login(verified_user())

    html = client.get("/settings/security").content.decode()

    assert html.count('data-testid="devices"') == 1
