"""Choosing a new profile picture applies it at once, without pressing Save."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import UserFactory
from tests.media_uploads import files

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_new_picture_is_saved_as_soon_as_it_is_uploaded(logged_in_page, browser_errors):
    user = UserFactory()
    page = logged_in_page(user)
    page.goto("/settings/profile")

    page.set_input_files(
        "[data-upload-file]",
        {"name": "me.png", "mimeType": "image/png", "buffer": files.png((400, 400))},
    )

    expect(page.get_by_text("Your new picture is saved.")).to_be_visible()
    assert User.objects.get(pk=user.pk).avatar_id is not None
    expect(page.locator("fieldset[data-avatar-apply] img.avatar")).to_be_visible()
    assert browser_errors(page) == []
