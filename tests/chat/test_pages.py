"""The chat pages: who may open them, and the form actions behind them."""

import pytest
from django.urls import reverse

from chat import services
from chat.models import Membership, Room, RoomKind

pytestmark = pytest.mark.django_db


def test_chat_page_asks_a_visitor_to_log_in(client):
    response = client.get(reverse("chat:index"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_chat_page_with_no_rooms_explains_how_to_start(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("chat:index"))

    assert response.status_code == 200
    assert "No conversations yet" in response.content.decode()


def test_member_opens_the_room_page(client, mei, group):
    client.force_login(mei)

    response = client.get(reverse("chat:room", args=[group.pk]))

    assert response.status_code == 200
    assert f'data-room-id="{group.pk}"' in response.content.decode()


def test_non_member_gets_404_for_a_room_page(client, outsider, group):
    client.force_login(outsider)

    assert client.get(reverse("chat:room", args=[group.pk])).status_code == 404


def test_unknown_room_page_is_404(client, mei):
    client.force_login(mei)

    assert client.get(reverse("chat:room", args=[999999])).status_code == 404


def test_header_chat_link_carries_the_unread_count_source(client, mei):
    client.force_login(mei)

    page = client.get(reverse("chat:index")).content.decode()

    assert reverse("api:chat-unread") in page
    assert "soon" not in page.split("chat-link")[1].split("</a>")[0]


def test_message_button_on_a_profile_opens_the_direct_room(client, mei, jun):
    client.force_login(mei)
    profile = client.get(reverse("accounts:profile", args=["jun"])).content.decode()
    assert reverse("chat:direct", args=["jun"]) in profile

    response = client.post(reverse("chat:direct", args=["jun"]))

    room = Room.objects.get(kind=RoomKind.DIRECT)
    assert response["Location"] == reverse("chat:room", args=[room.pk])
    again = client.post(reverse("chat:direct", args=["jun"]))
    assert again["Location"] == response["Location"]


def test_no_message_button_on_ones_own_profile(client, mei):
    client.force_login(mei)

    profile = client.get(reverse("accounts:profile", args=["mei"])).content.decode()

    assert reverse("chat:direct", args=["mei"]) not in profile


def test_direct_chat_with_an_unknown_person_is_404(client, mei):
    client.force_login(mei)

    assert client.post(reverse("chat:direct", args=["nobody"])).status_code == 404


def test_create_a_group_from_the_form(client, mei, jun, bob):
    client.force_login(mei)

    response = client.post(
        reverse("chat:group-new"), {"name": "Hikers", "members": "jun, @bob"}
    )

    room = Room.objects.get(kind=RoomKind.GROUP)
    assert response["Location"] == reverse("chat:room", args=[room.pk])
    assert room.name == "Hikers"
    assert set(
        Membership.objects.filter(room=room).values_list("user__username", flat=True)
    ) == {"mei", "jun", "bob"}


def test_group_form_names_an_unknown_member_and_creates_nothing(client, mei):
    client.force_login(mei)

    response = client.post(
        reverse("chat:group-new"), {"name": "Hikers", "members": "ghost"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Room.objects.exists()


def test_invite_page_shows_the_room_and_joins_on_post(client, mei, bob, group):
    invite = services.room_invite_create(room_id=group.pk, actor=mei)
    client.force_login(bob)

    page = client.get(reverse("chat:invite", args=[invite.code]))
    assert page.status_code == 200
    assert "Hikers" in page.content.decode()

    response = client.post(reverse("chat:invite", args=[invite.code]))

    assert response["Location"] == reverse("chat:room", args=[group.pk])
    assert Membership.objects.filter(room=group, user=bob).exists()


def test_revoked_invite_page_says_so(client, mei, bob, group):
    invite = services.room_invite_create(room_id=group.pk, actor=mei)
    services.room_invite_revoke(room_id=group.pk, actor=mei, code=invite.code)
    client.force_login(bob)

    response = client.get(reverse("chat:invite", args=[invite.code]))

    assert response.status_code == 410
    assert not Membership.objects.filter(room=group, user=bob).exists()


def test_unknown_invite_page_is_404(client, bob):
    client.force_login(bob)

    assert client.get(reverse("chat:invite", args=["nope"])).status_code == 404
