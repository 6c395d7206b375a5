"""The image pipeline: recognise, check, decode, clean and resize one upload.

Pure functions over bytes: no database, no storage. Everything that leaves
here was decoded to pixels and encoded again by Pillow, so nothing of the
uploaded file survives but its picture: no EXIF (GPS, camera, orientation),
no comments, no text chunks, no ICC profile (colours are converted to sRGB),
no bytes appended after the end of the image.

A file is recognised by its first bytes, never by its name or the type the
client claims, and it is refused (`ImageRejected`, with a message for the
uploader) before any pixel is decoded when its header promises more pixels
than the limit.
"""

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageSequence

from kaigon.errors import InvalidInput

logger = logging.getLogger(__name__)

# Pillow format name -> (content type, file extension).
ACCEPTED_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
JPEG_QUALITY = 85
WEBP_QUALITY = 85

# HTML that a browser would run if the bytes were ever served as a page. A
# real photo has no reason to carry it; a polyglot does. XMP metadata
# (<x:xmpmeta>, <rdf:...>) does not match.
_MARKUP = re.compile(
    rb"<(?:script[\s/>]|html[\s>]|body[\s>]|iframe[\s/>]|object[\s/>]|embed[\s/>]"
    rb"|!doctype\s+html|svg[\s>][^>]{0,200}xmlns)",
    re.IGNORECASE,
)
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRejected(InvalidInput):
    """The upload is not an image we accept: an error on the `file` field.

    `reason` names the refusal for logs ("pdf", "too_many_pixels", ...);
    clients see code "invalid" and the message.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(fields={"file": [message]})
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_frames: int
    max_animation_pixels: int


@dataclass(frozen=True)
class SizeSpec:
    name: str
    max_edge: int


@dataclass(frozen=True)
class Rendition:
    name: str
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    format: str
    content_type: str
    extension: str
    animated: bool
    renditions: tuple[Rendition, ...]


def _accepted_list() -> str:
    return _("JPEG, PNG, GIF or WebP")


def check_bytes(size: int, limits: Limits) -> None:
    """Refuse an empty file or one over the byte limit."""
    if size == 0:
        raise ImageRejected("empty", _("The file is empty."))
    if size > limits.max_bytes:
        raise ImageRejected(
            "too_large",
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limits.max_bytes)},
        )


def sniff_format(data: bytes) -> str:
    """The Pillow format name of `data`, recognised by its first bytes."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise _not_accepted(data)


def _not_accepted(data: bytes) -> ImageRejected:
    """Say what the file is when we can tell, so the uploader knows what to do."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    accepted = _accepted_list()
    if head.startswith(b"%pdf-"):
        return ImageRejected(
            "pdf",
            _("This is a PDF document, not an image. Upload a %(accepted)s image.")
            % {"accepted": accepted},
        )
    if b"<svg" in head:
        return ImageRejected(
            "svg",
            _(
                "SVG images are not accepted because they can contain scripts. "
                "Upload a %(accepted)s image."
            )
            % {"accepted": accepted},
        )
    if head.startswith(b"<") or _MARKUP.search(head):
        return ImageRejected(
            "html",
            _(
                "This file is HTML or script, not an image, whatever its name says. "
                "Upload a %(accepted)s image."
            )
            % {"accepted": accepted},
        )
    other = _other_image_format(data)
    if other:
        return ImageRejected(
            "unsupported_format",
            _("%(format)s images are not accepted. Upload a %(accepted)s image.")
            % {"format": other, "accepted": accepted},
        )
    return ImageRejected(
        "not_an_image",
        _(
            "This file is not an image we accept, whatever its name says. "
            "Upload a %(accepted)s image."
        )
        % {"accepted": accepted},
    )


def _other_image_format(data: bytes) -> str | None:
    if data[:2] == b"BM":
        return "BMP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
    if data[:4] == b"\x00\x00\x01\x00":
        return "ICO"
    return None


def check_no_markup(data: bytes) -> None:
    """Refuse an image that hides HTML or script (a polyglot file)."""
    if _MARKUP.search(data):
        raise ImageRejected(
            "polyglot",
            _(
                "This image has HTML or script hidden inside it, so it was refused. "
                "Save the picture again from an image editor and upload that copy."
            ),
        )


def _too_many_pixels(width: int, height: int, max_pixels: int) -> ImageRejected:
    return ImageRejected(
        "too_many_pixels",
        _(
            "The image is %(width)d x %(height)d pixels (%(megapixels)s megapixels); "
            "the largest accepted is %(limit)s megapixels."
        )
        % {
            "width": width,
            "height": height,
            "megapixels": _megapixels(width * height),
            "limit": _megapixels(max_pixels),
        },
    )


def _megapixels(pixels: int) -> str:
    megapixels = pixels / 1_000_000
    return f"{megapixels:.0f}" if megapixels >= 100 else f"{megapixels:.3g}"


def _damaged(fmt: str, exc: BaseException) -> ImageRejected:
    logger.info("Refused a damaged %s upload: %r", fmt, exc)
    if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
        return ImageRejected(
            "truncated",
            _(
                "The image file is incomplete: it ends before the picture does. "
                "It may have been cut off while copying; upload the full file."
            ),
        )
    return ImageRejected(
        "damaged",
        _(
            "The file starts like a %(format)s image but it is damaged "
            "and cannot be read."
        )
        % {"format": fmt},
    )


def _pixel_limit(limits: Limits) -> int:
    """Our limit, but never above the size from which Pillow only warns.

    Between Image.MAX_IMAGE_PIXELS and twice that, Pillow opens the image with
    a DecompressionBombWarning; such an image is refused here whatever the
    setting says. (A warnings filter would change process-wide state from
    request threads.)
    """
    pillow_limit = Image.MAX_IMAGE_PIXELS
    return min(limits.max_pixels, pillow_limit) if pillow_limit else limits.max_pixels


def _open(data: bytes, fmt: str, limits: Limits) -> Image.Image:
    """Open (header only) and check the pixel count before anything is decoded."""
    max_pixels = _pixel_limit(limits)
    try:
        image = Image.open(BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as exc:
        # Twice over Pillow's limit; its message carries the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise ImageRejected(
            "too_many_pixels",
            _(
                "The image has %(megapixels)s megapixels; the largest accepted "
                "is %(limit)s megapixels."
            )
            % {
                "megapixels": _megapixels(int(found.group(1))) if found else "?",
                "limit": _megapixels(max_pixels),
            },
        ) from exc
    except Exception as exc:  # any parser error on untrusted bytes
        raise _damaged(fmt, exc) from exc
    width, height = image.size
    if width * height > max_pixels:
        raise _too_many_pixels(width, height, max_pixels)
    return image


def _frame_count(image: Image.Image, fmt: str) -> int:
    if image.format == "MPO":
        # A camera's multi-picture JPEG: the first picture is the photo, the
        # others are previews or depth maps.
        return 1
    try:
        return int(getattr(image, "n_frames", 1))
    except Exception as exc:
        raise _damaged(fmt, exc) from exc


def _orientation(image: Image.Image) -> Image.Transpose | None:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # unreadable EXIF: show the picture as stored
        return None
    return _ORIENTATION_TRANSPOSE.get(value)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert colours to sRGB, so the profile can be dropped without a colour shift."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
        description = ImageCms.getProfileDescription(profile) or ""
        if "srgb" in description.lower() and image.mode != "CMYK":
            return image
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, profile, _SRGB, outputMode=output_mode
        )
    except Exception as exc:  # a broken profile: keep the pixels as they are
        logger.info("Ignored an unusable ICC profile: %r", exc)
        return image
    return converted if converted is not None else image


def _normalised(image: Image.Image) -> Image.Image:
    """One of L, LA, RGB, RGBA: modes every encoder and resampler handles."""
    mode = image.mode
    has_alpha = "transparency" in image.info or mode in (
        "LA",
        "La",
        "PA",
        "RGBA",
        "RGBa",
    )
    if mode in ("L", "RGB") and "transparency" not in image.info:
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        # 16- or 32-bit grey: scale to 8 bits instead of clipping.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if mode in ("L", "LA", "La") and has_alpha:
        return image.convert("LA")
    if mode in ("RGBA", "RGBa", "P", "PA", "RGB") and has_alpha:
        return image.convert("RGBA")
    return image.convert("RGB")


def _crop_square(image: Image.Image) -> Image.Image:
    width, height = image.size
    side = min(width, height)
    left = (width - side) // 2
    top = (height - side) // 2
    return image.crop((left, top, left + side, top + side))


def _target_size(width: int, height: int, max_edge: int) -> tuple[int, int]:
    scale = min(1.0, max_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(
    frames: list[Image.Image], fmt: str, durations: list[int], loop: int
) -> bytes:
    for frame in frames:
        # Resizing copies `info` (comment, EXIF, ICC, text) and every encoder
        # writes some of it back: the output gets none of it.
        frame.info = {}
    first = frames[0]
    buffer = BytesIO()
    if len(frames) > 1:
        options: dict = {
            "save_all": True,
            "append_images": frames[1:],
            "duration": durations,
            "loop": loop,
        }
        if fmt == "GIF":
            options["disposal"] = 2
        elif fmt == "WEBP":
            options["quality"] = WEBP_QUALITY
        first.save(buffer, fmt, **options)
    elif fmt == "JPEG":
        first.save(buffer, "JPEG", quality=JPEG_QUALITY)
    elif fmt == "WEBP":
        first.save(buffer, "WEBP", quality=WEBP_QUALITY)
    else:
        first.save(buffer, fmt)
    return buffer.getvalue()


def process_image(
    data: bytes, *, limits: Limits, sizes: Sequence[SizeSpec], square: bool = False
) -> ProcessedImage:
    """Check `data` and make one re-encoded rendition per size (largest first).

    Raises ImageRejected with a message for the uploader when the file is not
    an image we accept.
    """
    check_bytes(len(data), limits)
    fmt = sniff_format(data)
    check_no_markup(data)

    image = _open(data, fmt, limits)
    try:
        # verify() walks the whole file (PNG chunk checksums) without decoding;
        # the image must be opened again afterwards.
        image.verify()
    except Exception as exc:
        raise _damaged(fmt, exc) from exc
    image = _open(data, fmt, limits)

    frame_count = _frame_count(image, fmt)
    width, height = image.size
    if frame_count > 1:
        if frame_count > limits.max_frames:
            raise ImageRejected(
                "too_many_frames",
                _(
                    "The animation has %(frames)d frames; the most accepted is "
                    "%(limit)d."
                )
                % {"frames": frame_count, "limit": limits.max_frames},
            )
        if frame_count * width * height > limits.max_animation_pixels:
            raise ImageRejected(
                "too_many_pixels",
                _(
                    "The animation has %(frames)d frames of %(width)d x %(height)d "
                    "pixels; all frames together may have at most %(limit)s "
                    "megapixels. Make it shorter or smaller."
                )
                % {
                    "frames": frame_count,
                    "width": width,
                    "height": height,
                    "limit": _megapixels(limits.max_animation_pixels),
                },
            )

    transpose = _orientation(image)
    icc = image.info.get("icc_profile")
    loop = int(image.info.get("loop", 0) or 0)
    ordered = sorted(sizes, key=lambda spec: spec.max_edge, reverse=True)

    # Largest wanted size of the first rendition, so a JPEG decoder can scale
    # down while decoding (much faster and lighter than decoding everything).
    first_edge = ordered[0].max_edge
    if fmt == "JPEG" and frame_count == 1:
        short, long = min(width, height), max(width, height)
        scale = first_edge / (short if square else long)
        if scale < 1:
            image.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))

    per_size: dict[str, list[Image.Image]] = {spec.name: [] for spec in ordered}
    durations: list[int] = []
    try:
        frames = ImageSequence.Iterator(image) if frame_count > 1 else [image]
        for frame in frames:
            if frame_count > 1:
                durations.append(int(frame.info.get("duration", 100) or 100))
                picture = frame.convert("RGBA")
            else:
                frame.load()
                picture = _normalised(_to_srgb(frame, icc))
            if transpose is not None:
                picture = picture.transpose(transpose)
            if square:
                picture = _crop_square(picture)
            source = picture
            for spec in ordered:
                source = _resized(source, _target_size(*source.size, spec.max_edge))
                per_size[spec.name].append(source)
    except Exception as exc:
        raise _damaged(fmt, exc) from exc

    content_type, extension = ACCEPTED_FORMATS[fmt]
    encoded: dict[tuple[int, int], bytes] = {}
    renditions: list[Rendition] = []
    for spec in ordered:
        frames_of_size = per_size[spec.name]
        size = frames_of_size[0].size
        if size not in encoded:
            encoded[size] = _encode(frames_of_size, fmt, durations, loop)
        renditions.append(Rendition(spec.name, encoded[size], *size))
    by_name = {rendition.name: rendition for rendition in renditions}
    return ProcessedImage(
        format=fmt,
        content_type=content_type,
        extension=extension,
        animated=frame_count > 1,
        renditions=tuple(by_name[spec.name] for spec in sizes),
    )
