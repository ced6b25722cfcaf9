"""`python -m builder clean-pictures initiatives/<id>`: rewrite the pictures that `validate`
refuses for hidden data or size, from their pixels alone, and say what was removed.

A picture is replaced only by a rewritten copy that was checked first, through a temporary
file in the same folder and an atomic rename: an interrupted run leaves the old file or the
new one, never half of one. Pictures that are already clean are left exactly as they are, so
that running the command twice changes nothing the second time."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.data import images
from builder.data.checks import IMAGES_DIR
from builder.data.messages import _


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: `report` is one line for the contributor."""

    file: str
    report: str
    refused: bool = False


def pictures_in(root: Path, paths: Iterable[Path]) -> Iterator[Path]:
    """The files to clean: every file in each folder's images/, or the files named."""
    for path in paths:
        path = path if path.is_absolute() else root / path
        if path.is_dir() and not path.is_symlink():
            folder = path / IMAGES_DIR if (path / IMAGES_DIR).is_dir() else path
            yield from sorted(p for p in folder.iterdir() if not p.is_dir() or p.is_symlink())
        else:
            yield path


def clean_file(path: Path, shown: str) -> Outcome:
    if path.is_symlink() or not path.is_file():
        return Outcome(shown, f"{shown} is not a picture file; it was left as it is", True)
    if path.stat().st_size > images.DOWNLOAD_MAX_BYTES:
        limit = images.DOWNLOAD_MAX_BYTES // 2**20
        return Outcome(
            shown, f"{shown} is larger than {limit} MB; export a smaller copy of it", True
        )
    data = path.read_bytes()
    if not images.cleaning_needed(data):
        return Outcome(shown, f"{shown} is already clean; it was left as it is")
    try:
        cleaned = images.clean(data)
    except images.PictureRefused as refused:
        report = _("%(problem)s; it was left as it is", problem=refused.message(shown))
        return Outcome(shown, report.render(), True)
    replace_atomically(path, cleaned.data)
    return Outcome(shown, cleaned_report(shown, cleaned))


def cleaned_report(shown: str, cleaned: images.Cleaned) -> str:
    width, height = cleaned.after
    if cleaned.removed:
        report = f"{shown}: removed {', '.join(cleaned.removed)}; now {width}x{height} pixels"
    else:
        report = f"{shown}: rewritten from its pixels; now {width}x{height} pixels"
    size = len(cleaned.data)
    return report + (f", {size / 2**20:.1f} MB" if size >= 2**20 / 10 else f", {size // 1024} KB")


def replace_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.cleaning")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def clean_pictures(root: Path, paths: Iterable[Path]) -> list[Outcome]:
    outcomes = []
    for path in pictures_in(root, paths):
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = path.as_posix()
        outcomes.append(clean_file(path, shown))
    return outcomes
