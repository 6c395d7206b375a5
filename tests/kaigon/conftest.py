import copy
import uuid

import pytest
from channels.layers import get_channel_layer


class Rollback(Exception):
    """Raised inside transaction.atomic() to roll it back on purpose."""


@pytest.fixture
async def channel_layer(settings):
    """A channel layer of its own: fresh in-memory, or a unique Redis prefix."""
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)
    if "prefix" in layers["default"].get("CONFIG", {}):
        layers["default"]["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CHANNEL_LAYERS = layers
    layer = get_channel_layer()
    yield layer
    await layer.flush()
