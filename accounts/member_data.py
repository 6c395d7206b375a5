"""The account, its addresses, logins, follows and settings (kaigon.members)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress

from accounts.auth.models import RevokeReason
from accounts.auth.tokens import user_revoke_all_credentials
from accounts.models import Follow, User
from accounts.selectors import notification_settings_get, user_linked_accounts


def export(*, user: User, files: Path, report: Callable[[str], None]) -> dict:
    follows = Follow.objects.select_related("follower", "followee")
    data: dict[str, Any] = {
        "profile": {
            "username": user.username,
            "email": user.email,
            "nickname": user.nickname,
            "bio": user.bio,
            "avatar_upload_id": user.avatar_id,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values(
                "email", "verified", "primary"
            )
        ),
        "linked_accounts": [
            {"provider": account.provider, "uid": account.uid}
            for account in user_linked_accounts(user=user)
        ],
        "following": [
            {"username": link.followee.username, "since": link.created_at}
            for link in follows.filter(follower=user)
        ],
        "followers": [
            {"username": link.follower.username, "since": link.created_at}
            for link in follows.filter(followee=user)
        ],
        "notification_settings": notification_settings_get(user=user),
    }
    report(
        f"accounts: profile, {len(data['email_addresses'])} e-mail address(es), "
        f"{len(data['following'])} following, {len(data['followers'])} followers"
    )
    return data


def delete(
    *, user: User, placeholder: User | None, report: Callable[[str], None]
) -> None:
    # Follows, addresses, logins and settings go with the account (CASCADE);
    # signing out everywhere closes the member's sockets too.
    user_revoke_all_credentials(user=user, reason=RevokeReason.LOGOUT_ALL)
    report("accounts: signed out of every device; follows and settings go with it")
