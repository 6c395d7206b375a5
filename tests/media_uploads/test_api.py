"""The upload API: accepted images, their resource, listing, reading, deleting."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from media_uploads.models import StoredImage, Upload
from tests.media_uploads import files
from tests.media_uploads.conftest import IMAGES_URL, stored_files

pytestmark = pytest.mark.django_db


def stored_bytes(url: str) -> bytes:
    path = url.split(settings.MEDIA_URL, 1)[1]
    return (Path(settings.MEDIA_ROOT) / path).read_bytes()


def original_bytes(response) -> bytes:
    return stored_bytes(response.json()["sizes"]["original"]["url"])


def test_upload_answers_with_the_upload_resource(post_image, user):
    response = post_image(files.jpeg((64, 48)), "photo.jpg", "image/jpeg")

    assert response.status_code == 201, response.content
    body = response.json()
    upload = Upload.objects.get(pk=body["id"])
    assert upload.owner == user
    assert body["kind"] == "image"
    assert (body["width"], body["height"]) == (64, 48)
    assert body["content_type"] == "image/jpeg"
    assert body["animated"] is False
    assert body["attached"] is False
    assert set(body["sizes"]) == {"original", "display", "thumbnail"}
    original = body["sizes"]["original"]
    assert original["url"].startswith("http://testserver/media/images/")
    assert original["url"].endswith("/64x48.jpg")
    assert body["bytes"] == original["bytes"] == len(stored_bytes(original["url"]))
    assert set(body) == {
        "id",
        "kind",
        "width",
        "height",
        "bytes",
        "content_type",
        "animated",
        "sizes",
        "attached",
        "created",
    }


def test_anonymous_upload_is_refused(api_client):
    payload = {"file": files.upload_file(files.png(), "a.png", "image/png")}

    response = api_client.post(IMAGES_URL, payload, format="multipart")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert stored_files() == []


def test_sizes_are_capped_at_their_edges(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_EDGE = 400
    settings.KAIGON_UPLOAD_DISPLAY_EDGE = 200
    settings.KAIGON_UPLOAD_THUMBNAIL_EDGE = 50

    response = post_image(files.jpeg((1000, 500)), "wide.jpg", "image/jpeg")

    sizes = response.json()["sizes"]
    dimensions = {name: (size["width"], size["height"]) for name, size in sizes.items()}
    assert dimensions == {
        "original": (400, 200),
        "display": (200, 100),
        "thumbnail": (50, 25),
    }
    for size in sizes.values():
        stored = Image.open(BytesIO(stored_bytes(size["url"])))
        assert stored.size == (size["width"], size["height"])
        assert stored.format == "JPEG"


def test_small_image_is_never_enlarged_and_its_sizes_share_one_file(post_image):
    response = post_image(files.png((30, 20)), "tiny.png", "image/png")

    sizes = response.json()["sizes"]
    assert {(s["width"], s["height"]) for s in sizes.values()} == {(30, 20)}
    assert len({s["url"] for s in sizes.values()}) == 1
    assert len(stored_files()) == 1


def test_type_comes_from_content_not_from_name_or_claimed_type(post_image):
    response = post_image(files.png(), "really-a-png.gif", "image/gif")

    assert response.status_code == 201
    body = response.json()
    assert body["content_type"] == "image/png"
    assert body["sizes"]["original"]["url"].endswith(".png")
    assert stored_bytes(body["sizes"]["original"]["url"]).startswith(b"\x89PNG")


def test_jpeg_metadata_comment_and_trailer_are_removed(post_image):
    trailer = b"\x00\x00\x00\x18ftypmp42 motion photo video data"
    data = (
        files.jpeg_with_gps_and_comment(b"Taken at home, 5th floor", size=(600, 400))
        + trailer
    )
    assert b"Kaigon Test Camera" in data and b"5th floor" in data

    response = post_image(data, "holiday.jpg", "image/jpeg")

    assert response.status_code == 201, response.content
    for size in response.json()["sizes"].values():
        stored = stored_bytes(size["url"])
        assert stored.endswith(b"\xff\xd9")  # nothing after the end of image
        for leftover in (b"Kaigon Test Camera", b"5th floor", b"ftypmp42", b"Exif"):
            assert leftover not in stored
        image = Image.open(BytesIO(stored))
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
        assert "icc_profile" not in image.info


def test_png_text_chunks_and_trailing_bytes_are_removed(post_image):
    data = files.png_with_text_chunk(b"Location", b"25.03N 121.56E") + b"trailing"

    response = post_image(data, "map.png", "image/png")

    assert response.status_code == 201, response.content
    stored = stored_bytes(response.json()["sizes"]["original"]["url"])
    assert b"121.56E" not in stored and b"tEXt" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")
    assert "Location" not in Image.open(BytesIO(stored)).info


def test_exif_orientation_is_applied_to_the_pixels(post_image):
    # Orientation 6: the camera was turned; show rotated 90 degrees clockwise.
    data = files.jpeg_with_gps_and_comment(b"", orientation=6, size=(64, 48))

    response = post_image(data, "turned.jpg", "image/jpeg")

    body = response.json()
    assert (body["width"], body["height"]) == (48, 64)
    image = Image.open(BytesIO(stored_bytes(body["sizes"]["original"]["url"])))
    assert image.size == (48, 64)
    red, _green, blue = image.convert("RGB").getpixel((20, 15))
    assert red > 200 and blue < 60  # the left (red) half is now on top
    red, _green, blue = image.convert("RGB").getpixel((20, 55))
    assert blue > 200 and red < 60
    assert image.getexif().get(0x0112) is None


def test_colours_are_converted_to_srgb_and_the_profile_dropped(post_image):
    response = post_image(files.red_png_in_swapped_profile(), "p.png", "image/png")

    stored = Image.open(
        BytesIO(stored_bytes(response.json()["sizes"]["original"]["url"]))
    )
    assert "icc_profile" not in stored.info
    red, _green, blue = stored.convert("RGB").getpixel((2, 2))
    assert blue > 200 and red < 40


def test_avatar_is_cropped_square_in_every_size(post_image):
    response = post_image(files.jpeg((300, 200)), "me.jpg", "image/jpeg", kind="avatar")

    body = response.json()
    assert body["kind"] == "avatar"
    assert (body["width"], body["height"]) == (200, 200)
    for size in body["sizes"].values():
        assert size["width"] == size["height"]
        assert "/media/avatars/" in size["url"]
    assert body["sizes"]["thumbnail"]["width"] == 96


def test_animated_gif_keeps_its_animation(post_image):
    response = post_image(
        files.animated_gif(frames=4, duration=80), "a.gif", "image/gif"
    )

    body = response.json()
    assert body["animated"] is True
    assert body["content_type"] == "image/gif"
    image = Image.open(BytesIO(stored_bytes(body["sizes"]["original"]["url"])))
    assert image.n_frames == 4
    assert image.info["duration"] == 80
    colours = []
    for frame in range(4):
        image.seek(frame)
        colours.append(image.convert("RGB").getpixel((5, 5)))
    assert colours == [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]


def test_webp_is_accepted(post_image):
    data = files.encode(files.photo((80, 60), "RGBA"), "WEBP", quality=90)

    response = post_image(data, "a.webp", "application/octet-stream")

    body = response.json()
    assert body["content_type"] == "image/webp"
    stored = stored_bytes(body["sizes"]["original"]["url"])
    assert stored[:4] == b"RIFF" and stored[8:12] == b"WEBP"


@pytest.mark.parametrize(
    ("mode", "fmt", "stored_mode"),
    [
        ("CMYK", "JPEG", "RGB"),
        ("L", "JPEG", "L"),
        ("I;16", "PNG", "L"),
        ("P", "PNG", "RGB"),
        ("LA", "PNG", "LA"),
    ],
)
def test_unusual_pixel_modes_are_accepted(post_image, mode, fmt, stored_mode):
    data = files.encode(Image.new(mode, (20, 10)), fmt)

    response = post_image(data, "odd", "application/octet-stream")

    assert response.status_code == 201, response.content
    stored = Image.open(
        BytesIO(stored_bytes(response.json()["sizes"]["original"]["url"]))
    )
    assert stored.mode == stored_mode


def test_multi_picture_jpeg_keeps_the_first_picture(post_image):
    first = files.photo((40, 30))
    second = Image.new("RGB", (40, 30), "black")
    data = files.encode(first, "MPO", save_all=True, append_images=[second])

    response = post_image(data, "camera.jpg", "image/jpeg")

    body = response.json()
    assert body["content_type"] == "image/jpeg"
    assert body["animated"] is False
    image = Image.open(BytesIO(stored_bytes(body["sizes"]["original"]["url"])))
    assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1


def test_same_image_uploaded_twice_is_stored_once(post_image, other_api_client):
    data = files.jpeg((500, 300))

    first = post_image(data, "a.jpg", "image/jpeg").json()
    files_after_first = stored_files()
    second = post_image(data, "b.jpg", "image/jpeg", client=other_api_client).json()

    assert first["id"] != second["id"]
    assert first["sizes"] == second["sizes"]
    assert stored_files() == files_after_first
    assert StoredImage.objects.count() == 1
    assert Upload.objects.count() == 2


def test_list_shows_only_my_uploads_newest_first(
    post_image, user_api_client, other_api_client
):
    mine = [
        post_image(files.png((10 + n, 10)), f"{n}.png", "image/png").json()["id"]
        for n in range(3)
    ]
    post_image(files.png((50, 50)), "x.png", "image/png", client=other_api_client)

    response = user_api_client.get(IMAGES_URL)

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == mine[::-1]


def test_list_query_count_does_not_grow_with_uploads(
    post_image, user_api_client, django_assert_max_num_queries
):
    for n in range(12):
        post_image(files.png((10 + n, 10)), f"{n}.png", "image/png")

    with django_assert_max_num_queries(2):
        response = user_api_client.get(IMAGES_URL)

    assert len(response.json()["results"]) == 12


def test_owner_reads_one_upload(post_image, user_api_client):
    upload_id = post_image(files.png(), "a.png", "image/png").json()["id"]

    response = user_api_client.get(f"{IMAGES_URL}/{upload_id}")

    assert response.status_code == 200
    assert response.json()["id"] == upload_id


def test_someone_elses_upload_is_not_found(post_image, other_api_client):
    upload_id = post_image(files.png(), "a.png", "image/png").json()["id"]
    kept = stored_files()
    stranger = other_api_client

    assert stranger.get(f"{IMAGES_URL}/{upload_id}").status_code == 404
    response = stranger.delete(f"{IMAGES_URL}/{upload_id}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Upload.objects.filter(pk=upload_id).exists()
    assert stored_files() == kept


def test_owner_deletes_an_upload_and_its_files(post_image, user_api_client):
    upload_id = post_image(files.jpeg((2000, 1500)), "a.jpg", "image/jpeg").json()["id"]
    assert len(stored_files()) == 3

    response = user_api_client.delete(f"{IMAGES_URL}/{upload_id}")

    assert response.status_code == 204
    assert not Upload.objects.filter(pk=upload_id).exists()
    assert StoredImage.objects.count() == 0
    assert stored_files() == []


def test_stored_file_is_served_with_its_type_and_nosniff(post_image, client):
    body = post_image(files.png(), "a.png", "image/png").json()
    path = body["sizes"]["original"]["url"].removeprefix("http://testserver")

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (files.jpeg(), "image/jpeg", "jpg"),
        (files.animated_gif(), "image/gif", "gif"),
        (files.encode(files.photo(), "WEBP"), "image/webp", "webp"),
    ],
)
def test_every_format_is_stored_under_its_own_extension(
    post_image, client, data, content_type, extension
):
    body = post_image(data, "upload.bin", "application/octet-stream").json()
    url = body["sizes"]["display"]["url"]
    assert url.endswith(f".{extension}")

    response = client.get(url.removeprefix("http://testserver"))

    assert response["Content-Type"] == content_type


def test_hourly_limit_answers_429_with_retry_after(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_PER_HOUR = 1
    assert post_image(files.png(), "a.png", "image/png").status_code == 201

    response = post_image(files.png((20, 20)), "b.png", "image/png")

    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert error["message"].startswith("You can upload at most 1 images per hour.")
    assert "Try again in" in error["message"]
    assert 0 < int(response["Retry-After"]) <= 3601
    assert Upload.objects.count() == 1


def test_default_limits(settings):
    from django.conf import settings as live

    assert live.KAIGON_UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert live.KAIGON_UPLOAD_MAX_PIXELS == 40_000_000
    assert live.KAIGON_UPLOAD_MAX_PER_HOUR == 60
