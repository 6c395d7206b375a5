"""Chat raises "new message" and @mentions (chat.notifications)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from accounts.models import NotificationKind
from accounts.services import notification_settings_update
from chat import services
from notifications.models import Notification, TargetType
from notifications.presence import focus_set
from notifications.selectors import notification_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mei(db):
    return UserFactory(username="mei", nickname="Mei")


@pytest.fixture
def jun(db):
    return UserFactory(username="jun", nickname="Jun")


@pytest.fixture
def group(mei, jun):
    return services.room_group_create(creator=mei, name="Hikers", members=[jun])


def texts(user):
    with translation.override("en"):
        return [
            notification_text(entry)
            for entry in Notification.objects.filter(recipient=user).order_by("-pk")
        ]


def send(room, sender, text="hi"):
    return services.message_send(room_id=room.pk, sender=sender, text=text)


def test_messages_in_one_room_are_one_entry_with_a_count(group, mei, jun):
    for _ in range(3):
        send(group, mei)

    assert texts(jun) == ["3 new messages in Hikers from Mei"]
    assert texts(mei) == []  # never of one's own messages


def test_direct_message(mei, jun):
    room, _ = services.room_direct_get_or_create(user=mei, other=jun)

    send(room, mei)

    assert texts(jun) == ["1 new message from Mei"]


def test_no_notification_while_a_socket_looks_at_the_room(group, mei, jun):
    focus_set(
        user_id=jun.pk,
        target_type=TargetType.ROOM,
        target_id=group.pk,
        socket="specific.abc",
        focused=True,
    )
    send(group, mei)
    assert texts(jun) == []

    focus_set(
        user_id=jun.pk,
        target_type=TargetType.ROOM,
        target_id=group.pk,
        socket="specific.abc",
        focused=False,
    )
    send(group, mei)
    assert texts(jun) == ["1 new message in Hikers from Mei"]


def test_muted_room_raises_no_message_notification_but_mentions(group, mei, jun):
    services.membership_settings_update(
        room_id=group.pk, user=jun, muted_until=timezone.now() + timedelta(hours=1)
    )

    send(group, mei, "hello all")
    send(group, mei, "@jun are you coming?")

    assert texts(jun) == ["Mei mentioned you in the chat “Hikers”"]


def test_switched_off_chat_messages(group, mei, jun):
    notification_settings_update(
        user=jun, changes={NotificationKind.CHAT_MESSAGE: False}
    )

    send(group, mei)

    assert texts(jun) == []


def test_member_who_left_hears_nothing(group, mei, jun):
    services.room_leave(room_id=group.pk, user=jun)

    send(group, mei, "@jun still there?")

    assert texts(jun) == []


def test_a_message_entry_leads_to_the_room(group, mei, jun):
    from notifications.selectors import notification_url

    send(group, mei)

    entry = Notification.objects.get(recipient=jun)
    assert notification_url(entry) == f"/chat/{group.pk}/"


def test_leaving_a_room_takes_its_entries_from_the_leaver_only(mei, jun):
    kai = UserFactory(username="kai", nickname="Kai")
    room = services.room_group_create(creator=mei, name="Hikers", members=[jun, kai])
    send(room, mei, "@jun @kai up for a hike?")
    assert texts(jun) and texts(kai)

    services.room_leave(room_id=room.pk, user=jun)

    assert texts(jun) == []
    assert texts(kai)


def test_deleting_a_room_takes_its_entries_from_everyone(group, mei, jun):
    send(group, mei)
    send(group, jun)

    services.room_delete(room_id=group.pk, actor=mei)

    assert texts(jun) == [] and texts(mei) == []
    assert not Notification.objects.filter(target_type=TargetType.ROOM).exists()
