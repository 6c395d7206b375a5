"""A member's inbox and e-mail choices (kaigon.members)."""

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import AbstractUser
from django.db import transaction

from notifications.models import MailSetting, Notification, NotificationActor
from notifications.selectors import (
    mail_settings_get,
    notification_list,
    notification_text,
)


def export(*, user: AbstractUser, files: Path, report: Callable[[str], None]) -> dict:
    entries = [
        {
            "kind": notification.kind,
            "text": notification_text(notification),
            "target": {"type": notification.target_type, "id": notification.target_id},
            "count": notification.count,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in notification_list(user=user)
    ]
    report(f"notifications: {len(entries)} notification(s), e-mail settings")
    return {"notifications": entries, "mail_settings": mail_settings_get(user=user)}


@transaction.atomic
def delete(
    *,
    user: AbstractUser,
    placeholder: AbstractUser | None,
    report: Callable[[str], None],
) -> None:
    # Their inbox goes; in others' entries they stop being named as an actor
    # (the counts stay: the actions themselves are kept or removed by their apps).
    deleted, _per_model = Notification.objects.filter(recipient=user).delete()
    NotificationActor.objects.filter(actor=user).delete()
    MailSetting.objects.filter(user=user).delete()
    report(f"notifications: deleted the inbox ({deleted} row(s)) and actor mentions")
