"""State changes of accounts: profiles, follows, notification settings."""

import contextlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.errors import AvatarRejected, SelfFollow, UnknownNotificationKind
from accounts.models import Follow, NotificationKind, NotificationSetting, User
from accounts.signals import user_followed
from kaigon.errors import InvalidInput, Message
from media_uploads.exceptions import UploadNotFound, UploadNotOwned, UploadWrongKind
from media_uploads.models import UploadKind
from media_uploads.services import upload_attach, upload_detach


class _Unset:
    """Marks an argument that was not given (None means "remove")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    nickname: str | None = None,
    bio: str | None = None,
    avatar_upload_id: int | str | None = UNSET,
) -> User:
    """Change the given profile fields of `user`; others stay as they are.

    `avatar_upload_id` is the id of an avatar upload `user` made, or None to
    remove the avatar. Raises InvalidInput naming the field at fault.
    """
    changed: list[str] = []
    if nickname is not None:
        user.nickname = nickname.strip()
        changed.append("nickname")
    if bio is not None:
        # Plain text: keep the member's line breaks, one newline style only.
        user.bio = bio.replace("\r\n", "\n").replace("\r", "\n").strip()
        changed.append("bio")
    if avatar_upload_id is not UNSET:
        _avatar_set(user=user, upload_id=avatar_upload_id)
        changed.append("avatar")
    if changed:
        others = [f.name for f in User._meta.fields if f.name not in changed]
        try:
            user.full_clean(exclude=others, validate_unique=False)
        except ValidationError as exc:
            fields: dict[str, list[Message]] = {
                name: list(messages) for name, messages in exc.message_dict.items()
            }
            raise InvalidInput(fields=fields) from exc
        # Only the named columns, so a concurrent change elsewhere is not undone.
        user.save(update_fields=changed)
    return user


def _avatar_set(*, user: User, upload_id: int | str | None) -> None:
    previous_id = user.avatar_id
    if upload_id is None:
        user.avatar = None
    else:
        try:
            upload = upload_attach(
                upload_id=upload_id, user=user, kind=UploadKind.AVATAR
            )
        except (UploadNotFound, UploadNotOwned) as exc:
            # Somebody else's upload is as unknown as a missing one.
            raise AvatarRejected() from exc
        except UploadWrongKind as exc:
            raise AvatarRejected(exc.message) from exc
        user.avatar = upload
    if previous_id is not None and previous_id != user.avatar_id:
        # The old picture is no longer used; cleanup removes it after a day.
        with contextlib.suppress(UploadNotFound):  # already deleted by its owner
            upload_detach(upload_id=previous_id)


@transaction.atomic
def user_follow(*, follower: User, followee: User) -> Follow:
    """Make `follower` follow `followee`; following again returns the same row."""
    if follower.pk == followee.pk:
        raise SelfFollow()
    # Parallel follows by one member queue on their user row. Racing on the
    # unique index instead ends in deadlocks on MySQL (shared locks taken by
    # the duplicate-key errors, then upgraded by the re-read).
    User.objects.select_for_update().only("pk").get(pk=follower.pk)
    follow, created = Follow.objects.get_or_create(follower=follower, followee=followee)
    if created:
        user_followed.send(sender=Follow, follow=follow)
    return follow


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
            raise UnknownNotificationKind(kind)
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": bool(enabled)}
        )
    return notification_settings_get(user=user)
