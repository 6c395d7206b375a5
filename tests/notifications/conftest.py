import pytest

from notifications import targets


@pytest.fixture(autouse=True)
def _fanout_inline(settings):
    """Fan-out to followers runs in on-commit, not a worker thread."""
    settings.KAIGON_NOTIFICATION_FANOUT_INLINE = True


@pytest.fixture
def hidden_from():
    """Register a visibility check for the "post" target type hiding it from some."""
    hidden: set[int] = set()
    previous = targets._VISIBILITY.get("post")
    targets._VISIBILITY["post"] = lambda target_id, user_ids: [
        user_id for user_id in user_ids if user_id not in hidden
    ]
    yield hidden
    if previous is None:
        targets._VISIBILITY.pop("post", None)
    else:
        targets._VISIBILITY["post"] = previous
