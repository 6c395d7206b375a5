"""State changes of the auth flows that allauth does not already do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.models_auth import RefreshFamily, RevokeReason
from accounts.tokens import refresh_family_revoke, user_revoke_all_credentials

API_PREFIX = "api-"
WEB_PREFIX = "web-"


@dataclass(frozen=True)
class Device:
    id: str
    kind: str
    user_agent: str
    ip: str | None
    created_at: datetime
    last_used_at: datetime
    current: bool


def device_list(
    *,
    user: User,
    current_family_id: str | None = None,
    current_session_key: str | None = None,
) -> list[Device]:
    """Signed-in API devices and browser sessions of `user`, newest use first."""
    from django.utils import timezone

    devices = [
        Device(
            id=f"{API_PREFIX}{family.id}",
            kind="api",
            user_agent=family.user_agent,
            ip=family.ip,
            created_at=family.created_at,
            last_used_at=family.last_used_at,
            current=str(family.id) == str(current_family_id),
        )
        for family in RefreshFamily.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    ]
    devices += [
        Device(
            id=f"{WEB_PREFIX}{session.pk}",
            kind="web",
            user_agent=session.user_agent,
            ip=session.ip,
            created_at=session.created_at,
            last_used_at=session.last_seen_at,
            current=session.session_key == current_session_key,
        )
        for session in _live_user_sessions(user=user)
    ]
    return sorted(devices, key=lambda device: device.last_used_at, reverse=True)


def _live_user_sessions(*, user: User) -> list[UserSession]:
    """allauth's session records whose Django session still exists."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return UserSession.objects.purge_and_list(user)
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    sessions = list(UserSession.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[s.session_key for s in sessions],
            expire_date__gt=timezone.now(),
        ).values_list("session_key", flat=True)
    )
    return [session for session in sessions if session.session_key in alive]


@transaction.atomic
def device_revoke(*, user: User, device_id: str) -> bool:
    """Sign one of `user`'s devices out; False when `user` has no such device."""
    if device_id.startswith(API_PREFIX):
        try:
            family_id = uuid.UUID(device_id.removeprefix(API_PREFIX))
        except ValueError:
            return False
        family = RefreshFamily.objects.filter(
            pk=family_id, user=user, revoked_at__isnull=True
        ).first()
        if family is None:
            return False
        refresh_family_revoke(family=family, reason=RevokeReason.REVOKED)
        return True
    if device_id.startswith(WEB_PREFIX):
        pk = device_id.removeprefix(WEB_PREFIX)
        if not pk.isdigit():
            return False
        session = UserSession.objects.filter(pk=int(pk), user=user).first()
        if session is None:
            return False
        session.end()
        return True
    return False


def user_logout_everywhere(*, user: User) -> None:
    """Every device and browser session of `user` ends, this one included."""
    user_revoke_all_credentials(user=user, reason=RevokeReason.LOGOUT_ALL)
