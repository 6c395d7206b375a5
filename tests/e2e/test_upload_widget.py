"""The upload widget in a real browser, on the "My images" page."""

import base64
import re

import pytest
from playwright.sync_api import expect

from media_uploads.models import Upload
from tests.factories import UserFactory
from tests.media_uploads import files

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DROP_FILE = """
([name, type, base64]) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type }));
    return transfer;
}
"""


def delete_first_image(page) -> None:
    card = page.locator("[data-my-images] li").first
    with page.expect_navigation():
        card.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("The image was deleted.")).to_be_visible()


def test_member_picks_a_file_sees_preview_progress_and_the_upload(
    logged_in_page, browser_errors
):
    user = UserFactory()
    page = logged_in_page(user)
    page.goto("/images/")
    widget = page.locator("[data-upload-widget]")
    expect(widget.get_by_text("Drop an image here, or choose a file")).to_be_visible()
    expect(page.get_by_text("You have not uploaded any images yet.")).to_be_visible()

    page.set_input_files(
        "[data-upload-file]",
        {
            "name": "holiday.jpg",
            "mimeType": "image/jpeg",
            "buffer": files.jpeg_with_gps_and_comment(b"home", size=(1600, 1200)),
        },
    )

    expect(widget.locator("[data-upload-preview]")).to_be_visible()
    expect(widget).to_have_attribute("data-state", "done")
    expect(widget.get_by_role("status")).to_have_text("Uploaded.")
    expect(widget.locator("[data-upload-caption]")).to_have_text("1600 \u00d7 1200")
    upload = Upload.objects.get(owner=user)
    expect(widget.locator("[data-upload-value]")).to_have_value(str(upload.pk))
    expect(widget.locator("[data-upload-progress]")).to_be_hidden()
    # The preview now shows the server's thumbnail, and it loads.
    preview = widget.locator("[data-upload-preview-image]")
    expect(preview).to_have_attribute(
        "src",
        re.compile(rf"^http://[^/]+/media/{re.escape(upload.image.thumbnail_key)}$"),
    )
    page.wait_for_function(
        "el => el.complete && el.naturalWidth === 320", arg=preview.element_handle()
    )
    # The new image is at the top of the page's list without a reload.
    card = page.locator("[data-my-images] li").first
    expect(card.locator("figcaption")).to_have_text("1600 \u00d7 1200")
    expect(page.get_by_text("You have not uploaded any images yet.")).to_be_hidden()
    assert browser_errors(page) == []  # no CSP violation, no script error

    delete_first_image(page)
    assert not Upload.objects.filter(owner=user).exists()


def test_member_drops_a_file_on_the_widget(logged_in_page, browser_errors):
    user = UserFactory()
    page = logged_in_page(user)
    page.goto("/images/")
    transfer = page.evaluate_handle(
        DROP_FILE,
        ["dropped.png", "image/png", base64.b64encode(files.png((200, 100))).decode()],
    )

    page.dispatch_event("[data-upload-drop]", "drop", {"dataTransfer": transfer})

    widget = page.locator("[data-upload-widget]")
    expect(widget).to_have_attribute("data-state", "done")
    upload = Upload.objects.get(owner=user)
    assert upload.image.content_type == "image/png"
    expect(widget.locator("[data-upload-value]")).to_have_value(str(upload.pk))
    page.reload()
    expect(page.locator("[data-my-images] li")).to_have_count(1)
    assert browser_errors(page) == []

    delete_first_image(page)


def test_refused_file_shows_the_servers_reason(logged_in_page):
    user = UserFactory()
    page = logged_in_page(user)
    page.goto("/images/")

    page.set_input_files(
        "[data-upload-file]",
        {"name": "logo.png", "mimeType": "image/png", "buffer": files.svg()},
    )

    widget = page.locator("[data-upload-widget]")
    expect(widget).to_have_attribute("data-state", "error")
    expect(widget.get_by_role("status")).to_contain_text(
        "SVG images are not accepted because they can contain scripts."
    )
    expect(widget.locator("[data-upload-value]")).to_have_value("")
    assert not Upload.objects.exists()


def test_file_over_the_size_limit_is_stopped_in_the_browser(logged_in_page):
    user = UserFactory()
    page = logged_in_page(user)
    page.goto("/images/")
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request) if request.method == "POST" else None,
    )

    page.set_input_files(
        "[data-upload-file]",
        {
            "name": "huge.jpg",
            "mimeType": "image/jpeg",
            "buffer": b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024),
        },
    )

    widget = page.locator("[data-upload-widget]")
    expect(widget).to_have_attribute("data-state", "error")
    expect(widget.get_by_role("status")).to_contain_text("is larger than 10.0")
    assert requests == []
