"""Notifications raised from signals of apps below this one (accounts)."""

from django.dispatch import receiver
from django.urls import reverse

from accounts.models import Follow, NotificationKind
from accounts.signals import user_followed
from notifications.models import TargetType
from notifications.services import notify
from notifications.targets import Target


@receiver(user_followed, dispatch_uid="notifications_new_follower")
def new_follower(sender: type[Follow], follow: Follow, **kwargs: object) -> None:
    follower = follow.follower
    notify(
        recipient=follow.followee,
        kind=NotificationKind.NEW_FOLLOWER,
        actor=follower,
        group_key="new_follower",
        target=Target(
            type=TargetType.USER,
            id=follower.pk,
            snapshot={
                "title": follower.display_name,
                "url": reverse("accounts:profile", args=[follower.username]),
            },
        ),
    )
