"""The "verification sent" page after an unverified login says what really happened."""

import pytest
from allauth.account.models import EmailAddress
from captcha.models import CaptchaStore
from django.core import mail

from tests.accounts.auth_helpers import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified():
    user = UserFactory(email="mei@example.com")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=False, primary=True
    )
    return user


def page_login(client, user, **headers) -> str:
    """Log in through the page; the text of the page it lands on."""
    key = client.get("/accounts/login/", **headers).context["form"].captcha.key
    response = client.post(
        "/accounts/login/",
        {
            "login": user.username,
            "password": PASSWORD,
            "captcha_key": key,
            "captcha_answer": CaptchaStore.objects.get(hashkey=key).response,
        },
        follow=True,
        **headers,
    )
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert response.status_code == 200
    return response.content.decode()


def test_first_login_says_a_link_was_sent_and_the_second_when_to_ask(
    client, unverified
):
    first = page_login(client, unverified)

    assert "We sent a new link to <strong>mei@example.com</strong>" in first
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mei@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body

    second = page_login(client, unverified)

    assert len(mail.outbox) == 1
    assert "We sent a new link" not in second
    assert "We already sent you a link recently" in second
    assert "you can ask for another one in 3 minutes" in second


def test_a_login_after_the_cooldown_sends_another_link_and_says_so(client, unverified):
    from django.core.cache import cache

    page_login(client, unverified)
    cache.clear()  # the cooldown is over

    again = page_login(client, unverified)

    assert len(mail.outbox) == 2
    assert "We sent a new link to <strong>mei@example.com</strong>" in again


def test_the_page_tells_the_truth_in_traditional_chinese(client, unverified):
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-TW"}

    first = page_login(client, unverified, **zh)
    second = page_login(client, unverified, **zh)

    assert "我們已寄出新的連結到 <strong>mei@example.com</strong>" in first
    assert "我們已寄出新的連結" not in second
    assert "3 分鐘後" in second
    assert len(mail.outbox) == 1


def test_the_page_without_a_login_renders_a_neutral_text(client):
    html = client.get("/accounts/confirm-email/").content.decode()

    assert "We sent a new link" not in html
    assert "We already sent you a link" not in html
    assert "Open the link in the mail we sent you" in html
