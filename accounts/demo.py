"""Demo people and who follows whom; `manage.py seed_demo` runs `seed`."""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import Follow, User
from accounts.services import user_follow

DEMO_PASSWORD = "kaigon-demo-password"

DEMO_USERS = [
    # username, e-mail, nickname
    ("admin", "admin@kaigon.local", "管理員 Admin"),
    ("mei", "mei@kaigon.local", "小美 🌸"),
    ("jun", "jun@kaigon.local", "阿俊"),
    ("alice", "alice@kaigon.local", "Alice"),
    ("bob", "bob@kaigon.local", "Bob the Builder"),
]

DEMO_FOLLOWS = [
    ("mei", "jun"),
    ("jun", "mei"),
    ("alice", "mei"),
    ("bob", "alice"),
    ("mei", "alice"),
]


def seed(*, report: Callable[[str], None]) -> None:
    """Create the demo users and their follows, once; one report line per step."""
    created = _seed_users()
    report(
        f"accounts: {created} new of {len(DEMO_USERS)} users; log in as admin "
        f"(or mei, jun, alice, bob) with {DEMO_PASSWORD}"
    )
    created = _seed_follows()
    report(f"accounts: {created} new of {len(DEMO_FOLLOWS)} follows")


@transaction.atomic
def _seed_users() -> int:
    created_count = 0
    for username, email, nickname in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "nickname": nickname}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
            created_count += 1
        # Demo people can log in on the site right away.
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return created_count


@transaction.atomic
def _seed_follows() -> int:
    users = User.objects.in_bulk(
        {name for pair in DEMO_FOLLOWS for name in pair}, field_name="username"
    )
    before = Follow.objects.filter(follower__in=users.values()).count()
    for follower, followee in DEMO_FOLLOWS:
        user_follow(follower=users[follower], followee=users[followee])
    return Follow.objects.filter(follower__in=users.values()).count() - before
