from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.models import NotificationKind
from accounts.services import notification_settings_update, user_follow
from notifications.models import Notification
from notifications.selectors import notification_text, notification_unread_count
from notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_withdraw,
    notify,
    notify_followers,
)
from tests.factories import UserFactory
from tests.notifications.factories import notify_comment, post_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_posts")]


def inbox(user):
    return list(Notification.objects.filter(recipient=user))


def text_of(notification, language="en"):
    notification = Notification.objects.get(pk=notification.pk)
    with translation.override(language):
        return notification_text(notification)


# --- the rules every kind obeys ------------------------------------------------


def test_comment_on_my_post_is_raised(user, other_user):
    notification = notify_comment(recipient=user, actor=other_user, title="Tea")

    assert inbox(user) == [notification]
    assert notification_unread_count(user=user) == 1
    assert text_of(notification) == (
        f"{other_user.display_name} commented on your post “Tea”"
    )


def test_text_is_rendered_in_the_readers_language(user, other_user):
    notification = notify_comment(recipient=user, actor=other_user, title="Tea")

    assert "留言" in text_of(notification, "zh-hant")


def test_own_action_is_not_raised(user):
    assert notify_comment(recipient=user, actor=user) is None
    assert inbox(user) == []


def test_switched_off_kind_is_not_raised(user, other_user):
    notification_settings_update(user=user, changes={NotificationKind.COMMENT: False})

    assert notify_comment(recipient=user, actor=other_user) is None
    assert inbox(user) == []


def test_target_the_recipient_cannot_see_is_not_raised(user, other_user, hidden_from):
    hidden_from.add(user.pk)

    assert notify_comment(recipient=user, actor=other_user) is None
    assert inbox(user) == []


def test_deactivated_member_is_not_notified(user, other_user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert notify_comment(recipient=user, actor=other_user) is None


# --- new follower (accounts' signal) -------------------------------------------


def test_new_follower_is_raised_once(user, other_user):
    user_follow(follower=other_user, followee=user)
    user_follow(follower=other_user, followee=user)  # again: nothing new

    [notification] = inbox(user)
    assert notification.kind == NotificationKind.NEW_FOLLOWER
    assert text_of(notification) == f"{other_user.display_name} followed you"


def test_new_follower_obeys_the_switch(user, other_user):
    notification_settings_update(
        user=user, changes={NotificationKind.NEW_FOLLOWER: False}
    )

    user_follow(follower=other_user, followee=user)

    assert inbox(user) == []


# --- grouping ----------------------------------------------------------------


def react(recipient, actor, post_id=1):
    return notify(
        recipient=recipient,
        kind=NotificationKind.REACTION,
        actor=actor,
        target=post_target(post_id, "Tea"),
        group_key=f"reaction:post:{post_id}",
    )


def test_many_reactions_to_one_post_are_one_entry(user):
    reactors = [UserFactory(nickname=name) for name in "ABCDEFG"]
    for reactor in reactors:
        react(user, reactor)

    [notification] = inbox(user)
    assert notification.actor_count == 7
    assert text_of(notification) == "G, F and 5 others reacted to your post “Tea”"


def test_reactions_to_another_post_are_another_entry(user, other_user):
    react(user, other_user, post_id=1)
    react(user, other_user, post_id=2)

    assert len(inbox(user)) == 2


def test_a_read_entry_is_not_merged_into(user, other_user):
    first = react(user, other_user)
    notification_mark_read(user=user, notification_ids=[first.pk])

    second = react(user, UserFactory())

    assert second.pk != first.pk
    assert notification_unread_count(user=user) == 1


def test_unreacting_removes_the_member_from_the_group(user):
    mei, alex = UserFactory(nickname="Mei"), UserFactory(nickname="Alex")
    react(user, mei)
    react(user, alex)

    notification_withdraw(recipient=user, actor=alex, group_key="reaction:post:1")

    [notification] = inbox(user)
    assert text_of(notification) == "Mei reacted to your post “Tea”"


def test_withdrawing_the_last_actor_removes_the_entry(user, other_user):
    react(user, other_user)

    notification_withdraw(recipient=user, actor=other_user, group_key="reaction:post:1")

    assert inbox(user) == []


# --- fan-out to followers ------------------------------------------------------


def test_new_post_reaches_followers_who_want_it(
    user, django_capture_on_commit_callbacks
):
    author = UserFactory()
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        user_follow(follower=fan, followee=author)
    notification_settings_update(
        user=fans[0], changes={NotificationKind.FOLLOWED_USER_POST: False}
    )

    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(
            author=author,
            kind=NotificationKind.FOLLOWED_USER_POST,
            target=post_target(9, "Hello"),
        )

    assert inbox(fans[0]) == []
    for fan in fans[1:]:
        [notification] = inbox(fan)
        assert text_of(notification) == f"{author.display_name} posted “Hello”"
    assert not Notification.objects.filter(
        recipient=author, kind=NotificationKind.FOLLOWED_USER_POST
    ).exists()


def test_fan_out_skips_followers_who_cannot_see_it(
    user, other_user, hidden_from, django_capture_on_commit_callbacks
):
    user_follow(follower=user, followee=other_user)
    hidden_from.add(user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(
            author=other_user,
            kind=NotificationKind.FOLLOWED_USER_POST,
            target=post_target(9),
        )

    assert inbox(user) == []


# --- read, prune ---------------------------------------------------------------


def test_mark_read_only_touches_my_own(user, other_user):
    mine = notify_comment(recipient=user, actor=other_user)
    theirs = notify_comment(recipient=other_user, actor=user)

    assert notification_mark_read(user=user, notification_ids=[mine.pk, theirs.pk]) == 0

    assert notification_unread_count(user=other_user) == 1


def test_mark_all_read(user, other_user):
    notify_comment(recipient=user, actor=other_user, post_id=1)
    notify_comment(recipient=user, actor=other_user, post_id=2)

    assert notification_mark_all_read(user=user) == 2
    assert notification_unread_count(user=user) == 0


def test_prune_deletes_only_old_read_notifications(user, other_user, settings):
    settings.KAIGON_NOTIFICATION_PRUNE_DAYS = 30
    old_read = notify_comment(recipient=user, actor=other_user, post_id=1)
    recent_read = notify_comment(recipient=user, actor=other_user, post_id=2)
    unread = notify_comment(recipient=user, actor=other_user, post_id=3)
    now = timezone.now()
    Notification.objects.filter(pk=old_read.pk).update(read_at=now - timedelta(31))
    Notification.objects.filter(pk=recent_read.pk).update(read_at=now - timedelta(1))
    Notification.objects.filter(pk=unread.pk).update(created_at=now - timedelta(100))

    call_command("notifications_prune")

    assert {n.pk for n in inbox(user)} == {recent_read.pk, unread.pk}
