"""Delete a member; their content is removed or kept, as they chose."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaigon.members import DELETED_MEMBER_USERNAME, member_delete


class Command(BaseCommand):
    help = (
        "Delete one member's account. --content remove deletes what they wrote "
        "and uploaded; --content keep leaves it, credited to the "
        f'"{DELETED_MEMBER_USERNAME}" placeholder account. Export first if asked.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The member's username.")
        parser.add_argument(
            "--content",
            choices=["remove", "keep"],
            required=True,
            help="What the member chose for their posts, messages and images.",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(
        self, *args: Any, username: str, content: str, yes: bool, **options: Any
    ) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as exc:
            raise CommandError(f"There is no member {username!r}.") from exc
        if username == DELETED_MEMBER_USERNAME:
            raise CommandError("The deleted-member placeholder cannot be deleted.")
        if not yes:
            answer = input(
                f"Delete {username} and {content} their content? Type the username: "
            )
            if answer.strip() != username:
                raise CommandError("Not confirmed; nothing was deleted.")
        member_delete(
            user=user, keep_content=content == "keep", report=self.stdout.write
        )
        self.stdout.write(self.style.SUCCESS(f"Deleted {username}."))
