"""Demo data so a fresh `make run` shows a living site. Safe to run again."""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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


class Command(BaseCommand):
    help = "Create demo users (and later boards, posts, rooms) for a local site."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though production settings are active.",
        )

    def handle(
        self, *args: Any, allow_production: bool = False, **options: Any
    ) -> None:
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Refusing to load demo data with production settings.")
        created = self.seed_users()
        self.seed_follows()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} new of {len(DEMO_USERS)} users. "
                f"Log in as admin (or mei, jun, alice, bob) with {DEMO_PASSWORD}"
            )
        )

    @transaction.atomic
    def seed_users(self) -> int:
        User = get_user_model()
        created_count = 0
        for index, (username, email, nickname) in enumerate(DEMO_USERS, start=1):
            self.stdout.write(
                f"[users {index}/{len(DEMO_USERS)}] {username}", ending="\r"
            )
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
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )
        self.stdout.write("")
        return created_count

    @transaction.atomic
    def seed_follows(self) -> None:
        users = get_user_model().objects.in_bulk(
            {name for pair in DEMO_FOLLOWS for name in pair}, field_name="username"
        )
        for index, (follower, followee) in enumerate(DEMO_FOLLOWS, start=1):
            self.stdout.write(f"[follows {index}/{len(DEMO_FOLLOWS)}]", ending="\r")
            user_follow(follower=users[follower], followee=users[followee])
        self.stdout.write("")
