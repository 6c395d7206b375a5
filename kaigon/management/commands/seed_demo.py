"""Demo data so a fresh `make run` shows a living site. Safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_PASSWORD = "kaigon-demo-password"

DEMO_USERS = [
    # username, e-mail, nickname
    ("admin", "admin@kaigon.local", "管理員 Admin"),
    ("mei", "mei@kaigon.local", "小美 🌸"),
    ("jun", "jun@kaigon.local", "阿俊"),
    ("alice", "alice@kaigon.local", "Alice"),
    ("bob", "bob@kaigon.local", "Bob the Builder"),
]


class Command(BaseCommand):
    help = "Create demo users (and later boards, posts, rooms) for a local site."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though production settings are active.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Refusing to load demo data with production settings.")
        created = self.seed_users()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} new of {len(DEMO_USERS)} users. "
                f"Log in at /admin/ as admin / {DEMO_PASSWORD}"
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
        self.stdout.write("")
        return created_count
