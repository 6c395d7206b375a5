import pytest
from playwright.sync_api import expect

from kaigon.events import send_event_to_users

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signed_in_page_opens_the_socket_and_shows_a_server_notice(
    logged_in_page, user, other_user, shared_channel_layer, outside_event_loop
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


def test_anonymous_page_opens_no_socket(page):
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))

    page.goto("/")
    page.wait_for_load_state("networkidle")

    assert page.locator("body").get_attribute("data-ws-url") is None
    assert sockets == []
