"""E-mail for members who were offline, batched; one-click unsubscribe per kind.

`notifications_mail` (run every few minutes; `make run` starts it with
`--loop`) calls `mail_due_notifications`. An entry is mailed when it is still
unread after KAIGON_NOTIFICATION_MAIL_DELAY_MINUTES, its kind is one the
member wants by mail, and the member has no live page open (the bell sends
`notification.presence` every minute; see docs/realtime.md). One mail per
member per pass lists everything due; a thread (post, room) already mailed
within the hour waits, so a busy thread sends at most one mail an hour.
"""

from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import NotificationKind, User
from notifications.models import Notification
from notifications.selectors import (
    mail_settings_get,
    notification_text,
    notification_url,
)

THREAD_MAIL_INTERVAL = timedelta(hours=1)
PRESENCE_TTL_SECONDS = 150
_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def _presence_key(user_id: int) -> str:
    return f"notifications:online:{user_id}"


def presence_mark(*, user_id: int) -> None:
    """The member has a live page open (refreshed by the bell every minute)."""
    cache.set(_presence_key(user_id), True, PRESENCE_TTL_SECONDS)


def is_online(*, user_id: int) -> bool:
    return bool(cache.get(_presence_key(user_id)))


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        return None
    return int(data["u"]), data["k"]


def _absolute(path: str) -> str:
    base = settings.SITE_URL or f"https://{Site.objects.get_current().domain}"
    return urljoin(base, path)


def _unsubscribe_headers(links: list[dict]) -> dict[str, str]:
    # Mail clients' own button (RFC 8058) fits one kind only.
    if len(links) != 1:
        return {}
    return {
        "List-Unsubscribe": f"<{links[0]['url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def mail_due_notifications(*, now: datetime | None = None) -> int:
    """Send every due mail; returns how many mails left."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        read_at__isnull=True,
        emailed_at__isnull=True,
        updated_at__lte=now
        - timedelta(minutes=settings.KAIGON_NOTIFICATION_MAIL_DELAY_MINUTES),
        recipient__is_active=True,
    )
    recipient_ids = list(due.values_list("recipient_id", flat=True).distinct())
    return sum(
        _mail_one(user=user, due=due.filter(recipient=user), now=now)
        for user in User.objects.filter(pk__in=recipient_ids)
        if not is_online(user_id=user.pk)
    )


def _one_per_thread(entries: list[Notification]) -> list[Notification]:
    """The latest entry of each thread; entries without a thread all stay."""
    kept, threads = [], set()
    for entry in entries:
        if entry.thread_key:
            if entry.thread_key in threads:
                continue
            threads.add(entry.thread_key)
        kept.append(entry)
    return kept


@transaction.atomic
def _mail_one(*, user: User, due, now: datetime) -> int:
    wanted = [kind for kind, on in mail_settings_get(user=user).items() if on]
    recently_mailed = set(
        Notification.objects.filter(
            recipient=user, emailed_at__gte=now - THREAD_MAIL_INTERVAL
        )
        .exclude(thread_key="")
        .values_list("thread_key", flat=True)
    )
    entries = list(
        due.select_for_update()
        .filter(kind__in=wanted)
        .filter(~Q(thread_key__in=recently_mailed) | Q(thread_key=""))
        .order_by("-updated_at")
    )
    entries = _one_per_thread(entries)
    if not entries:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        kinds = sorted({entry.kind for entry in entries})
        context = {
            "user": user,
            "items": [
                {
                    "text": notification_text(entry),
                    "url": _absolute(notification_url(entry)),
                }
                for entry in entries
            ],
            "inbox_url": _absolute(reverse("notifications:inbox")),
            "unsubscribe": [
                {
                    "label": NotificationKind(kind).label,
                    "url": _absolute(
                        reverse(
                            "notifications:unsubscribe",
                            args=[unsubscribe_token(user_id=user.pk, kind=kind)],
                        )
                    ),
                }
                for kind in kinds
            ],
        }
        subject = ngettext(
            "%(count)d new notification on Kaigon",
            "%(count)d new notifications on Kaigon",
            len(entries),
        ) % {"count": len(entries)}
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("notifications/mail.txt", context),
            to=[user.email],
            headers=_unsubscribe_headers(context["unsubscribe"]),
        )
    Notification.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        emailed_at=now
    )
    transaction.on_commit(message.send)
    return 1
