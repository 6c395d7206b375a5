import pytest

from notifications import targets


@pytest.fixture(autouse=True)
def _fanout_inline(settings):
    """Fan-out to followers runs in on-commit, not a worker thread."""
    settings.KAIGON_NOTIFICATION_FANOUT_INLINE = True


@pytest.fixture
def hidden_from(monkeypatch):
    """Post targets (any id, no forum rows needed) are visible except to these ids.

    For tests of the inbox itself; tests/notifications/test_forum.py uses real
    posts and the forum's own visibility check.
    """
    hidden: set[int] = set()
    monkeypatch.setitem(
        targets._VISIBILITY,
        "post",
        lambda target_id, user_ids: [uid for uid in user_ids if uid not in hidden],
    )
    return hidden


@pytest.fixture
def fake_posts(hidden_from):
    """Post targets need no forum rows."""
    return hidden_from
