"""`clean-pictures`: the one command that makes a refused picture committable. The acceptance
path of issue 18 runs here in-process: a phone photo with its location is refused, the command
rewrites it, and the folder validates with a picture that Pillow finds no metadata in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from builder.data import images
from tests.data.test_images import GPS_IFD, phone_photo
from tests.support import png_bytes, run_in_process, write_initiative


def located_initiative(root: Path) -> Path:
    folder = write_initiative(root)
    (folder / "images" / "river.png").write_bytes(phone_photo())
    return folder


def test_a_located_photo_is_refused_then_cleaned_by_one_command(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = located_initiative(atlas_root)
    code, report = run_in_process(capsys, "validate", "--root", atlas_root)
    assert code == 1
    assert "'images/river.png' carries the location where it was taken" in report
    assert "python -m builder clean-pictures initiatives/river-keepers" in report

    code, output = run_in_process(
        capsys, "clean-pictures", "initiatives/river-keepers", "--root", atlas_root
    )
    assert code == 0
    assert output.splitlines() == [
        "initiatives/river-keepers/images/river.png: removed location (GPS), camera make and "
        "model, comment; now 800x1200 pixels, 6 KB",
        "1 file looked at, 0 left as they were because of a problem",
    ]
    with Image.open(folder / "images" / "river.png") as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif() and not picture.getexif().get_ifd(GPS_IFD)
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(picture.info)
    assert run_in_process(capsys, "validate", "--root", atlas_root) == (
        0,
        "1 initiative checked, all valid\n",
    )
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["river.png"]


def test_cleaning_twice_changes_nothing_the_second_time(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = located_initiative(atlas_root)
    run_in_process(capsys, "clean-pictures", folder, "--root", atlas_root)
    once = (folder / "images" / "river.png").read_bytes()
    code, output = run_in_process(capsys, "clean-pictures", folder, "--root", atlas_root)
    assert code == 0 and "is already clean; it was left as it is" in output
    assert (folder / "images" / "river.png").read_bytes() == once


def test_what_cannot_be_cleaned_is_left_as_it_is(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_initiative(atlas_root)
    broken = phone_photo()[:400]
    (folder / "images" / "broken.jpg").write_bytes(broken)
    (folder / "images" / "notes.txt").write_text("not a picture")
    (folder / "images" / "link.png").symlink_to(folder / "images" / "river.png")
    code, output = run_in_process(capsys, "clean-pictures", folder, "--root", atlas_root)
    assert code == 1
    lines = output.splitlines()
    shown = "initiatives/river-keepers/images"
    assert (
        f"{shown}/broken.jpg is damaged or incomplete and cannot be read; it was left as it is"
        in lines
    )
    assert f"{shown}/link.png is not a picture file; it was left as it is" in lines
    assert f"{shown}/notes.txt is not a JPEG, PNG or WebP picture; it was left as it is" in lines
    assert f"{shown}/river.png is already clean; it was left as it is" in lines
    assert (folder / "images" / "broken.jpg").read_bytes() == broken
    assert not [p for p in (folder / "images").iterdir() if p.name.startswith(".")]


def test_a_large_picture_is_made_to_fit(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_initiative(atlas_root)
    (folder / "images" / "river.png").write_bytes(png_bytes((3200, 2400)))
    assert run_in_process(capsys, "validate", "--root", atlas_root)[0] == 1
    code, output = run_in_process(capsys, "clean-pictures", folder, "--root", atlas_root)
    assert code == 0 and "now 2560x1920 pixels" in output
    assert run_in_process(capsys, "validate", "--root", atlas_root)[0] == 0


def test_an_interrupted_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.tools import clean

    picture = tmp_path / "river.jpg"
    picture.write_bytes(phone_photo())

    def fail(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(clean.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        clean.clean_file(picture, "river.jpg")
    assert picture.read_bytes() == phone_photo()
    assert [p.name for p in tmp_path.iterdir()] == ["river.jpg"]
    assert images.hidden_data(io.BytesIO(picture.read_bytes()).getvalue())
