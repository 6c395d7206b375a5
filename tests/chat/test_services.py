"""Chat services and selectors: the rules every surface (API, socket) shares."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Follow
from chat import invites, selectors, services
from chat.exceptions import (
    AlreadyMember,
    CannotMessageSelf,
    ClientIdReused,
    DirectRoomFixed,
    ImageNotAllowed,
    InviteExpired,
    InviteNotFound,
    InviteRevoked,
    InviteUsedUp,
    MessageEmpty,
    MessageNotFound,
    MessageTooLong,
    MessagingNotAllowed,
    NotMessageAuthor,
    NotRoomAdmin,
    NotRoomOwner,
    OwnerMustTransfer,
    RoomFull,
    RoomNotFound,
)
from chat.models import MemberRole, Membership, Room, WhoMayMessage
from chat.payloads import messages_payload
from kaigon.errors import InvalidInput
from tests.chat.conftest import stored_documents, user_messages

pytestmark = pytest.mark.django_db


def send(room, user, text="hi", **kwargs):
    message, _created = services.message_send(
        room_id=room.pk, sender=user, text=text, **kwargs
    )
    return message


def event_types(sent_events) -> list[str]:
    return [event["type"] for _groups, event in sent_events]


# --- rooms --------------------------------------------------------------------


def test_a_pair_has_one_direct_room_whoever_opens_it(mei, jun):
    first, created = services.room_direct_get_or_create(user=mei, other=jun)
    second, created_again = services.room_direct_get_or_create(user=jun, other=mei)

    assert (created, created_again) == (True, False)
    assert first.pk == second.pk
    assert set(first.memberships.values_list("user__username", flat=True)) == {
        "mei",
        "jun",
    }


def test_nobody_can_open_a_direct_room_with_themself(mei):
    with pytest.raises(CannotMessageSelf):
        services.room_direct_get_or_create(user=mei, other=mei)


def test_who_may_message_me_nobody_keeps_strangers_out(mei, jun):
    services.chat_preference_update(user=jun, who_may_message=WhoMayMessage.NOBODY)

    with pytest.raises(MessagingNotAllowed):
        services.room_direct_get_or_create(user=mei, other=jun)
    with pytest.raises(MessagingNotAllowed):
        services.room_group_create(creator=mei, name="x", members=[jun])
    assert Room.objects.count() == 0


def test_people_i_follow_may_message_me_and_no_one_else(mei, jun, bob):
    services.chat_preference_update(user=jun, who_may_message=WhoMayMessage.FOLLOWING)
    Follow.objects.create(follower=jun, followee=mei)

    services.room_direct_get_or_create(user=mei, other=jun)
    with pytest.raises(MessagingNotAllowed):
        services.room_direct_get_or_create(user=bob, other=jun)


def test_direct_room_refuses_new_messages_once_the_peer_says_nobody(direct, mei, jun):
    services.chat_preference_update(user=jun, who_may_message=WhoMayMessage.NOBODY)

    with pytest.raises(MessagingNotAllowed):
        send(direct, mei)
    send(direct, jun, "I may still write")


def test_group_creator_owns_it_and_the_room_says_so(group, mei, jun):
    roles = dict(group.memberships.values_list("user__username", "role"))
    assert roles == {"mei": MemberRole.OWNER, "jun": MemberRole.MEMBER}
    history, _more = selectors.message_history(room_id=group.pk, user=jun)
    assert messages_payload(history)[0]["text"] == "Mei created the room."


def test_group_over_the_member_limit_is_refused(settings, mei, jun, bob):
    settings.KAIGON_CHAT_MAX_MEMBERS = 2

    with pytest.raises(RoomFull):
        services.room_group_create(creator=mei, name="Big", members=[jun, bob])
    assert Room.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "   "), ("name", "x" * 101), ("theme_color", "red"), ("emoji", "x" * 20)],
)
def test_bad_group_settings_are_refused_naming_the_field(mei, jun, field, value):
    kwargs = {"name": "Room", field: value}
    with pytest.raises(InvalidInput) as caught:
        services.room_group_create(creator=mei, members=[jun], **kwargs)
    assert field in caught.value.fields


# --- messages -----------------------------------------------------------------


def test_messages_get_growing_seqs_and_the_sender_has_read_their_own(group, mei, jun):
    first = send(group, jun, "one")
    second = send(group, jun, "two")

    assert second.seq > first.seq
    assert Membership.objects.get(room=group, user=jun).last_read_seq == second.seq
    assert selectors.unread_summary(user=jun)["total"] == 0
    assert selectors.unread_summary(user=mei)["total"] == 2


def test_new_message_event_carries_the_message(
    group, jun, sent_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(group, jun, "早安 good morning")

    (event,) = [e for _g, e in sent_events if e["type"] == "message.new"]
    assert event["message"]["seq"] == message.seq
    assert event["message"]["text"] == "早安 good morning"
    assert event["message"]["sender"]["username"] == "jun"


def test_a_resend_with_the_same_client_id_returns_the_original(
    group, jun, sent_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        original, created = services.message_send(
            room_id=group.pk, sender=jun, text="hi", client_id="c-1"
        )
    with django_capture_on_commit_callbacks(execute=True):
        again, created_again = services.message_send(
            room_id=group.pk, sender=jun, text="hi", client_id="c-1"
        )

    assert (created, created_again) == (True, False)
    assert (again.id, again.seq) == (original.id, original.seq)
    assert len(user_messages(group.pk)) == 1
    assert event_types(sent_events).count("message.new") == 1


def test_a_client_id_reused_for_other_text_is_refused(group, mei, jun):
    send(group, jun, "hi", client_id="c-1")

    with pytest.raises(ClientIdReused):
        send(group, jun, "something else", client_id="c-1")
    with pytest.raises(ClientIdReused):
        send(group, mei, "hi", client_id="c-1")
    assert len(user_messages(group.pk)) == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [("x" * 4001, MessageTooLong), ("", MessageEmpty), ("  \n ", MessageEmpty)],
)
def test_bad_text_is_refused_and_nothing_is_stored(group, jun, text, error):
    before = len(stored_documents(group.pk))

    with pytest.raises(error):
        send(group, jun, text)
    assert len(stored_documents(group.pk)) == before


def test_text_at_the_limit_is_accepted(group, jun):
    assert send(group, jun, "字" * 4000).text == "字" * 4000


def test_a_malformed_client_id_is_refused(group, jun):
    with pytest.raises(InvalidInput) as caught:
        send(group, jun, client_id=" padded ")
    assert "client_id" in caught.value.fields


def test_an_image_message_attaches_the_senders_own_upload(group, jun, image_of):
    upload = image_of(jun)

    message = send(group, jun, "", image_id=upload.pk)

    upload.refresh_from_db()
    assert upload.is_attached
    assert messages_payload([message])[0]["image"]["id"] == upload.pk


def test_someone_elses_image_is_refused_and_nothing_stored(group, mei, jun, image_of):
    upload = image_of(mei)
    before = len(stored_documents(group.pk))

    with pytest.raises(ImageNotAllowed):
        send(group, jun, "look", image_id=upload.pk)
    with pytest.raises(ImageNotAllowed):
        send(group, jun, "look", image_id=999_999)
    upload.refresh_from_db()
    assert not upload.is_attached
    assert len(stored_documents(group.pk)) == before


def test_a_reply_must_point_at_a_message_of_the_room(group, jun):
    original = send(group, jun, "question")

    reply = send(group, jun, "answer", reply_to_seq=original.seq)
    assert reply.reply_to_seq == original.seq
    with pytest.raises(MessageNotFound):
        send(group, jun, "answer", reply_to_seq=999)


@pytest.mark.parametrize(
    "call",
    [
        lambda room, user: send(room, user),
        lambda room, user: services.message_edit(
            room_id=room.pk, actor=user, seq=1, text="x"
        ),
        lambda room, user: services.message_delete(room_id=room.pk, actor=user, seq=1),
        lambda room, user: services.room_mark_read(room_id=room.pk, user=user, seq=1),
        lambda room, user: services.typing_notify(room_id=room.pk, user=user),
        lambda room, user: selectors.message_history(room_id=room.pk, user=user),
        lambda room, user: selectors.room_members(room_id=room.pk, user=user),
        lambda room, user: services.room_leave(room_id=room.pk, user=user),
        lambda room, user: services.room_settings_update(
            room_id=room.pk, actor=user, emoji="🙂"
        ),
    ],
)
def test_a_non_member_can_neither_read_nor_write(group, outsider, call):
    before = len(stored_documents(group.pk))

    with pytest.raises(RoomNotFound):
        call(group, outsider)
    assert len(stored_documents(group.pk)) == before


def test_the_author_edits_and_everyone_sees_edited(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    message = send(group, jun, "helo")

    with django_capture_on_commit_callbacks(execute=True):
        services.message_edit(
            room_id=group.pk, actor=jun, seq=message.seq, text="hello"
        )

    history, _more = selectors.message_history(room_id=group.pk, user=mei)
    assert history[-1].text == "hello"
    assert history[-1].edited_at is not None
    assert event_types(sent_events) == ["message.edited"]
    with pytest.raises(NotMessageAuthor):
        services.message_edit(room_id=group.pk, actor=mei, seq=message.seq, text="x")


def test_a_deleted_message_is_erased_from_the_store(
    group, mei, jun, image_of, sent_events, django_capture_on_commit_callbacks
):
    upload = image_of(jun)
    message = send(group, jun, "secret", image_id=upload.pk)
    with pytest.raises(NotMessageAuthor):
        services.message_delete(room_id=group.pk, actor=mei, seq=message.seq)

    with django_capture_on_commit_callbacks(execute=True):
        services.message_delete(room_id=group.pk, actor=jun, seq=message.seq)

    (stored,) = [d for d in stored_documents(group.pk) if d.seq == message.seq]
    assert stored.is_deleted
    assert "secret" not in str(stored.data)
    assert "image_id" not in stored.data
    shown = messages_payload(selectors.message_history(room_id=group.pk, user=mei)[0])[
        -1
    ]
    assert (shown["deleted"], shown["text"], shown["image"]) == (True, "", None)
    assert [e for _g, e in sent_events] == [
        {
            "type": "message.deleted",
            "room_id": group.pk,
            "id": message.id,
            "seq": message.seq,
        }
    ]
    with pytest.raises(MessageNotFound):
        services.message_edit(room_id=group.pk, actor=jun, seq=message.seq, text="x")


# --- read marks and unread counts ----------------------------------------------


def test_marking_read_moves_forward_only_and_tells_the_room(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    messages = [send(group, jun, f"m{i}") for i in range(3)]
    assert selectors.unread_summary(user=mei) == {
        "total": 3,
        "rooms": {str(group.pk): 3},
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.room_mark_read(room_id=group.pk, user=mei, seq=messages[1].seq)
            == messages[1].seq
        )
    assert selectors.unread_summary(user=mei)["total"] == 1
    assert services.room_mark_read(room_id=group.pk, user=mei, seq=1) == messages[1].seq
    assert services.room_mark_read(room_id=group.pk, user=mei, seq=10**9) == (
        messages[2].seq
    )
    assert selectors.unread_summary(user=mei)["total"] == 0
    (read,) = [e for _g, e in sent_events if e["type"] == "room.read"]
    assert (read["user"]["username"], read["seq"]) == ("mei", messages[1].seq)


def test_deleted_messages_are_not_unread(group, mei, jun):
    message = send(group, jun, "oops")
    services.message_delete(room_id=group.pk, actor=jun, seq=message.seq)

    assert selectors.unread_summary(user=mei)["total"] == 0


def test_room_list_has_previews_unread_counts_and_pinned_first(group, direct, mei, jun):
    send(direct, jun, "私訊")
    send(group, jun, "newest")
    services.membership_settings_update(room_id=direct.pk, user=mei, pinned=True)

    rooms = selectors.room_list_for_user(user=mei)

    assert [room["id"] for room in rooms] == [direct.pk, group.pk]
    assert rooms[0]["display_name"] == "Jun"
    assert rooms[0]["last_message"]["text"] == "私訊"
    assert rooms[0]["unread_count"] == 1
    assert rooms[1]["last_message"]["text"] == "newest"
    assert rooms[1]["member_count"] == 2


def test_archived_rooms_can_be_listed_apart(group, direct, mei):
    services.membership_settings_update(room_id=group.pk, user=mei, archived=True)

    assert [r["id"] for r in selectors.room_list_for_user(user=mei, archived=True)] == [
        group.pk
    ]
    assert [
        r["id"] for r in selectors.room_list_for_user(user=mei, archived=False)
    ] == [direct.pk]


def test_history_pages_back_and_catches_up(direct, mei, jun):
    seqs = [send(direct, jun, f"m{i}").seq for i in range(5)]

    newest, more = selectors.message_history(room_id=direct.pk, user=mei, limit=2)
    assert ([m.seq for m in newest], more) == (seqs[3:], True)
    older, more = selectors.message_history(
        room_id=direct.pk, user=mei, before_seq=seqs[3], limit=2
    )
    assert ([m.seq for m in older], more) == (seqs[1:3], True)
    missed, more = selectors.message_history(
        room_id=direct.pk, user=mei, after_seq=seqs[1], limit=10
    )
    assert ([m.seq for m in missed], more) == (seqs[2:], False)


def test_typing_is_rate_limited(group, jun):
    assert services.typing_notify(room_id=group.pk, user=jun) is True
    assert services.typing_notify(room_id=group.pk, user=jun) is False


# --- members --------------------------------------------------------------------


def test_an_admin_adds_and_removes_members_and_a_member_cannot(group, mei, jun, bob):
    with pytest.raises(NotRoomAdmin):
        services.room_member_add(room_id=group.pk, actor=jun, user=bob)

    services.room_member_add(room_id=group.pk, actor=mei, user=bob)
    with pytest.raises(AlreadyMember):
        services.room_member_add(room_id=group.pk, actor=mei, user=bob)
    with pytest.raises(NotRoomAdmin):
        services.room_member_remove(room_id=group.pk, actor=jun, user=bob)
    services.room_member_remove(room_id=group.pk, actor=mei, user=bob)

    with pytest.raises(RoomNotFound):
        selectors.message_history(room_id=group.pk, user=bob)


def test_a_newcomer_has_nothing_unread_but_can_read_the_history(group, mei, jun, bob):
    send(group, jun, "before bob")

    services.room_member_add(room_id=group.pk, actor=mei, user=bob)

    assert selectors.unread_summary(user=bob)["total"] == 0
    history, _more = selectors.message_history(room_id=group.pk, user=bob)
    assert "before bob" in [m.text for m in history]


def test_an_admin_cannot_remove_the_owner_or_another_admin(group, mei, jun, bob):
    services.room_member_add(room_id=group.pk, actor=mei, user=bob)
    services.room_member_update(room_id=group.pk, actor=mei, user=jun, role="admin")
    services.room_member_update(room_id=group.pk, actor=mei, user=bob, role="admin")

    with pytest.raises(NotRoomOwner):
        services.room_member_remove(room_id=group.pk, actor=jun, user=mei)
    with pytest.raises(NotRoomOwner):
        services.room_member_remove(room_id=group.pk, actor=jun, user=bob)


def test_room_is_full_at_the_member_limit(settings, group, mei, bob, outsider):
    settings.KAIGON_CHAT_MAX_MEMBERS = 3
    services.room_member_add(room_id=group.pk, actor=mei, user=bob)

    with pytest.raises(RoomFull):
        services.room_member_add(room_id=group.pk, actor=mei, user=outsider)


def test_the_owner_hands_over_before_leaving(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    with pytest.raises(OwnerMustTransfer):
        services.room_leave(room_id=group.pk, user=mei)

    services.room_ownership_transfer(room_id=group.pk, actor=mei, user=jun)
    with django_capture_on_commit_callbacks(execute=True):
        services.room_leave(room_id=group.pk, user=mei)

    assert list(group.memberships.values_list("user__username", "role")) == [
        ("jun", MemberRole.OWNER)
    ]
    assert {"member.left", "room.removed"} <= set(event_types(sent_events))


def test_direct_rooms_keep_their_two_people(direct, mei, bob):
    with pytest.raises(DirectRoomFixed):
        services.room_leave(room_id=direct.pk, user=mei)
    with pytest.raises(DirectRoomFixed):
        services.room_member_add(room_id=direct.pk, actor=mei, user=bob)
    with pytest.raises(DirectRoomFixed):
        services.room_settings_update(room_id=direct.pk, actor=mei, name="Us")


def test_deleting_a_room_erases_its_messages(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    send(group, jun, "bye")
    with pytest.raises(NotRoomOwner):
        services.room_delete(room_id=group.pk, actor=jun)

    with django_capture_on_commit_callbacks(execute=True):
        services.room_delete(room_id=group.pk, actor=mei)

    assert not Room.objects.filter(pk=group.pk).exists()
    assert stored_documents(group.pk) == []
    removed = [e for _g, e in sent_events if e["type"] == "room.removed"]
    assert removed == [
        {"type": "room.removed", "room_id": group.pk, "reason": "deleted"}
    ]


# --- settings ---------------------------------------------------------------------


def test_renaming_posts_a_system_message_and_an_event(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.room_settings_update(
            room_id=group.pk, actor=mei, name="山友", theme_color="#3366FF"
        )

    group.refresh_from_db()
    assert (group.name, group.theme_color) == ("山友", "#3366ff")
    history, _more = selectors.message_history(room_id=group.pk, user=jun)
    texts = [m["text"] for m in messages_payload(history)]
    assert "Mei renamed the room to 山友." in texts
    assert "Mei changed the theme colour." in texts
    (updated,) = [e for _g, e in sent_events if e["type"] == "room.updated"]
    assert updated["changed"] == ["name", "theme_color"]
    assert updated["room"]["name"] == "山友"


def test_only_admins_change_a_groups_shared_settings(group, jun):
    with pytest.raises(NotRoomAdmin):
        services.room_settings_update(room_id=group.pk, actor=jun, name="Mine")


def test_a_member_sets_their_own_nickname_but_not_others(group, mei, jun):
    services.room_member_update(room_id=group.pk, actor=jun, user=jun, nickname="小君")

    assert Membership.objects.get(room=group, user=jun).nickname == "小君"
    with pytest.raises(NotRoomAdmin):
        services.room_member_update(room_id=group.pk, actor=jun, user=mei, nickname="x")


def test_personal_settings_are_mine_alone(
    group, mei, jun, sent_events, django_capture_on_commit_callbacks
):
    until = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_settings_update(
            room_id=group.pk, user=jun, notifications=False, muted_until=until
        )

    mine = Membership.objects.get(room=group, user=jun)
    theirs = Membership.objects.get(room=group, user=mei)
    assert (mine.notifications, mine.muted_until) == (False, until)
    assert (theirs.notifications, theirs.muted_until) == (True, None)
    ((groups, event),) = sent_events
    assert event["type"] == "membership.updated"
    assert groups == [f"user.{jun.pk}"]


# --- invites ---------------------------------------------------------------------


def test_an_invite_lets_someone_join_once(group, mei, bob):
    invite = services.room_invite_create(room_id=group.pk, actor=mei)

    room, joined = services.room_invite_accept(code=invite.code, user=bob)
    _again, joined_again = services.room_invite_accept(code=invite.code, user=bob)

    assert (room.pk, joined, joined_again) == (group.pk, True, False)
    assert group.memberships.filter(user=bob, role=MemberRole.MEMBER).exists()
    assert invite.expires_at - invite.created_at == 600


def test_only_admins_make_invites(group, jun):
    with pytest.raises(NotRoomAdmin):
        services.room_invite_create(room_id=group.pk, actor=jun)


def test_an_expired_invite_says_so(group, mei, bob, monkeypatch):
    invite = services.room_invite_create(room_id=group.pk, actor=mei)
    later = invite.expires_at + 1
    monkeypatch.setattr(invites.time, "time", lambda: later)

    with pytest.raises(InviteExpired):
        services.room_invite_accept(code=invite.code, user=bob)
    assert not group.memberships.filter(user=bob).exists()


def test_a_revoked_invite_says_so(group, mei, bob):
    invite = services.room_invite_create(room_id=group.pk, actor=mei)
    services.room_invite_revoke(room_id=group.pk, actor=mei, code=invite.code)

    with pytest.raises(InviteRevoked):
        services.room_invite_accept(code=invite.code, user=bob)
    assert selectors.room_invites_list(room_id=group.pk, user=mei) == []


def test_a_used_up_invite_says_so(group, mei, bob, outsider):
    invite = services.room_invite_create(room_id=group.pk, actor=mei, max_uses=1)
    services.room_invite_accept(code=invite.code, user=bob)

    with pytest.raises(InviteUsedUp):
        services.room_invite_accept(code=invite.code, user=outsider)
    assert not group.memberships.filter(user=outsider).exists()


def test_an_unknown_invite_code_is_not_found(bob):
    with pytest.raises(InviteNotFound):
        services.room_invite_accept(code="no-such-code-at-all", user=bob)


def test_a_room_picture_must_be_the_changers_own_upload(group, mei, jun, image_of):
    theirs, mine = image_of(jun), image_of(mei)

    with pytest.raises(ImageNotAllowed):
        services.room_group_create(
            creator=mei, name="x", members=[jun], avatar_id=theirs.pk
        )
    with pytest.raises(ImageNotAllowed):
        services.room_settings_update(room_id=group.pk, actor=mei, avatar_id=theirs.pk)
    room = services.room_settings_update(room_id=group.pk, actor=mei, avatar_id=mine.pk)

    assert room.avatar_id == mine.pk
    mine.refresh_from_db()
    assert mine.is_attached
