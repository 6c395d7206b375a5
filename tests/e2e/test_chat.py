"""Two people chat in two browsers: messages, receipts and typing arrive live,
and a browser that was offline gets every message once, in order."""

import json
import re

import pytest
from playwright.sync_api import expect

from chat import services
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _rooms():
    mei = UserFactory(username="mei", nickname="Mei")
    jun = UserFactory(username="jun", nickname="Jun")
    group = services.room_group_create(creator=mei, name="Hikers", members=[jun])
    direct, _created = services.room_direct_get_or_create(user=mei, other=jun)
    return mei, jun, group, direct


def _open(page, room_id):
    page.goto(f"/chat/{room_id}/")
    expect(page.locator("[data-live-indicator]")).to_have_attribute(
        "data-live-state", "open"
    )
    expect(page.locator("[data-room-name]")).not_to_be_empty()


def _send(page, text):
    page.locator("[data-compose-text]").fill(text)
    page.locator("[data-compose-text]").press("Enter")


def _bubbles(page):
    return page.locator(".chat-message:not(.chat-pending) .chat-text")


def test_two_members_chat_live_and_an_offline_one_catches_up(
    new_page, outside_event_loop, browser_errors
):
    mei, jun, group, direct = outside_event_loop(_rooms)
    mei_page = new_page(user=mei)
    jun_page = new_page(user=jun)
    _open(mei_page, group.pk)
    _open(jun_page, group.pk)

    # Group: typing, the message, then "Seen by" once Jun has it on screen.
    mei_page.locator("[data-compose-text]").press_sequentially("Hel")
    expect(jun_page.locator("[data-typing]")).to_contain_text("Mei is typing")
    mei_page.locator("[data-compose-text]").press_sequentially("lo, hikers")
    mei_page.locator("[data-compose-text]").press("Enter")
    expect(jun_page.locator(".chat-message .chat-text")).to_have_text(["Hello, hikers"])
    expect(jun_page.locator("[data-typing]")).to_have_text("")
    expect(mei_page.locator("[data-seen]")).to_have_text("Seen by Jun")
    expect(_bubbles(mei_page)).to_have_text(["Hello, hikers"])

    # Direct room: Jun answers, Mei reads, Jun sees the tick.
    _open(mei_page, direct.pk)
    _open(jun_page, direct.pk)
    _send(jun_page, "早安小美")
    expect(_bubbles(mei_page)).to_have_text(["早安小美"])
    expect(jun_page.locator("[data-seen]")).to_have_text("✓ Seen")

    # Mei drops off the network; Jun keeps writing; Mei comes back.
    mei_page.context.set_offline(True)
    expect(mei_page.locator("[data-live-indicator]")).not_to_have_attribute(
        "data-live-state", "open"
    )
    later = ["one", "two", "three", "四"]
    for text in later:
        _send(jun_page, text)
    expect(_bubbles(jun_page)).to_have_text(["早安小美", *later])
    mei_page.context.set_offline(False)

    expect(mei_page.locator("[data-live-indicator]")).to_have_attribute(
        "data-live-state", "open", timeout=40000
    )
    expect(_bubbles(mei_page)).to_have_text(["早安小美", *later])
    # Mei writes back: one message, once, on both sides.
    _send(mei_page, "back online")
    expect(_bubbles(jun_page)).to_have_text(["早安小美", *later, "back online"])
    expect(_bubbles(mei_page)).to_have_text(["早安小美", *later, "back online"])
    assert browser_errors(jun_page) == []


def test_a_lost_event_is_fetched_when_the_next_one_shows_a_gap(
    new_page, outside_event_loop
):
    mei, jun, group, _direct = outside_event_loop(_rooms)
    mei_page = new_page(user=mei)
    jun_page = new_page(user=jun)

    def drop_lost_message(client_socket):
        # Stands in for the channel layer dropping one event on the way.
        server = client_socket.connect_to_server()

        def forward(frame):
            event = json.loads(frame)
            message = event.get("message") or {}
            if event.get("type") == "message.new" and message.get("text") == "lost":
                return
            client_socket.send(frame)

        server.on_message(forward)

    mei_page.route_web_socket(re.compile(r"/ws/"), drop_lost_message)
    _open(mei_page, group.pk)
    _open(jun_page, group.pk)

    _send(jun_page, "lost")
    expect(_bubbles(jun_page)).to_have_text(["lost"])
    _send(jun_page, "found")

    expect(_bubbles(mei_page)).to_have_text(["lost", "found"])


def test_header_shows_the_unread_count_live_on_other_pages(
    new_page, outside_event_loop
):
    mei, jun, group, _direct = outside_event_loop(_rooms)
    mei_page = new_page(user=mei)
    jun_page = new_page(user=jun)
    jun_page.goto("/")
    expect(jun_page.locator("[data-live-indicator]")).to_have_attribute(
        "data-live-state", "open"
    )
    badge = jun_page.locator("[data-chat-unread]")
    # "Mei created the room." is the one unread message so far.
    expect(badge).to_have_text("1")
    _open(mei_page, group.pk)

    _send(mei_page, "anyone up for a hike?")
    _send(mei_page, "Saturday, 7 am")

    expect(badge).to_have_text("3")


def test_scrolling_up_loads_earlier_messages_with_day_separators(
    new_page, outside_event_loop
):
    def history():
        mei, jun, group, _direct = _rooms()
        for number in range(1, 81):
            services.message_send(room_id=group.pk, sender=jun, text=f"m{number}")
        return mei, group

    mei, group = outside_event_loop(history)
    page = new_page(user=mei)
    _open(page, group.pk)
    expect(_bubbles(page)).to_have_count(50)
    expect(_bubbles(page).last).to_have_text("m80")

    page.locator("[data-messages]").evaluate("pane => { pane.scrollTop = 0; }")

    expect(_bubbles(page)).to_have_count(80)
    expect(_bubbles(page).first).to_have_text("m1")
    expect(page.locator(".chat-day")).to_have_count(1)
