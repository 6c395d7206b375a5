"""Reads of the inbox: lists, counts, the text of an entry in the reader's language."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import NotificationKind, User
from notifications.models import MailSetting, Notification, NotificationActor

# Names shown before "and N others".
NAMED_ACTORS = 2
# Kinds e-mailed by default to members who were offline.
MAIL_DEFAULT_KINDS = frozenset({NotificationKind.MENTION, NotificationKind.COMMENT})


def notification_list(
    *, user: User, unread_only: bool = False
) -> QuerySet[Notification]:
    """`user`'s inbox, latest activity first, with the first named actors loaded."""
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.prefetch_related(
        Prefetch(
            "actor_links",
            queryset=NotificationActor.objects.select_related(
                "actor__avatar__image"
            ).order_by("-pk")[:NAMED_ACTORS],
            to_attr="named_actors",
        )
    ).order_by("-updated_at", "-pk")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_counts(*, user_ids: list[int]) -> dict[int, int]:
    """Unread count per member, for many members in one query."""
    counts = dict(
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    return {user_id: counts.get(user_id, 0) for user_id in user_ids}


def actors_text(notification: Notification) -> str:
    """ "Mei", "Mei and Alex", "Mei, Alex and 5 others"."""
    named = getattr(notification, "named_actors", None)
    if named is None:
        named = list(
            notification.actor_links.select_related("actor").order_by("-pk")[
                :NAMED_ACTORS
            ]
        )
    names = [link.name for link in named]
    others = notification.actor_count - len(names)
    if not names:
        return _("Someone")
    if others > 0:
        return ngettext(
            "%(names)s and %(count)d other",
            "%(names)s and %(count)d others",
            others,
        ) % {"names": ", ".join(names), "count": others}
    if len(names) == 2:
        return _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
    return names[0]


def notification_text(notification: Notification) -> str:
    """The entry's sentence, in the active language."""
    values = {
        "actors": actors_text(notification),
        "title": notification.snapshot.get("title", ""),
        "count": notification.count,
    }
    kind, on_comment = notification.kind, notification.target_type == "comment"
    if kind == NotificationKind.COMMENT:
        if on_comment:
            return _("%(actors)s replied to your comment on “%(title)s”") % values
        return _("%(actors)s commented on your post “%(title)s”") % values
    if kind == NotificationKind.REACTION:
        if on_comment:
            return _("%(actors)s reacted to your comment on “%(title)s”") % values
        return _("%(actors)s reacted to your post “%(title)s”") % values
    if kind == NotificationKind.FOLLOWED_USER_POST:
        return _("%(actors)s posted “%(title)s”") % values
    if kind == NotificationKind.NEW_FOLLOWER:
        return _("%(actors)s followed you") % values
    if kind == NotificationKind.FOLLOWED_POST_COMMENT:
        return _("%(actors)s commented on “%(title)s”, which you follow") % values
    if kind == NotificationKind.MENTION and notification.target_type == "room":
        return _("%(actors)s mentioned you in the chat “%(title)s”") % values
    if kind == NotificationKind.MENTION:
        return _("%(actors)s mentioned you in “%(title)s”") % values
    if kind == NotificationKind.CHAT_MESSAGE and notification.snapshot.get("direct"):
        return (
            ngettext(
                "%(count)d new message from %(actors)s",
                "%(count)d new messages from %(actors)s",
                notification.count,
            )
            % values
        )
    if kind == NotificationKind.CHAT_MESSAGE:
        return (
            ngettext(
                "%(count)d new message in %(title)s from %(actors)s",
                "%(count)d new messages in %(title)s from %(actors)s",
                notification.count,
            )
            % values
        )
    return values["title"]


def notification_url(notification: Notification) -> str:
    """Where the entry leads: a path on this site from the snapshot, or the inbox."""
    url = notification.snapshot.get("url")
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return url
    return "/notifications/"


def mail_settings_get(*, user: User) -> dict[str, bool]:
    """Every kind with whether `user` wants it e-mailed when offline."""
    stored = dict(MailSetting.objects.filter(user=user).values_list("kind", "enabled"))
    return {
        kind: stored.get(kind, kind in MAIL_DEFAULT_KINDS)
        for kind in NotificationKind.values
    }
