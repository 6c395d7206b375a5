"""The forum in a real browser: writing, commenting, reacting, bookmarking,
reporting, and every page fitting a phone screen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from posts import services
from posts.models import Bookmark, Comment, Post, PostReaction, Report, Suspension
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.media_uploads import files
from tests.posts.factories import make_comment, make_post

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


TOO_WIDE = """
[...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > 390)
    .map((el) => el.tagName + "." + el.className)
    .slice(0, 5)
"""


@pytest.fixture
def board(db):
    return BoardFactory(slug="talk", name="Talk")


def test_member_writes_a_post_with_an_image_and_a_hashtag(
    logged_in_page, browser_errors, board
):
    author = UserFactory()
    make_post(board=board, body="Seen before #kaigonfans")
    page = logged_in_page(author)
    page.goto("/b/talk/")
    page.get_by_role("button", name="New post").click()

    page.get_by_label("Title").fill("My holiday")
    body = page.get_by_label("Text")
    body.fill("Look at this **view** ")
    body.press_sequentially("#kaigon")
    suggestion = page.locator("[data-hashtag-suggestions] li").first
    expect(suggestion).to_have_text("#kaigonfans")
    body.press("Enter")
    expect(body).to_have_value("Look at this **view** #kaigonfans ")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#post-preview")
    expect(preview.locator("strong")).to_have_text("view")
    expect(preview.locator("a.hashtag")).to_have_attribute("href", "/tags/kaigonfans/")
    page.set_input_files(
        "[data-upload-file]",
        {"name": "view.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()},
    )
    expect(page.locator("[data-upload-widget]")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-attached-images] img")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()

    post = Post.objects.get(title="My holiday")
    expect(page).to_have_url(re.compile(rf"/p/{post.pk}/$"))
    expect(page.locator(".post-body a.hashtag")).to_have_text("#kaigonfans")
    image = page.locator(".post-images img")
    expect(image).to_have_count(1)
    page.wait_for_function(
        "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
    )
    assert post.images.count() == 1
    assert browser_errors(page) == []


def test_member_comments_replies_and_reacts_without_a_reload(
    logged_in_page, browser_errors, board
):
    post = make_post(board=board, title="Question")
    reader = UserFactory()
    page = logged_in_page(reader)
    page.goto(f"/p/{post.pk}/")
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_text("No comments yet.")).to_be_visible()

    page.get_by_label("Your comment").fill("First answer")
    page.get_by_role("button", name="Comment", exact=True).click()
    floor = page.locator("#comment-list > .comment").first
    expect(floor).to_contain_text("First answer")
    expect(floor.locator(".floor")).to_have_text("B1")
    expect(page.get_by_label("Your comment")).to_have_value("")
    expect(page.get_by_text("No comments yet.")).to_have_count(0)

    floor.locator(".reply-box summary").click()
    floor.get_by_label("Your reply").fill("A reply")
    floor.get_by_role("button", name="Reply", exact=True).click()
    expect(floor.locator(".replies")).to_contain_text("A reply")
    expect(page.locator("#comments-title")).to_have_text("2 comments")

    post_reactions = page.locator(f"#reactions-post-{post.pk}")
    post_reactions.get_by_role("button", name="👍").click()
    pressed = post_reactions.locator("button[aria-pressed=true]")
    expect(pressed).to_have_text("👍 1")
    pressed.click()
    expect(post_reactions.locator("button[aria-pressed=true]")).to_have_count(0)
    post_reactions.get_by_role("button", name="❤️").click()
    expect(post_reactions.locator("button[aria-pressed=true]")).to_have_text("❤️ 1")

    assert page.evaluate("window.notReloaded") is True
    assert Comment.objects.filter(post=post).count() == 2
    assert PostReaction.objects.get(user=reader).emoji == "❤️"
    assert browser_errors(page) == []


def test_bookmark_and_report(logged_in_page, browser_errors, board):
    post = make_post(board=board, title="Worth keeping")
    reader = UserFactory()
    page = logged_in_page(reader)
    page.goto(f"/p/{post.pk}/")

    page.get_by_role("button", name="☆ Bookmark").click()
    expect(page.get_by_role("button", name="★ Bookmarked")).to_be_visible()
    page.goto("/me/bookmarks/")
    expect(page.get_by_role("link", name="Worth keeping")).to_be_visible()

    page.goto(f"/p/{post.pk}/")
    page.get_by_role("link", name="⚑ Report").click()
    page.get_by_label("What is wrong with it?").fill("Copied from elsewhere")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("The moderators will look at your report.")).to_be_visible()

    assert Bookmark.objects.filter(user=reader, post=post).exists()
    assert Report.objects.get().reason == "Copied from elsewhere"
    assert browser_errors(page) == []


def test_commenting_and_reacting_work_without_javascript(new_page, board):
    post = make_post(board=board, title="Plain forms")
    reader = UserFactory()
    page = new_page(user=reader, java_script_enabled=False)
    page.goto(f"/p/{post.pk}/")

    page.get_by_label("Your comment").fill("No script needed")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comment-list")).to_contain_text("No script needed")
    page.locator(f"#reactions-post-{post.pk}").get_by_role("button", name="😮").click()
    expect(
        page.locator(f"#reactions-post-{post.pk} button[aria-pressed=true]")
    ).to_have_text("😮 1")
    page.get_by_role("button", name="☆ Bookmark").click()
    expect(page.get_by_role("button", name="★ Bookmarked")).to_be_visible()


@pytest.mark.parametrize("locale", ["en-US", "zh-TW"])
def test_no_forum_page_scrolls_sideways_on_a_phone(
    new_page, outside_event_loop, board, locale
):
    author = UserFactory(username="longwriter", nickname="A" * 40)
    board.anonymous_allowed = True
    board.description = "描述" * 60
    board.save()
    long_word = "https://example.com/" + "verylongpath" * 12
    body = (
        f"{long_word}\n\n```\n{'code ' * 40}\n```\n\n"
        f"| a | b | c |\n|---|---|---|\n| {'cell' * 20} | 2 | 3 |\n\n"
        f"#台北美食 #{'x' * 40}"
    )
    post = make_post(
        author=author,
        board=board,
        title="很長的標題" * 10 + "Averyveryverylongwordwithoutanyspaces" * 2,
        body=body,
    )
    # Comments send live events (async_to_sync): not on Playwright's loop.
    floor = outside_event_loop(make_comment, post=post, body=long_word)
    outside_event_loop(make_comment, post=post, body="reply " + long_word, parent=floor)
    services.post_edit(
        post=post, editor=author, title=post.title, body=f"{body} #{'y' * 40}"
    )
    services.bookmark_set(user=author, post=post, on=True)
    page = new_page(user=author, locale=locale, viewport={"width": 390, "height": 844})

    for url in (
        "/",
        "/boards/",
        "/b/talk/",
        f"/p/{post.pk}/",
        f"/p/{post.pk}/history/",
        f"/p/{post.pk}/edit/",
        f"/p/{post.pk}/delete/",
        f"/p/{post.pk}/report/",
        f"/c/{floor.pk}/edit/",
        "/b/talk/new/",
        "/tags/台北美食/",
        "/me/bookmarks/",
        "/u/longwriter",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide: {page.evaluate(TOO_WIDE)}"


def test_a_refused_action_says_why_in_the_page(logged_in_page, browser_errors, board):
    post = make_post(board=board, title="Locked out")
    reader = UserFactory()
    Suspension.objects.create(
        user=reader, until=timezone.now() + timedelta(days=2), reason="Too many ads"
    )
    page = logged_in_page(reader)
    page.goto(f"/p/{post.pk}/")
    expect(page.get_by_text("Too many ads")).to_be_visible()  # no comment box

    page.locator(f"#reactions-post-{post.pk}").get_by_role("button", name="👍").click()

    expect(page.locator("#forum-messages")).to_contain_text("You are suspended until")
    assert not PostReaction.objects.exists()
    assert browser_errors(page) == []
