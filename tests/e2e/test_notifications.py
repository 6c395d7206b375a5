"""The bell: a comment reaches the post's author live; reading clears every tab."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.posts.factories import make_post

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_comment_rings_the_authors_bell_and_reading_clears_both_tabs(
    new_page, outside_event_loop, browser_errors
):
    def setup():
        author = UserFactory(nickname="Aiko")
        commenter = UserFactory(nickname="Bo")
        return author, commenter, make_post(author=author, title="Tea time")

    author, commenter, post = outside_event_loop(setup)
    first, second = new_page(user=author), new_page(user=author)
    for page in (first, second):
        page.goto("/")
        expect(page.locator("[data-live-indicator]")).to_have_attribute(
            "data-live-state", "open"
        )
        expect(page.locator("[data-unread-count]")).to_be_hidden()

    other = new_page(user=commenter)
    other.goto(f"/p/{post.pk}/")
    other.locator("#comment-body-top").fill("Lovely tea!")
    other.get_by_role("button", name="Comment", exact=True).click()

    for page in (first, second):
        expect(page.locator("[data-unread-count]")).to_have_text("1")
        expect(page.locator("[data-unread-count]")).to_be_visible()

    first.locator("[data-notification-bell]").click()
    entry = first.get_by_role("link", name="Bo commented on your post “Tea time”")
    entry.click()
    expect(first).to_have_url(re.compile(rf"/p/{post.pk}/#comment-\d+$"))

    expect(second.locator("[data-unread-count]")).to_be_hidden()
    expect(first.locator("[data-unread-count]")).to_be_hidden()
    assert browser_errors(first) == [] and browser_errors(second) == []
