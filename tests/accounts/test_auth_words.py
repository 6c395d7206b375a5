"""One word per concept, ours and allauth's alike (docs/glossary.md)."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
)
def test_chinese_pages_say_you_not_the_formal_you(client, url):
    html = _page(client, url, "zh-TW")

    assert "您" not in html
    assert "帳戶" not in html
    assert "Email" not in html


def test_login_label_in_chinese_is_username_or_e_mail_not_log_in(client):
    html = _page(client, "/accounts/login/", "zh-TW")

    assert '<label for="id_login">使用者名稱或電子郵件地址</label>' in html


def test_allauths_logout_page_says_log_out_like_the_rest(client):
    client.force_login(UserFactory())

    html = _page(client, "/accounts/logout/", "en")

    assert "Log out" in html
    assert "Sign Out" not in html and "sign out" not in html


def test_devices_say_log_out_in_english_and_chinese(client):
    client.force_login(UserFactory())

    english = _page(client, "/settings/security", "en")
    chinese = _page(client, "/settings/security", "zh-TW")

    assert "Log out everywhere" in english and "Sign out" not in english
    assert "登出" in chinese and "您" not in chinese
