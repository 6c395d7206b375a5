from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from media_uploads.models import StoredImage, Upload
from tests.media_uploads.files import upload_file

IMAGES_URL = "/api/v1/images"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def assert_nothing_stored() -> None:
    assert Upload.objects.count() == 0
    assert StoredImage.objects.count() == 0
    assert stored_files() == []


@pytest.fixture
def other_api_client(other_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(other_user)
    return client


@pytest.fixture
def post_image(user_api_client):
    """POST a file to the upload API as `user`; returns the response."""

    def post(data: bytes, name: str, content_type: str, client=None, **fields):
        client = client or user_api_client
        payload = {"file": upload_file(data, name, content_type), **fields}
        return client.post(IMAGES_URL, payload, format="multipart")

    return post
