"""Image files for the upload tests, made here with Pillow or byte by byte."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"


def upload_file(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> Image.Image:
    """A picture whose halves differ, so orientation and crops can be seen."""
    width, height = size
    image = Image.new(mode, size, "white" if mode != "RGBA" else (255, 255, 255, 255))
    # Left half red, right half blue; a green stripe along the top.
    image.paste((255, 0, 0) if mode != "L" else 60, (0, 0, width // 2, height))
    image.paste((0, 0, 255) if mode != "L" else 200, (width // 2, 0, width, height))
    image.paste((0, 255, 0) if mode != "L" else 120, (0, 0, width, max(1, height // 8)))
    return image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(size=(64, 48), **options) -> bytes:
    return encode(photo(size), "JPEG", quality=92, **options)


def png(size=(64, 48), mode: str = "RGB", **options) -> bytes:
    return encode(photo(size, mode), "PNG", **options)


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kaigon Test Camera"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 2.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 33.0, 54.0)
    return exif


def jpeg_with_gps_and_comment(comment: bytes, orientation: int = 1, size=(64, 48)):
    return encode(
        photo(size),
        "JPEG",
        quality=92,
        exif=gps_exif(orientation),
        comment=comment,
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb_header(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny, well-formed PNG whose header claims a huge picture."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # A little compressed data: a decoder would keep inflating rows of zeros.
    idat = zlib.compress(b"\x00" * 65536, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def png_bomb_real(width: int = 8000, height: int = 6000) -> bytes:
    """A real, decodable 48-megapixel PNG that compresses to a few kilobytes."""
    return encode(Image.new("1", (width, height), 0), "PNG", optimize=True)


def png_with_text_chunk(key: bytes, text: bytes) -> bytes:
    data = png()
    iend = data.rindex(b"IEND") - 4
    return data[:iend] + png_chunk(b"tEXt", key + b"\x00" + text) + data[iend:]


def svg() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
        b'onload="alert(1)"><script>alert(document.domain)</script>'
        b'<rect width="10" height="10"/></svg>\n'
    )


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def animated_gif(frames: int = 4, size=(40, 30), duration: int = 80) -> bytes:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255)]
    images = [
        Image.new("RGB", size, colours[number % len(colours)])
        for number in range(frames)
    ]
    return encode(
        images[0],
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=duration,
        loop=0,
    )


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def rgb_profile(red, green, blue, name: str) -> bytes:
    """A minimal ICC v2 RGB display profile with the given D50 primaries."""
    ascii_name = name.encode() + b"\x00"
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(2.2 * 256))
    tags = [
        (
            b"desc",
            b"desc\x00\x00\x00\x00"
            + struct.pack(">I", len(ascii_name))
            + ascii_name
            + b"\x00" * 78,
        ),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\x00\x00\x00\x00No copyright\x00"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = b""
    body = b""
    for signature, data in tags:
        body += b"\x00" * (-(offset + len(body)) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    body += b"\x00" * (-len(body) % 4)
    header = (
        struct.pack(">I", offset + len(body))
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\x00" * 12
        + b"acsp"
        + b"\x00" * 28
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\x00" * 48
    )
    return header + struct.pack(">I", len(tags)) + table + body


SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)


def red_png_in_swapped_profile() -> bytes:
    """Pure device red, in a profile whose red primary is sRGB's blue."""
    profile = rgb_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED, "Kaigon swapped RGB")
    return encode(Image.new("RGB", (8, 8), (255, 0, 0)), "PNG", icc_profile=profile)
