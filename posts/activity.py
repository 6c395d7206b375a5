"""What happened in the forum to someone, told once: the service hook.

Services call `forum_activity` for each comment, reply and reaction. It
raises the inbox entry (posts.notifications) and sends a live event to the
author of the post or comment concerned (never for their own actions, and not
when they switched that kind off).
"""

from dataclasses import dataclass
from enum import StrEnum

from accounts.models import NotificationKind, User
from accounts.selectors import notification_enabled
from kaigon.events import send_event_to_users
from posts.anonymity import pseudonym


class ActivityKind(StrEnum):
    COMMENT = "post.comment_added"
    REPLY = "comment.reply_added"
    POST_REACTION = "post.reaction_added"
    COMMENT_REACTION = "comment.reaction_added"


_NOTIFICATION_KIND = {
    ActivityKind.COMMENT: NotificationKind.COMMENT,
    ActivityKind.REPLY: NotificationKind.COMMENT,
    ActivityKind.POST_REACTION: NotificationKind.REACTION,
    ActivityKind.COMMENT_REACTION: NotificationKind.REACTION,
}


@dataclass(frozen=True)
class ForumActivity:
    kind: ActivityKind
    actor: User
    recipient: User
    post_id: int
    post_title: str
    comment_id: int | None = None
    floor: int | None = None
    emoji: str | None = None
    # The actor wrote anonymously in this thread: never reveal who they are.
    actor_anonymous: bool = False


def _actor_payload(activity: ForumActivity) -> dict:
    if activity.actor_anonymous:
        name = pseudonym(post_id=activity.post_id, user_id=activity.actor.pk)
        return {"username": None, "display_name": name, "anonymous": True}
    return {
        "username": activity.actor.username,
        "display_name": activity.actor.display_name,
        "anonymous": False,
    }


def forum_activity(activity: ForumActivity) -> None:
    """Tell the recipient (after commit) unless it is their own action."""
    if activity.recipient.pk == activity.actor.pk:
        return
    if not notification_enabled(
        user=activity.recipient, kind=_NOTIFICATION_KIND[activity.kind]
    ):
        return
    from posts.notifications import notify_forum_activity  # it imports this module

    notify_forum_activity(activity)
    event = {
        "type": str(activity.kind),
        "post": {"id": activity.post_id, "title": activity.post_title},
        "actor": _actor_payload(activity),
    }
    if activity.comment_id is not None:
        event["comment"] = {"id": activity.comment_id, "floor": activity.floor}
    if activity.emoji is not None:
        event["emoji"] = activity.emoji
    send_event_to_users([activity.recipient.pk], event)
