"""State changes of accounts: profiles, follows, notification settings."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Follow, NotificationKind, NotificationSetting, User


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    nickname: str | None = None,
    bio: str | None = None,
) -> User:
    """Change the given profile fields of `user` (None leaves a field as it is)."""
    changed: list[str] = []
    if nickname is not None:
        user.nickname = nickname.strip()
        changed.append("nickname")
    if bio is not None:
        # Plain text: keep the member's line breaks, one newline style only.
        user.bio = bio.replace("\r\n", "\n").replace("\r", "\n").strip()
        changed.append("bio")
    if changed:
        others = [f.name for f in User._meta.fields if f.name not in changed]
        user.full_clean(exclude=others, validate_unique=False)
        # Only the named columns, so a concurrent change elsewhere is not undone.
        user.save(update_fields=changed)
    return user


@transaction.atomic
def user_follow(*, follower: User, followee: User) -> Follow:
    """Make `follower` follow `followee`; following again returns the same row."""
    if follower.pk == followee.pk:
        raise ValidationError(_("You cannot follow yourself."), code="self_follow")
    existing = Follow.objects.filter(follower=follower, followee=followee).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Follow.objects.create(follower=follower, followee=followee)
    except IntegrityError:
        # A parallel request created it first; a locking read sees its row.
        return Follow.objects.select_for_update().get(
            follower=follower, followee=followee
        )


@transaction.atomic
def user_unfollow(*, follower: User, followee: User) -> bool:
    """Stop `follower` following `followee`; True if there was a follow to end."""
    deleted, _per_model = Follow.objects.filter(
        follower=follower, followee=followee
    ).delete()
    return deleted > 0


@transaction.atomic
def notification_settings_update(
    *, user: User, changes: Mapping[str, bool]
) -> dict[str, bool]:
    """Set some of `user`'s notification switches; returns every switch."""
    from accounts.selectors import notification_settings_get

    for kind, enabled in changes.items():
        if kind not in NotificationKind.values:
            raise ValidationError(
                _("Unknown notification kind: %(kind)s"),
                code="unknown_kind",
                params={"kind": kind},
            )
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": bool(enabled)}
        )
    return notification_settings_get(user=user)
