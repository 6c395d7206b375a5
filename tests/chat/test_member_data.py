"""Chat's part of export_member / delete_member."""

import io
import json

import pytest
from django.core.management import call_command

from accounts.models import User
from chat import services
from chat.models import MemberRole, Membership, Room
from tests.chat.conftest import user_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def chats(mei, jun, bob, group, direct):
    """Mei owns `group` (Jun admin, Bob member) and talks to Jun directly."""
    services.room_member_add(room_id=group.pk, actor=mei, user=bob)
    services.room_member_update(
        room_id=group.pk, actor=mei, user=jun, role=MemberRole.ADMIN
    )
    services.message_send(room_id=group.pk, sender=mei, text="Hike on Saturday?")
    services.message_send(room_id=group.pk, sender=bob, text="Count me in")
    services.message_send(room_id=direct.pk, sender=mei, text="早安")
    return {"group": group, "direct": direct}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_holds_the_members_rooms_and_own_messages(mei, chats, tmp_path):
    output = run("export_member", mei.username, "--output", str(tmp_path))

    rooms = json.loads((tmp_path / "member.json").read_text())["apps"]["chat"]["rooms"]
    texts = {room["room_id"]: [m["text"] for m in room["messages"]] for room in rooms}
    assert texts == {
        chats["group"].pk: ["Hike on Saturday?"],
        chats["direct"].pk: ["早安"],
    }
    assert "chat: 2 room(s), 2 message(s)" in output


def test_removing_erases_their_messages_and_hands_the_group_on(mei, jun, bob, chats):
    run("delete_member", mei.username, "--content", "remove", "--yes")

    group = chats["group"]
    assert Membership.objects.get(room=group, user=jun).role == MemberRole.OWNER
    assert set(
        Membership.objects.filter(room=group).values_list("user__username", flat=True)
    ) == {"jun", "bob"}
    by_text = {d.data.get("text"): d for d in user_messages(group.pk)}
    assert "Hike on Saturday?" not in by_text
    assert "Count me in" in by_text
    erased = [d for d in user_messages(group.pk) if d.is_deleted]
    assert len(erased) == 1 and "text" not in erased[0].data
    # The direct room stays with Jun; Mei's words in it are gone.
    assert Room.objects.filter(pk=chats["direct"].pk).exists()
    assert all(d.is_deleted for d in user_messages(chats["direct"].pk))


def test_keeping_credits_their_messages_to_the_placeholder(mei, chats):
    run("delete_member", mei.username, "--content", "keep", "--yes")

    placeholder = User.objects.get(username="deleted")
    kept = {
        d.data["text"]: d.data["sender_id"]
        for d in user_messages(chats["group"].pk) + user_messages(chats["direct"].pk)
    }
    assert kept["Hike on Saturday?"] == placeholder.pk
    assert kept["早安"] == placeholder.pk
    assert kept["Count me in"] != placeholder.pk


def test_an_owner_alone_in_a_group_takes_it_with_them(mei):
    lonely = services.room_group_create(creator=mei, name="Notes", members=[])

    run("delete_member", mei.username, "--content", "remove", "--yes")

    assert not Room.objects.filter(pk=lonely.pk).exists()
