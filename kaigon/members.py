"""A member's data across apps: export it (data requests), delete it.

Each app that stores something about a member has `<app>/member_data.py`:

    def export(*, user, files: Path, report: Callable[[str], None]) -> dict:
        '''This app's data about `user`, JSON-ready; copies of files go under
        `files` (a folder of its own) and are named relative to the export.'''

    def delete(*, user, placeholder, report: Callable[[str], None]) -> None:
        '''Remove `user`'s data. `placeholder` is None to remove their content
        too, or the "deleted member" account to hand content over to.'''

Exports run in INSTALLED_APPS order, deletions in reverse (later apps build
on earlier ones), except that a module with `DELETE_LAST = True` deletes
after all others (media_uploads: content goes before the uploads it shows);
then the account itself is deleted. docs/operations.md, "Member data".
"""

import json
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

EXPORT_FORMAT = "kaigon-member-export/1"
DELETED_MEMBER_USERNAME = "deleted"

Report = Callable[[str], None]


def member_data_modules() -> list[tuple[str, ModuleType]]:
    """(app label, hook module) of every app with `member_data`, in app order."""
    return [
        (config.label, import_module(f"{config.name}.member_data"))
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "member_data")
    ]


def member_export(*, user: AbstractBaseUser, folder: Path, report: Report) -> Path:
    """Write `user`'s data to `folder`/member.json and their files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "member": {"id": user.pk, "username": user.get_username()},
        "apps": {},
    }
    for label, hooks in member_data_modules():
        data["apps"][label] = hooks.export(
            user=user, files=folder / "files" / label, report=report
        )
    path = folder / "member.json"
    path.write_text(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    report(f"wrote {path}")
    return path


def deleted_member_placeholder() -> AbstractBaseUser:
    """The inactive account that kept content is credited to (created once)."""
    user_model = get_user_model()
    placeholder, created = user_model._default_manager.get_or_create(
        **{user_model.USERNAME_FIELD: DELETED_MEMBER_USERNAME},
        defaults={"email": "deleted-member@invalid", "is_active": False},
    )
    if created:
        placeholder.set_unusable_password()
        placeholder.save(update_fields=["password"])
    elif placeholder.is_active:
        raise ValueError(f"An active member is called {DELETED_MEMBER_USERNAME!r}.")
    return placeholder


@transaction.atomic
def member_delete(
    *, user: AbstractBaseUser, keep_content: bool, report: Report
) -> None:
    """Delete `user`; their content is removed, or kept under the placeholder."""
    if user.get_username() == DELETED_MEMBER_USERNAME:
        raise ValueError("The deleted-member placeholder itself cannot be deleted.")
    placeholder = deleted_member_placeholder() if keep_content else None
    in_order = sorted(
        reversed(member_data_modules()),
        key=lambda item: getattr(item[1], "DELETE_LAST", False),
    )
    for _label, hooks in in_order:
        hooks.delete(user=user, placeholder=placeholder, report=report)
    username = user.get_username()
    user.delete()
    report(f"deleted the account {username}")
