"""Demo data so a fresh `make run` shows a living site. Safe to run again.

Each app brings its own: `<app>/demo.py` with `seed(*, report)`, run in
INSTALLED_APPS order (docs/decisions.md, "Demo data per app").
"""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Load every app's demo content (users, follows, ...) for a local site."

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
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "demo"):
                demo = import_module(f"{app_config.name}.demo")
                demo.seed(report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
