"""Uploads on S3: the real S3 code path against moto's S3-compatible server.

The server runs in this process on a loopback port; django-storages and
boto3 talk HTTP to it exactly as to AWS or MinIO (nothing is patched).
"""

import uuid
from collections.abc import Iterator
from io import BytesIO

import pytest
from PIL import Image

from media_uploads.models import Upload
from tests.media_uploads import files
from tests.media_uploads.conftest import IMAGES_URL, assert_nothing_stored

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        from tests.availability import missing

        missing("moto[server]", "pip install -e '.[dev]'")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    import boto3

    return boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS
    )


@pytest.fixture
def use_s3(settings, s3_endpoint, s3_client):
    """Point the default storage at a fresh bucket; returns a function that
    switches the CDN domain on or off, and the bucket name."""
    bucket = f"kaigon-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)

    def configure(cdn_domain: str | None = None) -> str:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": s3_endpoint,
                    "region_name": REGION,
                    "access_key": CREDENTIALS["aws_access_key_id"],
                    "secret_key": CREDENTIALS["aws_secret_access_key"],
                    "custom_domain": cdn_domain,
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "default_acl": None,
                    "object_parameters": {
                        "CacheControl": "public, max-age=31536000, immutable"
                    },
                },
            },
        }
        return bucket

    configure()
    return configure


def bucket_keys(s3_client, bucket: str) -> list[str]:
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_upload_is_stored_in_the_bucket_with_its_content_type(
    use_s3, s3_client, post_image
):
    bucket = use_s3()

    response = post_image(files.jpeg((1600, 1000)), "photo.bin", "text/plain")

    assert response.status_code == 201, response.content
    body = response.json()
    keys = bucket_keys(s3_client, bucket)
    assert len(keys) == 3
    assert all(key.startswith("images/") and key.endswith(".jpg") for key in keys)
    for key in keys:
        head = s3_client.head_object(Bucket=bucket, Key=key)
        assert head["ContentType"] == "image/jpeg"
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
    stored = s3_client.get_object(Bucket=bucket, Key=keys[-1])["Body"].read()
    assert Image.open(BytesIO(stored)).format == "JPEG"
    original = body["sizes"]["original"]
    (original_key,) = [key for key in keys if original["url"].endswith(key)]
    head = s3_client.head_object(Bucket=bucket, Key=original_key)
    assert original["bytes"] == head["ContentLength"]


def test_every_format_gets_its_content_type_on_s3(use_s3, s3_client, post_image):
    bucket = use_s3()
    uploads = {
        "image/png": files.png(),
        "image/gif": files.animated_gif(),
        "image/webp": files.encode(files.photo(), "WEBP"),
    }
    for data in uploads.values():
        assert post_image(data, "x", "application/octet-stream").status_code == 201

    types = {
        s3_client.head_object(Bucket=bucket, Key=key)["ContentType"]
        for key in bucket_keys(s3_client, bucket)
    }
    assert types == set(uploads)


def test_urls_point_at_the_bucket_without_a_cdn(use_s3, post_image, s3_endpoint):
    bucket = use_s3(cdn_domain=None)

    body = post_image(files.png(), "a.png", "image/png").json()

    url = body["sizes"]["original"]["url"]
    assert url.startswith(f"{s3_endpoint}/{bucket}/images/")
    assert "Signature" not in url and "X-Amz" not in url


def test_urls_use_the_cdn_domain_when_set(use_s3, post_image, user_api_client):
    use_s3(cdn_domain="media.kaigon.example")

    body = post_image(files.png(), "a.png", "image/png").json()

    for size in body["sizes"].values():
        assert size["url"].startswith("https://media.kaigon.example/images/")
    listed = user_api_client.get(IMAGES_URL).json()["results"][0]
    assert listed["sizes"] == body["sizes"]


def test_delete_removes_the_objects(use_s3, s3_client, post_image, user_api_client):
    bucket = use_s3()
    upload_id = post_image(files.jpeg((1600, 1000)), "a.jpg", "image/jpeg").json()["id"]
    assert len(bucket_keys(s3_client, bucket)) == 3

    response = user_api_client.delete(f"{IMAGES_URL}/{upload_id}")

    assert response.status_code == 204
    assert bucket_keys(s3_client, bucket) == []
    assert not Upload.objects.exists()


def test_same_image_twice_is_one_set_of_objects(
    use_s3, s3_client, post_image, other_api_client
):
    bucket = use_s3()
    data = files.jpeg((1600, 1000))

    post_image(data, "a.jpg", "image/jpeg")
    keys = bucket_keys(s3_client, bucket)
    post_image(data, "b.jpg", "image/jpeg", client=other_api_client)

    assert bucket_keys(s3_client, bucket) == keys
    assert Upload.objects.count() == 2


def test_refused_file_leaves_the_bucket_empty(use_s3, s3_client, post_image):
    bucket = use_s3()

    response = post_image(files.png() + files.HTML_PAGE, "x.png", "image/png")

    assert response.status_code == 400
    assert bucket_keys(s3_client, bucket) == []
    assert_nothing_stored()
