"""A person signs up through the real pages, verifies by mail, logs in, edits
the profile with an avatar, and logs out.

The shared e2e server (tests/e2e/conftest.py) is forked with pytest-django's
in-memory mail backend, whose outbox lives in the server process. This module
therefore runs its own Daphne server, built from the same conftest helpers,
with the embedded one-file-per-mail backend writing to a folder under
var/mail/, and reads the verification mail from there as a person would open
it. Only `live_server_url` is overridden (for this module), so `page` and the
shared browser open this server.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from collections.abc import Iterator
from email import message_from_bytes
from functools import partial
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long passphrase 42"


@pytest.fixture(scope="module")
def mail_dir() -> Iterator[Path]:
    path = Path(settings.VAR_DIR) / "mail" / f"e2e-signup-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def signup_server(
    django_db_setup, django_db_blocker, mail_dir
) -> Iterator[e2e.LiveServer]:
    from daphne.testing import DaphneProcess
    from django.db import connections
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        connections.close_all()
    database_name = settings.DATABASES["default"]["NAME"]
    channel_layers, shared = e2e._live_channel_layers()
    overrides = override_settings(
        CHANNEL_LAYERS=channel_layers,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, e2e.SERVER_HOST],
        EMAIL_BACKEND="kaigon.mail.OneFilePerMessageBackend",
        EMAIL_FILE_PATH=mail_dir,
    )
    overrides.enable()
    server = DaphneProcess(
        host=e2e.SERVER_HOST,
        get_application=e2e._server_application,
        setup=partial(e2e._prepare_server_process, database_name, django_db_blocker),
    )
    server.daemon = True
    server.start()
    try:
        if not server.ready.wait(e2e.SERVER_START_TIMEOUT_SECONDS):
            pytest.fail("The signup-flow Daphne server did not start.")
        port = server.port.value
        yield e2e.LiveServer(
            url=f"http://{e2e.SERVER_HOST}:{port}",
            ws_url=f"ws://{e2e.SERVER_HOST}:{port}",
            shares_channel_layer=shared,
        )
    finally:
        server.terminate()
        server.join(10)
        overrides.disable()


@pytest.fixture(scope="module")
def live_server_url(signup_server: e2e.LiveServer) -> str:
    return signup_server.url


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
    signup_server, page, mail_dir, browser_errors
):
    # Sign up; ask for a new captcha picture once, as a person might.
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("mei@example.com")
    page.get_by_label("Username").fill("mei_lin")
    page.get_by_label("Nickname").fill("Mei")
    page.get_by_label("Password").fill(PASSWORD)
    picture = page.locator("[data-captcha-image]")
    first_src = picture.get_attribute("src")
    page.get_by_role("button", name="New picture").click()
    expect(picture).not_to_have_attribute("src", first_src)
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
    page.get_by_label("Login").fill("mei_lin")
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
        page.get_by_role("button", name="Log out").click()
    expect(page.locator("header").get_by_role("button", name="Log in")).to_be_visible()
    page.goto("/settings/security")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    assert browser_errors(page) == []
