"""Export one member's data (a data request): JSON plus their uploaded files."""

import shutil
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kaigon.members import member_export


class Command(BaseCommand):
    help = (
        "Write everything Kaigon stores about one member to a folder "
        "(member.json and files/), or to a zip file with --zip."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The member's username.")
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder to create (default: member-USERNAME-DATE in this folder).",
        )
        parser.add_argument(
            "--zip", action="store_true", help="Pack the folder into OUTPUT.zip."
        )

    def handle(
        self, *args: Any, username: str, output: Path | None, zip: bool, **options: Any
    ) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as exc:
            raise CommandError(f"There is no member {username!r}.") from exc
        folder = output or Path(f"member-{username}-{timezone.now():%Y%m%d-%H%M%S}")
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} exists and is not empty.")
        self.stdout.write(f"Exporting {username} to {folder}")
        member_export(user=user, folder=folder, report=self.stdout.write)
        if zip:
            archive = shutil.make_archive(str(folder), "zip", root_dir=folder)
            shutil.rmtree(folder)
            self.stdout.write(self.style.SUCCESS(f"Done: {archive}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {folder}"))
