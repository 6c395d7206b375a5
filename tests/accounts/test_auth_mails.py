"""Mails name the site from settings, in both languages."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.accounts.auth_helpers import verified_user

pytestmark = pytest.mark.django_db


def _reset_mail(language: str) -> str:
    user = verified_user()
    mail.outbox.clear()
    response = APIClient().post(
        "/api/v1/auth/password/reset",
        {"email": user.email},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    return mail.outbox[0].subject + "\n" + mail.outbox[0].body


def test_mail_names_the_site_from_settings_in_english(settings):
    text = _reset_mail("en")

    assert "Hello from Kaigon!" in text
    assert "[Kaigon]" in text
    assert "example.com" not in text


def test_mail_names_the_site_from_settings_in_chinese():
    text = _reset_mail("zh-TW")

    assert "來自 Kaigon 的問候！" in text  # noqa: RUF001
    assert "example.com" not in text
    assert "!的" not in text


def test_site_row_follows_the_settings(settings):
    from django.contrib.sites.models import Site

    from accounts.auth.services import site_sync

    settings.SITE_NAME = "Lantern"
    settings.SITE_DOMAIN = "forum.example.org"
    site_sync()

    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Lantern", "forum.example.org")
