"""Pictures: the checks, and what is published: clean pixels only, upright, in a few widths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from builder.data import images

GPS_IFD = 0x8825
ORIENTATION = 0x0112
RIGHT_TOP = 6


def phone_photo(width: int = 1200, height: int = 800) -> bytes:
    """A JPEG like one from a phone: GPS position, maker, comment, ICC profile, rotated 90°."""
    image = Image.new("RGB", (width, height), (20, 120, 40))
    image.paste((250, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[ORIENTATION] = RIGHT_TOP
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 31.0), 3: "E", 4: (4.0, 53.0, 51.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=icc, comment=b"Owner: A. Person", quality=90)
    return out.getvalue()


def test_the_phone_photo_really_carries_metadata() -> None:
    with Image.open(io.BytesIO(phone_photo())) as image:
        assert image.getexif().get_ifd(GPS_IFD)
    assert set(images.metadata_kinds(phone_photo())) >= {"exif", "icc_profile", "comment"}


def test_published_picture_is_clean_and_upright() -> None:
    renditions = images.render(phone_photo())
    assert [(r.width, r.height) for r in renditions] == [(480, 720), (800, 1200)]
    for rendition in renditions:
        assert images.metadata_kinds(rendition.data) == []
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert image.format == "WEBP"
            corner = image.convert("RGB").getpixel((image.width - 5, 5))
            assert corner[0] > 200 and corner[1] < 60, corner


def test_names_carry_a_hash_of_the_content_and_settings() -> None:
    first, second = images.render(phone_photo()), images.render(phone_photo(1000, 800))
    assert first[0].name.endswith("-480.webp")
    assert first[0].name.split("-")[0] != second[0].name.split("-")[0]
    assert images.content_key(b"x") == images.content_key(b"x") != images.content_key(b"y")


@pytest.mark.parametrize(
    ("width", "widths"), [(400, [400]), (960, [480, 960]), (3000, [480, 960, 1600])]
)
def test_widths_never_upscale(width: int, widths: list[int]) -> None:
    assert images.widths_for(width) == widths


def test_transparency_is_kept() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (500, 500), (0, 0, 0, 0)).save(out, "PNG")
    with Image.open(io.BytesIO(images.render(out.getvalue())[0].data)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1))[3] == 0


def test_sniff_judges_by_content(tmp_path: Path) -> None:
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    real = tmp_path / "photo.txt"
    real.write_bytes(phone_photo())
    assert images.sniff(fake) is None
    assert images.sniff(real) == "JPEG"
