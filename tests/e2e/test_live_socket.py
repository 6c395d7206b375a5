import pytest
from playwright.sync_api import expect

from kaigon.events import close_user_sockets, send_event_to_users

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signed_in_page_opens_the_socket_and_shows_a_server_notice(
    logged_in_page,
    user,
    other_user,
    shared_channel_layer,
    outside_event_loop,
    browser_errors,
):
    page = logged_in_page(user)
    with page.expect_websocket() as socket_info:
        page.goto("/")
    assert socket_info.value.url.endswith("/ws/")
    expect(page.locator("[data-live-indicator]")).to_have_attribute(
        "data-live-state", "open"
    )
    page.evaluate(
        """() => {
            window.receivedEvents = [];
            document.addEventListener("kaigon:event", (e) =>
                window.receivedEvents.push(e.detail));
        }"""
    )

    outside_event_loop(
        send_event_to_users, [other_user.id], {"type": "notice", "text": "Not for you"}
    )
    outside_event_loop(
        send_event_to_users, [user.id], {"type": "notice", "text": "新留言 from Mei"}
    )

    expect(page.locator("[data-toasts]")).to_contain_text("新留言 from Mei")
    expect(page.locator("[data-toasts]")).not_to_contain_text("Not for you")
    assert page.evaluate("window.receivedEvents") == [
        {"type": "notice", "text": "新留言 from Mei"}
    ]
    assert browser_errors(page) == []


def test_socket_closed_by_signing_out_everywhere_stays_closed(
    logged_in_page, user, shared_channel_layer, outside_event_loop
):
    page = logged_in_page(user)
    page.goto("/")
    indicator = page.locator("[data-live-indicator]")
    expect(indicator).to_have_attribute("data-live-state", "open")
    reopened = []
    page.on("websocket", lambda socket: reopened.append(socket.url))

    outside_event_loop(close_user_sockets, [user.id])

    expect(indicator).to_have_attribute("data-live-state", "closed")
    expect(indicator).to_have_attribute("title", "Live updates offline")
    # A retry would come after 0.5-1 s; a signed-out socket must not retry.
    page.wait_for_timeout(2500)
    assert reopened == []
    expect(indicator).to_have_attribute("data-live-state", "closed")


def test_anonymous_page_opens_no_socket(page):
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))

    page.goto("/")
    page.wait_for_load_state("networkidle")

    assert page.locator("body").get_attribute("data-ws-url") is None
    assert sockets == []
