"""Every kind of file the upload API refuses: a 400 that says why, nothing stored."""

import pytest
from PIL import Image

from tests.media_uploads import files
from tests.media_uploads.conftest import assert_nothing_stored

pytestmark = pytest.mark.django_db


def assert_refused(response, *words: str) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    message = error["fields"]["file"][0]
    assert error["message"] == f"file: {message}"
    for word in words:
        assert word in message
    assert_nothing_stored()
    return message


def test_decompression_bomb_header_is_refused_before_decoding(post_image):
    data = files.png_bomb_header(20000, 20000)
    assert len(data) < 2000  # a small file with a 400-megapixel promise

    response = post_image(data, "bomb.png", "image/png")

    assert_refused(
        response, "The image has 400 megapixels; the largest accepted is 40 megapixels."
    )


def test_bomb_under_pillows_own_limits_is_refused_with_its_size(post_image):
    response = post_image(files.png_bomb_header(7000, 7000), "b.png", "image/png")

    assert_refused(response, "7000 x 7000 pixels (49 megapixels)", "40 megapixels")


def test_real_highly_compressed_bomb_is_refused(post_image):
    data = files.png_bomb_real(8000, 6000)
    assert len(data) < 20_000

    response = post_image(data, "innocent.png", "image/png")

    assert_refused(response, "8000 x 6000 pixels (48 megapixels)")


def test_bomb_that_pillow_only_warns_about_is_refused(post_image, settings):
    # 100 MP: above Pillow's warning threshold (89.5 MP), below its error
    # (179 MP). Even with our own limit raised above it, it is refused.
    settings.KAIGON_UPLOAD_MAX_PIXELS = 500_000_000

    with pytest.warns(Image.DecompressionBombWarning):
        response = post_image(files.png_bomb_header(10000, 10000), "b.png", "image/png")

    assert_refused(
        response, "10000 x 10000 pixels (100 megapixels)", "accepted is 89.5 megapixels"
    )


def test_pixel_limit_is_a_setting(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_PIXELS = 1000

    response = post_image(files.png((40, 30)), "small.png", "image/png")

    assert_refused(
        response, "40 x 30 pixels (0.0012 megapixels)", "accepted is 0.001 megapixels"
    )


def test_polyglot_png_with_html_appended_is_refused(post_image):
    data = files.png() + files.HTML_PAGE

    response = post_image(data, "cat.png", "image/png")

    assert_refused(response, "HTML or script hidden inside it")


def test_png_with_script_in_a_text_chunk_is_refused(post_image):
    data = files.png_with_text_chunk(b"Comment", files.SCRIPT)

    response = post_image(data, "cat.png", "image/png")

    assert_refused(response, "HTML or script hidden inside it")


def test_jpeg_with_gps_exif_and_script_comment_is_refused(post_image):
    data = files.jpeg_with_gps_and_comment(b"nice view " + files.SCRIPT)

    response = post_image(data, "holiday.jpg", "image/jpeg")

    assert_refused(response, "HTML or script hidden inside it")


def test_svg_is_refused(post_image):
    response = post_image(files.svg(), "logo.svg", "image/svg+xml")

    assert_refused(response, "SVG images are not accepted", "JPEG, PNG, GIF or WebP")


def test_svg_named_as_png_is_refused(post_image):
    response = post_image(files.svg(), "logo.png", "image/png")

    assert_refused(response, "SVG images are not accepted")


def test_zero_bytes_is_refused(post_image):
    response = post_image(b"", "empty.jpg", "image/jpeg")

    assert_refused(response, "The file is empty.")


def test_html_with_an_image_extension_and_type_is_refused(post_image):
    response = post_image(files.HTML_PAGE, "photo.png", "image/png")

    assert_refused(response, "HTML or script, not an image, whatever its name says")


def test_script_named_as_jpeg_is_refused(post_image):
    response = post_image(b"alert(document.cookie);\n", "photo.jpg", "image/jpeg")

    assert_refused(response, "not an image we accept, whatever its name says")


def test_pdf_is_refused(post_image):
    response = post_image(files.pdf(), "scan.jpg", "image/jpeg")

    assert_refused(response, "This is a PDF document, not an image.")


def test_truncated_jpeg_is_refused(post_image):
    data = files.jpeg((400, 300))
    response = post_image(data[: len(data) // 2], "cut.jpg", "image/jpeg")

    assert_refused(response, "The image file is incomplete")


def test_truncated_png_is_refused(post_image):
    data = files.png((400, 300))
    response = post_image(data[: len(data) // 2], "cut.png", "image/png")

    assert_refused(response, "The image file is incomplete")


def test_damaged_png_is_refused(post_image):
    data = bytearray(files.png((40, 30)))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # checksum no longer matches

    response = post_image(bytes(data), "broken.png", "image/png")

    assert_refused(response, "damaged")


def test_other_image_formats_are_refused_by_name(post_image):
    bmp = files.encode(files.photo(), "BMP")

    response = post_image(bmp, "photo.jpg", "image/jpeg")

    assert_refused(response, "BMP images are not accepted")


def test_file_over_the_byte_limit_is_refused(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_BYTES = 1024
    data = files.png((200, 200), mode="RGB") + b"\x00" * 2048

    response = post_image(data, "big.png", "image/png")

    assert_refused(response, "the largest accepted is 1.0\xa0KB")


def test_animation_over_the_frame_limit_is_refused(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_FRAMES = 3

    response = post_image(files.animated_gif(frames=5), "party.gif", "image/gif")

    assert_refused(response, "The animation has 5 frames; the most accepted is 3.")


def test_animation_over_the_pixel_budget_is_refused(post_image, settings):
    settings.KAIGON_UPLOAD_MAX_ANIMATION_PIXELS = 40 * 30 * 3

    response = post_image(files.animated_gif(frames=5), "party.gif", "image/gif")

    assert_refused(response, "5 frames of 40 x 30 pixels")


def test_missing_file_field_is_refused(user_api_client):
    response = user_api_client.post("/api/v1/images", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    assert_nothing_stored()


def test_unknown_kind_is_refused(post_image):
    response = post_image(files.png(), "a.png", "image/png", kind="banner")

    assert response.status_code == 400
    assert "kind" in response.json()["error"]["fields"]
    assert_nothing_stored()
