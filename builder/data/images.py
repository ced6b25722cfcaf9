"""Everything that touches picture files. The only module that imports Pillow.

Published pictures are never the contributor's file: each is decoded, turned upright, rebuilt
from its pixels alone (so no EXIF, GPS, XMP, ICC profile or comment survives) and written as
WebP in a few widths, under a name made from a hash of the original bytes and the settings.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 400
WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
SETTINGS = f"v1:{WIDTHS}:{WEBP_QUALITY}"
FORMATS = ("JPEG", "PNG", "WEBP")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Rendition:
    """One published width of a picture."""

    name: str
    width: int
    height: int
    data: bytes


def sniff(path: Path) -> str | None:
    """JPEG, PNG or WebP judged by the first bytes, whatever the file is called."""
    with open(path, "rb") as handle:
        return sniff_bytes(handle.read(12))


def sniff_bytes(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def verify(path: Path) -> tuple[str, str] | None:
    """Why a picture cannot be published, as (message, hint), or None if it can.

    Every byte is decoded, so a truncated or corrupt file is caught; JPEGs are decoded at 1/8
    scale (`draft`), which reads the whole stream at a fraction of the cost.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (
            f"is {math.ceil(size / 2**20 * 10) / 10} MB; the limit is {MAX_BYTES // 2**20} MB",
            "export it smaller, e.g. 2000 pixels wide as JPEG",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=FORMATS) as image:
                width, height = image.size
                if getattr(image, "n_frames", 1) > 1:
                    return "is animated; only still pictures can be published", "export one frame"
                image.draft(image.mode, (width // 8, height // 8))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (
            f"has more than {MAX_PIXELS // 1_000_000} million pixels",
            "export it smaller, e.g. 2000 pixels wide",
        )
    except (OSError, SyntaxError, ValueError):
        return "is damaged or incomplete and cannot be read", "export or upload the picture again"
    if min(width, height) < MIN_SIDE:
        return (
            f"is {width}x{height} pixels; the shorter side must be at least {MIN_SIDE}",
            "use a larger version of the picture",
        )
    return None


def metadata_kinds(data: bytes) -> list[str]:
    """Every kind of metadata a picture carries: by Pillow's reading and by raw chunk names."""
    found = []
    with Image.open(io.BytesIO(data)) as image:
        keys = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment")
        found += [key for key in keys if image.info.get(key)]
        found += [f"text:{key}" for key in getattr(image, "text", {}) or {}]
        found += ["exif"] if image.getexif() and "exif" not in found else []
    if data[:4] == b"RIFF":
        found += [chunk.decode() for chunk in (b"EXIF", b"ICCP", b"XMP ") if chunk in data[12:]]
    return found


def content_key(data: bytes) -> str:
    return picture_key(hashlib.sha256(data).hexdigest())


def picture_key(digest: str) -> str:
    """The name of a picture's renditions: its content's SHA-256 with the rendering settings,
    so that a change of settings renders every picture again."""
    return hashlib.sha256(f"{SETTINGS}:{digest}".encode()).hexdigest()[:16]


def clean_pixels(data: bytes) -> Image.Image:
    """Decode, turn upright, and rebuild from pixels so that no metadata can come along."""
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        upright = ImageOps.exif_transpose(image)
        mode = (
            "RGBA"
            if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            else "RGB"
        )
        pixels = upright.convert(mode)
        return Image.frombytes(mode, pixels.size, pixels.tobytes())


def widths_for(width: int) -> list[int]:
    """The published widths: the standard ones below the original, and never an upscale."""
    return sorted({*(w for w in WIDTHS if w < width), min(width, WIDTHS[-1])})


def render(data: bytes) -> list[Rendition]:
    key = content_key(data)
    clean = clean_pixels(data)
    renditions = []
    for width in widths_for(clean.width):
        height = max(1, round(clean.height * width / clean.width))
        resized = (
            clean
            if width == clean.width
            else clean.resize((width, height), Image.Resampling.LANCZOS)
        )
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        renditions.append(Rendition(f"{key}-{width}.webp", width, height, out.getvalue()))
    return renditions
