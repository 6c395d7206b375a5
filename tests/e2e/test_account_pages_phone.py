"""Every settings and account page fits a 390 px phone: nothing scrolls sideways."""

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

SIGNED_IN = [
    "/settings/profile",
    "/settings/notifications",
    "/settings/security",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
]
SIGNED_OUT = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def _wide_pages(page, paths: list[str]) -> dict[str, int]:
    wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    return wide


@pytest.mark.parametrize("locale", ["en-US", "zh-TW"])
def test_account_pages_fit_a_phone(new_page, locale):
    user = UserFactory(username="phone_user")
    signed_in = new_page(user=user, viewport=PHONE, locale=locale)
    signed_out = new_page(viewport=PHONE, locale=locale)

    wide = _wide_pages(signed_in, SIGNED_IN) | _wide_pages(signed_out, SIGNED_OUT)

    assert wide == {}
