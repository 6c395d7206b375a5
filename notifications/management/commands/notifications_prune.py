from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.services import notifications_prune


class Command(BaseCommand):
    help = (
        "Delete notifications read more than KAIGON_NOTIFICATION_PRUNE_DAYS days "
        "ago (or --days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days: int | None = None, **options):
        days = settings.KAIGON_NOTIFICATION_PRUNE_DAYS if days is None else days
        deleted = notifications_prune(read_before=timezone.now() - timedelta(days=days))
        self.stdout.write(
            f"Deleted {deleted} notification(s) read over {days} days ago."
        )
