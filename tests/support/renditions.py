"""Yardsticks for published pictures: the renditions as the atlas made them before they were
made faster (each width resized directly from the whole picture with Lanczos, WebP at libwebp's
default effort), and the fidelity of a rendition to a direct resize of the original."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageChops, ImageStat

from builder.data import images

DIRECT_WEBP_METHOD = 4


def direct_resizes(data: bytes) -> dict[int, Image.Image]:
    """Each published width, resized straight from the whole clean picture: the reference."""
    clean = images.clean_pixels(data)
    return {
        width: clean.resize(
            (width, max(1, round(clean.height * width / clean.width))),
            Image.Resampling.LANCZOS,
        )
        for width in images.widths_for(clean.width)
    }


def direct_renditions(data: bytes) -> dict[int, bytes]:
    """The WebP files the atlas published before: direct resizes at method 4."""
    encoded = {}
    for width, pixels in direct_resizes(data).items():
        out = io.BytesIO()
        pixels.save(out, "WEBP", quality=images.WEBP_QUALITY, method=DIRECT_WEBP_METHOD)
        encoded[width] = out.getvalue()
    return encoded


def psnr(webp: bytes, reference: Image.Image) -> float:
    """Peak signal-to-noise ratio of a WebP file against reference pixels, in dB (RGB)."""
    with Image.open(io.BytesIO(webp)) as opened:
        decoded = opened.convert(reference.mode)
    difference = ImageChops.difference(decoded.convert("RGB"), reference.convert("RGB"))
    mean_square = sum(rms**2 for rms in ImageStat.Stat(difference).rms) / 3
    return math.inf if mean_square == 0 else 10 * math.log10(255**2 / mean_square)
