"""A person signs up through the real pages, verifies by mail, logs in, edits
the profile with an avatar, and logs out.

The live server writes every mail as a file (e2e_server.mail_dir); the test
opens the verification mail from there as a person opens their inbox.
"""

from __future__ import annotations

import io
import re
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long passphrase 42"


def captcha_answer(page) -> str:
    """What the picture says, read where the server keeps it."""
    key = page.locator("input[name=captcha_key]").input_value()
    return CaptchaStore.objects.get(hashkey=key).response


def wait_for_mail(mail_dir: Path, to: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")):
            message = message_from_bytes(path.read_bytes())
            if message["To"] == to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} in {mail_dir}")


def mail_text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def avatar_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 60, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_person_signs_up_verifies_logs_in_edits_profile_and_logs_out(
    e2e_server, page, browser_errors
):
    mail_dir = e2e_server.mail_dir
    # Sign up; ask for a new captcha picture once, as a person might.
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail").fill("mei@example.com")
    page.get_by_label("Username").fill("mei_lin")
    page.get_by_label("Nickname").fill("Mei")
    page.get_by_label("Password").fill(PASSWORD)
    picture = page.locator("[data-captcha-image]")
    first_src = picture.get_attribute("src")
    page.get_by_role("button", name="New picture").click()
    expect(picture).not_to_have_attribute("src", first_src)
    # A person reads the new picture before typing; so does the test.
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0",
        arg=picture.element_handle(),
    )
    page.get_by_label("Characters in the picture").fill(captcha_answer(page))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    assert User.objects.filter(username="mei_lin", is_active=True).exists()

    # Open the verification mail the server wrote and confirm.
    text = mail_text(wait_for_mail(mail_dir, "mei@example.com"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()

    # Log in with the username.
    page.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill("mei_lin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Characters in the picture").fill(captcha_answer(page))
    with page.expect_navigation():
        page.get_by_test_id("login-form").get_by_role("button", name="Log in").click()
    menu = page.locator("header .user-menu summary")
    expect(menu).to_have_text("Mei")

    # Edit the profile with an avatar (the profiles and upload pages).
    page.goto("/settings/profile")
    widget = page.locator("[data-upload-widget]")
    page.set_input_files(
        "[data-upload-file]",
        {"name": "me.png", "mimeType": "image/png", "buffer": avatar_png()},
    )
    expect(widget).to_have_attribute("data-state", "done")
    page.get_by_label("Nickname").fill("Mei Lin")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("img", name="Avatar of Mei Lin").first).to_be_visible()
    user = User.objects.get(username="mei_lin")
    assert user.nickname == "Mei Lin"
    assert user.avatar_id is not None

    # The security page lists this browser.
    page.goto("/settings/security")
    expect(page.get_by_test_id("devices")).to_contain_text("this device")

    # Log out from the user menu.
    menu.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.locator("header").get_by_role("button", name="Log in")).to_be_visible()
    page.goto("/settings/security")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    assert browser_errors(page) == []
