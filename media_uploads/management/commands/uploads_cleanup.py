"""Remove uploads that nothing has referenced for a while (cron: hourly)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from media_uploads.services import uploads_remove_unreferenced


class Command(BaseCommand):
    help = (
        "Delete uploads (and their files, unless shared) that no post, message "
        "or profile has used for the given number of hours (default 24)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=24.0,
            help="Keep uploads unreferenced for less than this many hours.",
        )

    def handle(self, *args, hours: float, **options) -> None:
        if hours < 0:
            self.stderr.write("--hours must not be negative.")
            raise SystemExit(2)
        removed = uploads_remove_unreferenced(older_than=timedelta(hours=hours))
        self.stdout.write(f"Removed {removed} unreferenced upload(s).")
