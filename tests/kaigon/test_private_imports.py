"""Private names Kaigon uses from its libraries still exist.

Libraries move private modules without notice; pyproject.toml caps those
libraries, and this fails loudly when a version inside the cap (or a raised
cap) moves one, instead of a 500 on the first request that reaches it.
"""

import ast
import importlib
from pathlib import Path

import pytest

# module -> names (attribute paths) Kaigon uses from it
PRIVATE_NAMES = {
    "allauth.account.internal.userkit": ["filter_users_by_email"],
    "allauth.account.internal.flows.email_verification": [
        "get_address_for_user",
        "send_verification_email_to_address",
    ],
    "allauth.account.internal.flows.password_change": [
        "change_password",
        "finalize_password_change",
    ],
    "allauth.account.internal.flows.password_reset": [
        "finalize_password_reset",
        "reset_password",
    ],
    "allauth.core.internal.ratelimit": [
        "RateLimitUsage",
        "consume",
        "get_cache_key",
        "get_rates",
    ],
    "allauth.socialaccount.internal.flows.connect": [
        "disconnect",
        "validate_disconnect",
    ],
    "allauth.socialaccount.internal.flows.email_authentication": ["wipe_password"],
    "django.utils._os": ["safe_join"],
    "rest_framework.request": ["Request._not_authenticated"],
}

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "kaigon",
    "accounts",
    "boards",
    "posts",
    "chat",
    "notifications",
    "search",
    "media_uploads",
]


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in PRIVATE_NAMES.items() for name in names],
)
def test_private_name_still_exists(module, name):
    found = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    assert callable(found)


def _is_private(module: str) -> bool:
    parts = module.split(".")
    return "internal" in parts or any(
        p.startswith("_") and not p.startswith("__") for p in parts
    )


def _private_imports(path: Path):
    """(module, name) for each private import; name is None for `import module`."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if _is_private(f"{node.module}.{alias.name}"):
                    yield node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_private(alias.name):
                    yield alias.name, None


def _listed(module: str, name: str | None) -> bool:
    if name is None:
        return module in PRIVATE_NAMES
    # `from pkg.internal.flows import password_reset` imports a module.
    return name in PRIVATE_NAMES.get(module, ()) or f"{module}.{name}" in PRIVATE_NAMES


def test_every_private_import_is_listed_here():
    unlisted = {
        f"{module} {name or ''} ({path.relative_to(ROOT)})"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for module, name in _private_imports(path)
        if module.split(".")[0] not in APPS and not _listed(module, name)
    }
    assert not unlisted, f"add these to PRIVATE_NAMES: {sorted(unlisted)}"
