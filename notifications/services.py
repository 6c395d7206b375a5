"""State changes of the inbox: raise, group, withdraw, mark read, prune.

`notify` is the one entry point other apps call (posts, chat; accounts through
the `user_followed` signal, see notifications/receivers.py). It obeys the
recipient's switch, never tells a member of their own action or of a target
they cannot see, merges unread entries with the same group key, and pushes
`notification.new` with the new unread count to every socket of the
recipient once the transaction commits.
"""

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import Follow, NotificationKind, User
from accounts.selectors import notification_enabled, users_with_notification_enabled
from kaigon.events import send_event_to_users, send_events_to_users
from notifications.models import MailSetting, Notification, NotificationActor
from notifications.selectors import notification_unread_count, unread_counts
from notifications.targets import Target, visible_user_ids

logger = logging.getLogger(__name__)

FANOUT_BATCH = 1000
# One worker thread per process: fan-outs run one after another, off requests.
_fanout_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notify")


def _push_new(*, user_id: int, notification_id: int) -> None:
    send_event_to_users(
        [user_id],
        {
            "type": "notification.new",
            "id": notification_id,
            "unread_count": notification_unread_count(user=User(pk=user_id)),
        },
    )


def _push_count(*, user_id: int, event_type: str, **extra: object) -> None:
    send_event_to_users(
        [user_id],
        {
            "type": event_type,
            **extra,
            "unread_count": notification_unread_count(user=User(pk=user_id)),
        },
    )


def _push_with_unread_counts(events: dict[int, dict[str, object]]) -> None:
    """Each recipient's event, with their new unread count, in one session."""
    counts = unread_counts(user_ids=list(events))
    send_events_to_users(
        (user_id, {**event, "unread_count": counts[user_id]})
        for user_id, event in events.items()
    )


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    target: Target,
    actor: User | None = None,
    actor_alias: str = "",
    group_key: str = "",
) -> Notification | None:
    """Raise (or merge into) one notification; None when it must not be raised.

    `group_key`: unread entries of the recipient with the same key become one
    (reactions to one target, messages in one room). `actor_alias` is shown
    instead of the actor's name (an anonymous writer's pseudonym).
    """
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active or not notification_enabled(user=recipient, kind=kind):
        return None
    if not visible_user_ids(target=target, user_ids=[recipient.pk]):
        return None
    now = timezone.now()
    notification = None
    if group_key:
        notification = (
            Notification.objects.select_for_update()
            .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
            .order_by("-pk")
            .first()
        )
    if notification is None:
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            target_type=target.type,
            target_id=target.id,
            snapshot=target.snapshot,
            group_key=group_key,
            thread_key=target.thread,
            count=1,
        )
    else:
        Notification.objects.filter(pk=notification.pk).update(
            count=F("count") + 1, updated_at=now, snapshot=target.snapshot
        )
    if actor is not None:
        _actor_add(notification=notification, actor=actor, alias=actor_alias)
    _push_new(user_id=recipient.pk, notification_id=notification.pk)
    return notification


@transaction.atomic
def notify_grouped_many(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    target: Target,
    actor: User,
    group_key: str,
) -> int:
    """`notify` with a group key for many recipients, in a fixed number of queries.

    A message in a busy room reaches every member: one query per step for all
    of them, not a handful per member. Returns how many entries were raised
    or merged.
    """
    candidates = User.objects.filter(
        pk__in=[pk for pk in recipient_ids if pk != actor.pk], is_active=True
    )
    allowed = list(
        users_with_notification_enabled(users=candidates, kind=kind).values_list(
            "pk", flat=True
        )
    )
    recipients = sorted(visible_user_ids(target=target, user_ids=allowed))
    if not recipients:
        return 0
    now = timezone.now()
    # The newest unread entry of each recipient with this key; rows locked so
    # two messages at once merge instead of racing.
    open_entries: dict[int, int] = {}
    for pk, recipient_id in (
        Notification.objects.select_for_update()
        .filter(recipient_id__in=recipients, group_key=group_key, read_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "recipient_id")
    ):
        open_entries[recipient_id] = pk
    if open_entries:
        Notification.objects.filter(pk__in=open_entries.values()).update(
            count=F("count") + 1, updated_at=now, snapshot=target.snapshot
        )
    new_recipients = [pk for pk in recipients if pk not in open_entries]
    if new_recipients:
        created = Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=recipient_id,
                    kind=kind,
                    target_type=target.type,
                    target_id=target.id,
                    snapshot=target.snapshot,
                    group_key=group_key,
                    thread_key=target.thread,
                    created_at=now,
                    updated_at=now,
                )
                for recipient_id in new_recipients
            ]
        )
        if all(row.pk is not None for row in created):
            open_entries.update((row.recipient_id, row.pk) for row in created)
        else:  # MySQL returns no ids from a bulk insert: read them back
            open_entries.update(
                (recipient_id, pk)
                for pk, recipient_id in Notification.objects.filter(
                    recipient_id__in=new_recipients,
                    group_key=group_key,
                    read_at__isnull=True,
                )
                .order_by("pk")
                .values_list("pk", "recipient_id")
            )
    entry_ids = list(open_entries.values())
    # The actor moves to the front of each entry's named actors.
    had_actor = set(
        NotificationActor.objects.filter(
            notification_id__in=entry_ids, actor=actor
        ).values_list("notification_id", flat=True)
    )
    NotificationActor.objects.filter(
        notification_id__in=had_actor, actor=actor
    ).delete()
    NotificationActor.objects.bulk_create(
        [
            NotificationActor(notification_id=entry_id, actor=actor)
            for entry_id in entry_ids
        ]
    )
    Notification.objects.filter(pk__in=set(entry_ids) - had_actor).update(
        actor_count=F("actor_count") + 1
    )
    _push_with_unread_counts(
        {
            recipient_id: {"type": "notification.new", "id": entry_id}
            for recipient_id, entry_id in open_entries.items()
        }
    )
    return len(open_entries)


def _actor_add(*, notification: Notification, actor: User, alias: str) -> None:
    link, created = NotificationActor.objects.get_or_create(
        notification=notification, actor=actor, defaults={"alias": alias}
    )
    if created:
        Notification.objects.filter(pk=notification.pk).update(
            actor_count=F("actor_count") + 1
        )
    else:
        # Moves the actor to the front of the named ones.
        link.delete()
        NotificationActor.objects.create(
            notification=notification, actor=actor, alias=alias
        )


@transaction.atomic
def notification_withdraw(*, recipient: User, actor: User, group_key: str) -> None:
    """Take `actor` out of the recipient's entry `group_key` (an un-reaction).

    The entry goes away with its last actor.
    """
    notification = (
        Notification.objects.select_for_update()
        .filter(recipient=recipient, group_key=group_key, actor_links__actor=actor)
        .order_by("-pk")
        .first()
    )
    if notification is None:
        return
    NotificationActor.objects.filter(notification=notification, actor=actor).delete()
    if notification.actor_count > 1:
        Notification.objects.filter(pk=notification.pk).update(
            actor_count=F("actor_count") - 1, count=F("count") - 1
        )
        return
    pk = notification.pk
    notification.delete()
    _push_count(user_id=recipient.pk, event_type="notification.removed", ids=[pk])


@transaction.atomic
def notifications_withdraw(
    *,
    thread: str = "",
    target_type: str = "",
    target_ids: Iterable[int] = (),
    recipient_ids: Iterable[int] | None = None,
) -> int:
    """Delete entries about something their recipients can no longer see.

    Either a whole thread (a hidden or deleted post with its comments, a room
    left or deleted) or some targets (a hidden comment and its replies),
    optionally only for some recipients. Each recipient's sockets get
    `notification.removed` with the new unread count. Returns how many went.
    """
    entries = Notification.objects.all()
    if thread:
        entries = entries.filter(thread_key=thread)
    elif target_type:
        entries = entries.filter(
            target_type=target_type, target_id__in=list(target_ids)
        )
    else:
        raise ValueError("Give a thread or a target type with ids.")
    if recipient_ids is not None:
        entries = entries.filter(recipient_id__in=list(recipient_ids))
    removed = list(entries.values_list("pk", "recipient_id"))
    if not removed:
        return 0
    Notification.objects.filter(pk__in=[pk for pk, _ in removed]).delete()
    ids_by_recipient: dict[int, list[int]] = {}
    for pk, recipient_id in removed:
        ids_by_recipient.setdefault(recipient_id, []).append(pk)
    _push_with_unread_counts(
        {
            recipient_id: {"type": "notification.removed", "ids": ids}
            for recipient_id, ids in ids_by_recipient.items()
        }
    )
    return len(removed)


def notify_followers(
    *, author: User, kind: str, target: Target, actor_alias: str = ""
) -> None:
    """Tell everyone who follows `author` (see `notify_many`)."""
    followers = User.objects.filter(
        pk__in=Follow.objects.filter(followee=author).values("follower_id")
    )
    notify_many(
        recipients=followers,
        kind=kind,
        target=target,
        actor=author,
        actor_alias=actor_alias,
    )


def notify_many(
    *,
    recipients: QuerySet[User],
    kind: str,
    target: Target,
    actor: User | None = None,
    actor_alias: str = "",
) -> None:
    """Raise one notification per member of `recipients`, after commit, off the request.

    Same rules as `notify` (switch, own action, visibility), without grouping.
    A worker thread writes the rows with bulk_create in batches, then each
    recipient's sockets hear `notification.new`; docs/decisions.md says why.
    """
    job = partial(
        _fanout,
        recipients=recipients,
        kind=kind,
        target=target,
        actor_id=actor.pk if actor is not None else None,
        actor_alias=actor_alias,
    )
    if settings.KAIGON_NOTIFICATION_FANOUT_INLINE:
        transaction.on_commit(job)
    else:
        transaction.on_commit(partial(_fanout_executor.submit, _fanout_in_thread, job))


def _fanout_in_thread(job: partial) -> None:
    try:
        job()
    except Exception:
        logger.exception("Notification fan-out failed")
    finally:
        close_old_connections()


def _fanout(
    *,
    recipients: QuerySet[User],
    kind: str,
    target: Target,
    actor_id: int | None,
    actor_alias: str,
) -> int:
    recipients = recipients.filter(is_active=True)
    if actor_id is not None:
        recipients = recipients.exclude(pk=actor_id)
    recipient_ids = list(
        users_with_notification_enabled(users=recipients, kind=kind)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    raised = 0
    for start in range(0, len(recipient_ids), FANOUT_BATCH):
        batch = recipient_ids[start : start + FANOUT_BATCH]
        raised += _fanout_batch(
            actor_id=actor_id,
            actor_alias=actor_alias,
            kind=kind,
            target=target,
            recipient_ids=sorted(visible_user_ids(target=target, user_ids=batch)),
        )
    return raised


@transaction.atomic
def _fanout_batch(
    *,
    actor_id: int | None,
    actor_alias: str,
    kind: str,
    target: Target,
    recipient_ids: list[int],
) -> int:
    if not recipient_ids:
        return 0
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                target_type=target.type,
                target_id=target.id,
                snapshot=target.snapshot,
                thread_key=target.thread,
                actor_count=0 if actor_id is None else 1,
                created_at=now,
                updated_at=now,
            )
            for recipient_id in recipient_ids
        ]
    )
    if any(row.pk is None for row in rows):
        # Backends that return no ids from a bulk insert (MySQL): read them
        # back, the newest of each recipient (created_at is set by the field
        # itself, so it cannot be matched).
        newest = dict(
            (recipient_id, pk)
            for pk, recipient_id in Notification.objects.filter(
                recipient_id__in=recipient_ids,
                kind=kind,
                target_type=target.type,
                target_id=target.id,
            )
            .order_by("pk")
            .values_list("pk", "recipient_id")
        )
        rows = [Notification(pk=pk, recipient_id=rid) for rid, pk in newest.items()]
    if actor_id is not None:
        NotificationActor.objects.bulk_create(
            [
                NotificationActor(
                    notification_id=row.pk, actor_id=actor_id, alias=actor_alias
                )
                for row in rows
            ]
        )
    _push_with_unread_counts(
        {row.recipient_id: {"type": "notification.new", "id": row.pk} for row in rows}
    )
    return len(rows)


@transaction.atomic
def notification_mark_read(*, user: User, notification_ids: Iterable[int]) -> int:
    """Mark some of `user`'s notifications read; returns the unread count left."""
    ids = list(
        Notification.objects.filter(
            recipient=user, pk__in=list(notification_ids), read_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if ids:
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    unread = notification_unread_count(user=user)
    if ids:
        send_event_to_users(
            [user.pk], {"type": "notification.read", "ids": ids, "unread_count": unread}
        )
    return unread


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    """Mark every notification of `user` read; returns how many were unread."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if marked:
        send_event_to_users(
            [user.pk],
            {"type": "notification.read", "ids": "all", "unread_count": 0},
        )
    return marked


@transaction.atomic
def notifications_prune(*, read_before: datetime) -> int:
    """Delete notifications read before `read_before`; returns how many."""
    old: QuerySet[Notification] = Notification.objects.filter(read_at__lt=read_before)
    _total, per_model = old.delete()
    return per_model.get(Notification._meta.label, 0)


@transaction.atomic
def mail_setting_set(*, user: User, kind: str, enabled: bool) -> None:
    """Turn e-mail for one kind on or off for `user`."""
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    MailSetting.objects.update_or_create(
        user=user, kind=kind, defaults={"enabled": enabled}
    )
