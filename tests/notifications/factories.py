from accounts.models import NotificationKind
from notifications.models import TargetType
from notifications.services import notify
from notifications.targets import Target


def post_target(post_id: int = 1, title: str = "Tea in Taipei") -> Target:
    return Target(
        type=TargetType.POST,
        id=post_id,
        snapshot={"title": title, "url": f"/posts/{post_id}"},
        thread=f"post:{post_id}",
    )


def notify_comment(*, recipient, actor, post_id: int = 1, title: str = "Tea"):
    return notify(
        recipient=recipient,
        kind=NotificationKind.COMMENT,
        actor=actor,
        target=post_target(post_id, title),
    )
