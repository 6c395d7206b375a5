"""Create the document store's MongoDB indexes. Run by `make run`/`make migrate`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kaigon.docstore import DocumentStoreUnavailable, get_docstore


class Command(BaseCommand):
    help = "Create the document store's indexes (MongoDB); the ORM backend needs none."

    def handle(self, *args: Any, **options: Any) -> None:
        store = get_docstore()
        try:
            ensured = store.ensure_indexes()
        except DocumentStoreUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if store.backend == "orm":
            self.stdout.write(
                _(
                    "The document store uses the database (MONGO_URL is not set); "
                    "its indexes come from migrations, nothing to do."
                )
            )
            return
        for index in ensured:
            self.stdout.write(_("Index ready: %(index)s") % {"index": index})
        self.stdout.write(self.style.SUCCESS(_("MongoDB document store is ready.")))
