"""Everything that touches picture files. The only module that imports Pillow.

The repository is the publication: a contributor's picture file is public as soon as it is in
a pull request, so `verify` refuses one that carries anything but pixels (location, camera,
owner, dates, comments, thumbnails, extra pictures, bytes after the end), and refuses what the
build could not publish. `clean` rewrites a picture from its pixels, for `clean-pictures` and
for `from-issue`. Published pictures are never the contributor's file either: `render` decodes
each one, turns it upright, rebuilds it from its pixels in sRGB and writes it as WebP in a few
widths, under a name made from a hash of the original bytes and the settings.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageOps, JpegImagePlugin
from PIL.ExifTags import IFD

from builder.data.messages import NO_MESSAGE, Message, _

MAX_BYTES = 3 * 1024 * 1024
"""A committed picture; every byte of it stays in the repository's history for good."""
MAX_SIDE = 2560
MIN_SIDE = 400
WEBP_MAX_SIDE = 16383
"""WebP cannot encode a longer side. MAX_SIDE keeps every picture and rendition below it."""
assert MAX_SIDE <= WEBP_MAX_SIDE
MAX_PIXELS = 40_000_000
CLEAN_MAX_PIXELS = 120_000_000
"""`clean` takes a phone's 50-megapixel photo; anything larger is refused before decoding."""
DOWNLOAD_MAX_BYTES = 25 * 1024 * 1024
WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
WEBP_METHOD = 2
"""libwebp's effort, 0-6, chosen by measurement on the repository's pictures: effort 2 encodes
in about half the time of the default 4, with renditions within 10 % of the size and 0.5 dB of
the PSNR of effort 4's; effort 1 files are up to half again as large."""
REDUCING_GAP = 2.0
"""Pillow first shrinks by a whole factor (a cheap box average) while the remaining Lanczos
step still reduces at least this much: the same look at a fraction of the cost."""
SETTINGS = f"v3:{WIDTHS}:{WEBP_QUALITY}:{WEBP_METHOD}:{REDUCING_GAP}"
FORMATS = ("JPEG", "PNG", "WEBP")
MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I;16B", "I;16L", "I"})
"""Every mode Pillow decodes a JPEG, PNG or WebP into; `_display_pixels` handles each one."""
LOCATION = "location (GPS)"
TURNED = frozenset({5, 6, 7, 8})
"""EXIF orientations that show a picture on its side: its width is its stored height."""

Image.MAX_IMAGE_PIXELS = CLEAN_MAX_PIXELS


@dataclass(frozen=True)
class Rendition:
    """One published width of a picture."""

    name: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PictureProblem:
    """Why a picture cannot be committed or published. `cleanable` problems go away with
    `python -m builder clean-pictures`; the others need another picture."""

    message: Message
    hint: Message = NO_MESSAGE
    cleanable: bool = False


class PictureRefused(Exception):
    """`clean` cannot rewrite this file (not a picture, damaged, animated, far too large).
    The reason is a message about `name`, which `message` fills in."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.template)
        self.reason = reason

    def message(self, name: str) -> Message:
        return self.reason.with_values(name=name)


@dataclass(frozen=True)
class Cleaned:
    """A picture rewritten from its pixels, with what was removed and how its size changed."""

    data: bytes
    format: str
    removed: tuple[str, ...]
    before: tuple[int, int]
    after: tuple[int, int]


def sniff(path: Path) -> str | None:
    """JPEG, PNG or WebP judged by the first bytes, whatever the file is called."""
    with open(path, "rb") as handle:
        return sniff_bytes(handle.read(12))


_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def other_format(head: bytes) -> str | None:
    """The picture formats people often have that the atlas cannot publish, by content:
    HEIC (iPhones' photos), AVIF, GIF and TIFF."""
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "AVIF"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return None


def sniff_bytes(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


# What a file carries besides its pixels -----------------------------------------------------

_EXIF_DISPLAY = frozenset(
    {0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0112, 0x0115, 0x011A, 0x011B, 0x0128, 0x0201,
     0x0202, 0x0213, 0x8769, 0xA005, 0x9000, 0x9101, 0xA000, 0xA001, 0xA002, 0xA003, 0x0001,
     0x0002}
)  # fmt: skip
"""Tags needed to show the picture: size, colour space, orientation, resolution, pointers."""
_EXIF_KINDS = {
    "camera serial number": {0xA431, 0xA435, 0xA420, 0xC62F},
    "owner or author name": {0xA430, 0x013B, 0x8298, 0x9C9D},
    "camera make and model": {0x010F, 0x0110, 0x0131, 0x013C, 0xA433, 0xA434, 0x927C},
    "date and time": {0x0132, 0x9003, 0x9004, 0x9010, 0x9011, 0x9012, 0x9290, 0x9291, 0x9292},
    "comment": {0x010E, 0x9286, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F},
}


def _exif_kinds(payload: bytes) -> set[str]:
    exif = Image.Exif()
    try:
        exif.load(payload)
        tags = {**dict(exif), **exif.get_ifd(IFD.Exif), **exif.get_ifd(IFD.Interop)}
        gps, thumbnail = exif.get_ifd(IFD.GPSInfo), exif.get_ifd(IFD.IFD1)
    except Exception:  # a damaged EXIF block raises anything from struct.error to KeyError
        return {"camera data that cannot be read (EXIF)"}
    kinds = {LOCATION} if gps else set()
    kinds |= {"thumbnail"} if thumbnail else set()
    extra = set(tags) - _EXIF_DISPLAY - {IFD.GPSInfo.value}
    for kind, numbers in _EXIF_KINDS.items():
        if extra & numbers:
            kinds.add(kind)
            extra -= numbers
    return kinds | ({"other camera data (EXIF)"} if extra else set())


def _xmp_kinds(payload: bytes) -> set[str]:
    located = any(word in payload for word in (b"GPSLatitude", b"GPSLongitude", b":Location"))
    return {"XMP", LOCATION} if located else {"XMP"}


def _jpeg_blocks(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, payload) for every JPEG segment, then (0, bytes after the end of the picture).
    The compressed data between segments is skipped by looking for the next marker."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0xD9:
            yield 0, data[position + 2 :]
            return
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
        else:
            length = struct.unpack(">H", data[position + 2 : position + 4])[0]
            yield marker, data[position + 4 : position + 2 + length]
            position += 2 + length
            if marker == 0xDA:
                position = _next_marker(data, position)


def _next_marker(data: bytes, position: int) -> int:
    """After a scan's compressed data: 0xFF followed by 0x00 is a data byte, by 0xD0-0xD7 a
    restart marker; any other 0xFF starts the next segment."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7:
            return position
        position += 2


_APP_NAMES = {0xE0: "APP0", 0xE1: "APP1", 0xE2: "APP2", 0xED: "IPTC", 0xEE: "APP14"}


def _jpeg_kinds(data: bytes) -> set[str]:
    kinds: set[str] = set()
    for marker, payload in _jpeg_blocks(data):
        if marker == 0:
            kinds |= {"data after the end of the picture"} if payload.strip(b"\0") else set()
        elif marker == 0xFE:
            kinds.add("comment")
        elif marker == 0xE0 and payload.startswith(b"JFIF\0"):
            kinds |= {"thumbnail"} if any(payload[12:14]) else set()
        elif marker == 0xE0 and payload.startswith(b"JFXX\0"):
            kinds.add("thumbnail")
        elif marker == 0xE1 and payload.startswith(b"Exif\0\0"):
            kinds |= _exif_kinds(payload)
        elif marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/"):
            kinds |= _xmp_kinds(payload)
        elif marker == 0xE2 and payload.startswith(b"MPF\0"):
            kinds.add("extra pictures (MPF)")
        elif marker == 0xED:
            kinds.add("IPTC")
        elif marker >= 0xE0 and not _needed_to_display(marker, payload):
            kinds.add(f"unknown block ({_APP_NAMES.get(marker, hex(marker))})")
    return kinds


def _needed_to_display(marker: int, payload: bytes) -> bool:
    """A colour profile, Adobe's colour-transform flag, or a segment of the picture itself."""
    if marker == 0xE2:
        return payload.startswith(b"ICC_PROFILE\0")
    if marker == 0xEE:
        return payload.startswith(b"Adobe")
    return marker < 0xE0


_PNG_DISPLAY = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
     b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"cLLI"}
)  # fmt: skip


def _png_kinds(data: bytes) -> set[str]:
    kinds: set[str] = set()
    position = 8
    while position + 8 <= len(data):
        length, name = struct.unpack(">I4s", data[position : position + 8])
        payload = data[position + 8 : position + 8 + length]
        position += 12 + length
        if name == b"IEND":
            rest = data[position:]
            return kinds | ({"data after the end of the picture"} if rest.strip(b"\0") else set())
        if name == b"eXIf":
            kinds |= _exif_kinds(payload)
        elif name == b"iTXt" and payload.startswith(b"XML:com.adobe.xmp\0"):
            kinds |= _xmp_kinds(payload)
        elif name in (b"tEXt", b"zTXt", b"iTXt"):
            kinds.add("text (comment)")
        elif name == b"tIME":
            kinds.add("date and time")
        elif name not in _PNG_DISPLAY:
            kinds.add(f"unknown block ({name.decode('latin-1')})")
    return kinds


_WEBP_DISPLAY = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"})


def _webp_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(name, payload) for every chunk, then (b"", bytes after the end of the RIFF file)."""
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    position = 12
    while position + 8 <= end:
        name, length = struct.unpack("<4sI", data[position : position + 8])
        yield name, data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)
    yield b"", data[end:]


def _webp_kinds(data: bytes) -> set[str]:
    kinds: set[str] = set()
    for name, payload in _webp_chunks(data):
        if not name:
            kinds |= {"data after the end of the picture"} if payload.strip(b"\0") else set()
        elif name == b"EXIF":
            kinds |= _exif_kinds(payload)
        elif name == b"XMP ":
            kinds |= _xmp_kinds(payload)
        elif name not in _WEBP_DISPLAY:
            kinds.add(f"unknown block ({name.decode('latin-1').strip()})")
    return kinds


def hidden_data(data: bytes) -> list[str]:
    """What a picture file carries besides what it takes to show it, read from the file's own
    structure rather than from what Pillow chooses to report; location first."""
    readers = {"JPEG": _jpeg_kinds, "PNG": _png_kinds, "WEBP": _webp_kinds}
    kind = sniff_bytes(data[:12])
    try:
        found = readers[kind](data) if kind else set()
    except struct.error:
        found = {"a damaged block"}
    return sorted(found, key=lambda k: (k != LOCATION, k))


# Checking a picture before it is committed --------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{math.ceil(size / 2**20 * 10) / 10} MB"


def verify(path: Path, name: str) -> list[PictureProblem]:
    """Why the picture named `name` cannot be committed or published; empty if it can.

    Whatever passes here also passes the build: the checks are the limits of `render` and of
    the WebP encoder, and the picture goes through the same pixel conversion as `render`."""
    size = path.stat().st_size
    problems = []
    if size > MAX_BYTES:
        problems.append(
            PictureProblem(
                _(
                    "'%(name)s' is %(size)s; the limit is %(limit)s MB",
                    name=name,
                    size=_megabytes(size),
                    limit=MAX_BYTES // 2**20,
                ),
                cleanable=True,
            )
        )
    with open(path, "rb") as handle:
        data = handle.read(DOWNLOAD_MAX_BYTES + 1)
    hidden = hidden_data(data)
    if hidden:
        problems.append(
            PictureProblem(
                _(
                    "'%(name)s' carries hidden data that anyone can download from the "
                    "repository: %(kinds)s",
                    name=name,
                    kinds=", ".join(hidden),
                )
                if LOCATION not in hidden
                else _(
                    "'%(name)s' carries the location where it was taken, and more hidden data "
                    "that anyone can download from the repository: %(kinds)s",
                    name=name,
                    kinds=", ".join(hidden),
                ),
                cleanable=True,
            )
        )
    return problems + _pixel_problems(data, name)


_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_without_picture(data: bytes) -> bool:
    """A JPEG whose segments lead to no frame: Pillow would search for one a byte at a time
    (a second for 10 MB), so it is refused before Pillow reads it."""
    return data[:3] == b"\xff\xd8\xff" and not any(
        marker in _JPEG_FRAMES for marker, _ in _jpeg_blocks(data)
    )


def _pixel_problems(data: bytes, name: str) -> list[PictureProblem]:
    if _jpeg_without_picture(data):
        return [_damaged(name)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                found = _size_problems(image, name)
                if found:
                    return found
                image.draft(image.mode, (image.width // 8, image.height // 8))
                image.load()
                _display_pixels(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [_too_many_pixels(name)]
    except (OSError, SyntaxError, ValueError):
        return [_damaged(name)]
    return []


def _damaged(name: str) -> PictureProblem:
    return PictureProblem(
        _("'%(name)s' is damaged or incomplete and cannot be read", name=name),
        _("export or upload the picture again"),
    )


def _too_many_pixels(name: str) -> PictureProblem:
    return PictureProblem(
        _(
            "'%(name)s' has more than %(millions)s million pixels",
            name=name,
            millions=MAX_PIXELS // 1_000_000,
        ),
        _("export it smaller, e.g. 2000 pixels wide"),
    )


def _size_problems(image: Image.Image, name: str) -> list[PictureProblem]:
    width, height = image.size
    short, long = sorted(image.size)
    if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
        return [
            PictureProblem(
                _("'%(name)s' is animated; only still pictures can be published", name=name),
                _("export one frame as a JPEG or PNG picture"),
            )
        ]
    if image.mode not in MODES:
        return [
            PictureProblem(
                _(
                    "'%(name)s' uses the colour mode %(mode)s, which the atlas cannot publish",
                    name=name,
                    mode=image.mode,
                ),
                _("export it as an ordinary JPEG or PNG"),
            )
        ]
    if width * height > MAX_PIXELS:
        return [_too_many_pixels(name)]
    if short < MIN_SIDE:
        return [
            PictureProblem(
                _(
                    "'%(name)s' is %(width)sx%(height)s pixels; the shorter side must be at "
                    "least %(minimum)s",
                    name=name,
                    width=width,
                    height=height,
                    minimum=MIN_SIDE,
                ),
                _("use a larger version of the picture"),
            )
        ]
    if short * MAX_SIDE < long * MIN_SIDE:
        return [
            PictureProblem(
                _(
                    "'%(name)s' is %(width)sx%(height)s pixels, too long and narrow to publish: "
                    "the longer side may be at most %(ratio)s times the shorter one",
                    name=name,
                    width=width,
                    height=height,
                    ratio=f"{MAX_SIDE / MIN_SIDE:g}",
                ),
                _("crop it closer to a rectangle"),
            )
        ]
    if long > MAX_SIDE:
        return [
            PictureProblem(
                _(
                    "'%(name)s' is %(width)sx%(height)s pixels; the longer side must be at "
                    "most %(maximum)s pixels",
                    name=name,
                    width=width,
                    height=height,
                    maximum=MAX_SIDE,
                ),
                cleanable=True,
            )
        ]
    return []


# Turning a picture into clean pixels --------------------------------------------------------


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _display_pixels(image: Image.Image) -> Image.Image:
    """The picture as it is meant to be seen, and nothing else: upright, in sRGB, in one of the
    modes 1, L, LA, P, RGB or RGBA, rebuilt from its pixels so that no metadata comes along."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # damaged EXIF (refused by `verify`): keep the picture as stored
        image.load()
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode in ("RGB", "RGBA", "CMYK"):
        image = _to_srgb(image, icc)
    transparent = "transparency" in image.info
    if transparent and image.mode != "RGBA":
        image = image.convert("RGBA")
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        pixels.putpalette(image.getpalette() or [])
    return pixels


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours converted from the picture's own profile; a missing or broken profile is read
    as sRGB, which is what browsers do."""
    wanted = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=wanted)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image if image.mode == wanted else image.convert(wanted)


def _published_mode(image: Image.Image) -> Image.Image:
    wanted = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def content_key(data: bytes) -> str:
    return picture_key(hashlib.sha256(data).hexdigest())


def picture_key(digest: str) -> str:
    """The name of a picture's renditions: its content's SHA-256 with the rendering settings,
    so that a change of settings renders every picture again."""
    return hashlib.sha256(f"{SETTINGS}:{digest}".encode()).hexdigest()[:16]


def clean_pixels(data: bytes) -> Image.Image:
    """Decode, turn upright, and rebuild from pixels, in RGB or RGBA, for the published widths."""
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        return _published_mode(_display_pixels(image))


def widths_for(width: int) -> list[int]:
    """The published widths: the standard ones below the original, and never an upscale."""
    return sorted({*(w for w in WIDTHS if w < width), min(width, WIDTHS[-1])})


def render(data: bytes) -> list[Rendition]:
    """The published widths of a picture as WebP, widest first: each from the next wider one
    rather than from the original, which costs a fraction and looks the same (a test holds
    every rendition's size and fidelity to those of a direct resize of the original)."""
    key = content_key(data)
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        width, height = _shown_size(image)
        widths = widths_for(width)
        _decode_reduced(image, widths[-1] / width)
        pixels = _published_mode(_display_pixels(image))
    renditions = []
    for target in reversed(widths):
        size = (target, max(1, round(height * target / width)))
        if pixels.size != size:
            pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        out = io.BytesIO()
        pixels.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        renditions.append(Rendition(f"{key}-{target}.webp", *size, out.getvalue()))
    return renditions[::-1]


def _shown_size(image: Image.Image) -> tuple[int, int]:
    """The size the picture is shown at, read from its orientation tag before any pixel is
    decoded (as `_display_pixels` turns it)."""
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # damaged EXIF (refused by `verify`): shown as stored
        orientation = 1
    return (image.height, image.width) if orientation in TURNED else image.size


def _decode_reduced(image: Image.Image, scale: float) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size (in the compressed domain, at a
    fraction of the cost) when the widest rendition still fits in the result."""
    if image.format == "JPEG" and scale < 0.5:
        image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def metadata_kinds(data: bytes) -> list[str]:
    """Every kind of metadata a published picture carries, by Pillow's reading and by the
    file's structure; published pictures carry none, not even a colour profile."""
    found = set(hidden_data(data))
    with Image.open(io.BytesIO(data)) as image:
        keys = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment")
        found |= {key for key in keys if image.info.get(key)}
        found |= {f"text:{key}" for key in getattr(image, "text", {}) or {}}
        found |= {"exif"} if image.getexif() else set()
    return sorted(found)


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """The picture's width and height as stored, or None when it cannot be read."""
    try:
        return _size_of(data)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


# Rewriting a picture for the repository -----------------------------------------------------

JPEG_QUALITIES = (92, 85, 78, 70)


def cleaning_needed(data: bytes) -> bool:
    """Whether `verify` would ask for `clean`: hidden data, too many bytes or pixels."""
    if len(data) > MAX_BYTES or hidden_data(data):
        return True
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            return max(image.size) > MAX_SIDE
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return True


_MANY_PIXELS = _(
    "%(name)s has more than %(millions)s million pixels", millions=CLEAN_MAX_PIXELS // 1_000_000
)


def clean(data: bytes) -> Cleaned:
    """Rewrite a picture from its pixels in its own format: upright, in sRGB, with no metadata,
    at most MAX_SIDE pixels long and MAX_BYTES large; a JPEG keeps its own quantisation tables,
    so it loses as little as one more decoding allows. Raises PictureRefused for anything that
    is not a still JPEG, PNG or WebP picture that can be read."""
    kind = sniff_bytes(data[:12])
    if kind is None:
        raise PictureRefused(_("%(name)s is not a JPEG, PNG or WebP picture"))
    removed = tuple(hidden_data(data))
    if _jpeg_without_picture(data):
        raise PictureRefused(_("%(name)s is damaged or incomplete and cannot be read"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                before = image.size
                _refuse_uncleanable(image)
                tables = _jpeg_tables(image)
                long = max(image.size)
                if long > MAX_SIDE:
                    scale = MAX_SIDE / long
                    image.draft(image.mode, (int(image.width * scale), int(image.height * scale)))
                pixels = _display_pixels(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureRefused(_MANY_PIXELS) from None
    except (OSError, SyntaxError, ValueError):
        raise PictureRefused(_("%(name)s is damaged or incomplete and cannot be read")) from None
    pixels = _fit(pixels, MAX_SIDE)
    out = _encode(pixels, kind, tables, data)
    if hidden_data(out):
        raise PictureRefused(_("%(name)s could not be rewritten without hidden data"))
    return Cleaned(out, kind, removed, _upright_size(before, pixels.size), _size_of(out))


def _refuse_uncleanable(image: Image.Image) -> None:
    if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
        raise PictureRefused(_("%(name)s is animated; only still pictures can be published"))
    if image.mode not in MODES:
        raise PictureRefused(
            _(
                "%(name)s uses the colour mode %(mode)s, which the atlas cannot publish",
                mode=image.mode,
            )
        )
    if image.width * image.height > CLEAN_MAX_PIXELS:
        raise PictureRefused(_MANY_PIXELS) from None
    short, long = sorted(image.size)
    if short * MAX_SIDE < long * MIN_SIDE or short < MIN_SIDE:
        raise PictureRefused(
            _(
                "%(name)s is %(width)sx%(height)s pixels, too small or too narrow to publish",
                width=image.width,
                height=image.height,
            )
        )


def _jpeg_tables(image: Image.Image) -> dict[str, object]:
    if not isinstance(image, JpegImagePlugin.JpegImageFile) or not image.quantization:
        return {}
    sampling = JpegImagePlugin.get_sampling(image)
    return {"qtables": image.quantization, **({"subsampling": sampling} if sampling >= 0 else {})}


def _fit(image: Image.Image, longest: int) -> Image.Image:
    if max(image.size) <= longest:
        return image
    scale = longest / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resample = Image.Resampling.NEAREST if image.mode in ("1", "P") else Image.Resampling.LANCZOS
    return image.resize(size, resample)


def _upright_size(stored: tuple[int, int], upright: tuple[int, int]) -> tuple[int, int]:
    """The original size as it is seen: turned when the picture was stored on its side."""
    swapped = (upright[0] > upright[1]) != (stored[0] > stored[1]) and stored[0] != stored[1]
    return (stored[1], stored[0]) if swapped else stored


def _size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _encode(image: Image.Image, kind: str, tables: dict[str, object], original: bytes) -> bytes:
    """The smallest change that fits MAX_BYTES: the original's quality first, then lower JPEG
    or WebP qualities, then (for lossless pictures) fewer pixels, in proportion to the excess."""
    while True:
        for options in _encodings(image, kind, tables, original):
            out = io.BytesIO()
            _for_format(image, kind).save(out, kind, **options)
            if out.tell() <= MAX_BYTES:
                return out.getvalue()
        scale = min(0.9, math.sqrt(MAX_BYTES / out.tell()) * 0.95)
        if min(image.size) * scale < MIN_SIDE:
            raise PictureRefused(
                _("%(name)s cannot be made smaller than %(limit)s MB", limit=MAX_BYTES // 2**20)
            )
        image = _fit(image, int(max(image.size) * scale))


def _encodings(
    image: Image.Image, kind: str, tables: dict[str, object], original: bytes
) -> Iterator[dict[str, object]]:
    if kind == "JPEG":
        if tables:
            yield {**tables, "optimize": True}
        for quality in JPEG_QUALITIES:
            yield {"quality": quality, "optimize": True}
    elif kind == "WEBP" and not any(name == b"VP8L" for name, _ in _webp_chunks(original)):
        for quality in JPEG_QUALITIES:
            yield {"quality": quality, "method": 4}
    elif kind == "WEBP":
        yield {"lossless": True, "method": 4}
    else:
        yield {"optimize": True}


def _for_format(image: Image.Image, kind: str) -> Image.Image:
    if kind == "JPEG" and image.mode not in ("L", "RGB"):
        return image.convert("L" if image.mode in ("1", "LA") else "RGB")
    if kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
        return _published_mode(image)
    return image


def atlas_mark(size: int) -> bytes:
    """The atlas's mark as a square PNG of `size` pixels (the 48x48 illustration of a ZIM
    file): two white rings that hold each other, on the theme's indigo. Drawn, not loaded, so
    that it needs no file and carries no metadata."""
    scale = 4
    canvas = Image.new("RGB", (size * scale, size * scale), (63, 81, 181))
    draw = ImageDraw.Draw(canvas)
    side = size * scale
    ring = side * 0.3
    width = max(1, round(side * 0.07))
    for centre in (side * 0.38, side * 0.62):
        box = (centre - ring, side / 2 - ring, centre + ring, side / 2 + ring)
        draw.ellipse(box, outline=(255, 255, 255), width=width)
    small = canvas.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()
