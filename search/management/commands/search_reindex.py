"""Rebuild the search index from the posts, with a progress bar on stderr."""

import time

from django.core.management.base import BaseCommand

from search.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every published post."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stderr.write(
                f"\rposts [{'#' * filled}{'.' * (width - filled)}] "
                f"{done:,}/{total:,} {rate:,.0f}/s",
                ending="",
            )

        rows = index_rebuild(progress=progress)
        self.stderr.write("")
        self.stdout.write(
            f"search index: {rows:,} rows in {time.monotonic() - started:.1f}s"
        )
