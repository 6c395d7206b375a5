"""What a notification points at, and who may still see it.

notifications sits below posts and chat, so it never imports them: each app
registers, from its AppConfig.ready(), a function answering which of some
members may see one of its targets (`@target_visibility("post")`). A target
type without one is visible to everyone (a member).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

VisibilityCheck = Callable[[int, list[int]], Iterable[int]]
_VISIBILITY: dict[str, VisibilityCheck] = {}


def target_visibility(target_type: str) -> Callable[[VisibilityCheck], VisibilityCheck]:
    """Register `check(target_id, user_ids) -> the user ids that may see it`."""

    def register(check: VisibilityCheck) -> VisibilityCheck:
        _VISIBILITY[target_type] = check
        return check

    return register


@dataclass(frozen=True)
class Target:
    """A target: type, id, and a JSON snapshot to render (title, url, ...)."""

    type: str
    id: int
    snapshot: dict[str, Any] = field(default_factory=dict)
    # The thread it belongs to ("post:12", "room:3"): one mail per thread an hour.
    thread: str = ""


def visible_user_ids(*, target: Target, user_ids: list[int]) -> set[int]:
    """Those of `user_ids` who may see `target`."""
    check = _VISIBILITY.get(target.type)
    if check is None:
        return set(user_ids)
    return set(check(target.id, user_ids))
