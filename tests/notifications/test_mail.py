from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import NotificationKind
from notifications.mail import (
    mail_due_notifications,
    presence_mark,
    unsubscribe_token,
)
from notifications.models import Notification
from notifications.selectors import mail_settings_get
from notifications.services import notify
from tests.notifications.factories import notify_comment, post_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_posts")]


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KAIGON_NOTIFICATION_MAIL_DELAY_MINUTES = 15


def later(minutes=20):
    return timezone.now() + timedelta(minutes=minutes)


def test_offline_member_gets_one_mail_for_a_reply(
    user, other_user, django_capture_on_commit_callbacks
):
    notify_comment(recipient=user, actor=other_user, title="Tea")

    with django_capture_on_commit_callbacks(execute=True):
        assert mail_due_notifications(now=later()) == 1

    [message] = mail.outbox
    assert message.to == [user.email]
    assert "commented on your post “Tea”" in message.body
    assert "/notifications/unsubscribe/" in message.body


def test_nothing_is_mailed_before_the_delay(user, other_user):
    notify_comment(recipient=user, actor=other_user)

    assert mail_due_notifications(now=later(5)) == 0


def test_online_member_gets_no_mail(user, other_user):
    notify_comment(recipient=user, actor=other_user)
    presence_mark(user_id=user.pk)

    assert mail_due_notifications(now=later()) == 0


def test_read_notifications_are_not_mailed(user, other_user):
    entry = notify_comment(recipient=user, actor=other_user)
    Notification.objects.filter(pk=entry.pk).update(read_at=timezone.now())

    assert mail_due_notifications(now=later()) == 0


def test_kinds_not_chosen_for_mail_are_not_mailed(user, other_user):
    # Reactions are not mailed unless the member asks.
    notify(
        recipient=user,
        kind=NotificationKind.REACTION,
        actor=other_user,
        target=post_target(),
    )

    assert mail_due_notifications(now=later()) == 0


def test_a_busy_thread_mails_at_most_once_an_hour(
    user, other_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_comment(recipient=user, actor=other_user, post_id=1)
        mail_due_notifications(now=later(20))
        notify_comment(recipient=user, actor=other_user, post_id=1)
        assert mail_due_notifications(now=later(40)) == 0
        notify_comment(recipient=user, actor=other_user, post_id=2)
        assert mail_due_notifications(now=later(41)) == 1
        assert mail_due_notifications(now=later(90)) == 1

    assert len(mail.outbox) == 3


def test_unsubscribe_link_works_without_logging_in(client, user):
    token = unsubscribe_token(user_id=user.pk, kind="comment")
    url = f"/notifications/unsubscribe/{token}"

    assert "Unsubscribe" in client.get(url).content.decode()
    answer = client.post(url)

    assert answer.status_code == 200
    assert mail_settings_get(user=user)["comment"] is False
    assert mail_settings_get(user=user)["mention"] is True


def test_forged_unsubscribe_token_is_a_404(client, user):
    token = unsubscribe_token(user_id=user.pk, kind="comment")

    assert client.post(f"/notifications/unsubscribe/{token}x").status_code == 404


def test_mail_command_runs_once(user, other_user, capsys):
    call_command("notifications_mail")

    assert "Sent 0" in capsys.readouterr().out
