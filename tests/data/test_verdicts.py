"""The verdict cache: unchanged folders are not checked again, and no verdict outlives a
change of anything it depends on."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from builder import pipeline
from builder.data import verdicts
from builder.settings import Settings
from tests.support import SCHEMA, png_bytes, write_initiative


@pytest.fixture
def cached(atlas_root: Path, settings: Settings) -> Settings:
    return replace(settings, verdicts_dir=atlas_root / ".cache" / "verdicts")


def counts(settings: Settings) -> tuple[int, int, int]:
    """(checked, from the cache, problems)"""
    result = pipeline.check(settings)
    return result.checked - result.from_cache, result.from_cache, len(result.problems)


def touch_later(path: Path) -> None:
    """Change a file's modification time, as an edit does, even within one clock tick."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))


def test_unchanged_folders_come_from_the_cache(atlas_root: Path, cached: Settings) -> None:
    for slug in ("one", "two", "three"):
        write_initiative(atlas_root, slug)
    assert counts(cached) == (3, 0, 0)
    assert counts(cached) == (0, 3, 0)


@pytest.mark.parametrize("what", ["yaml", "picture", "new file"])
def test_a_changed_folder_is_checked_again_alone(
    atlas_root: Path, cached: Settings, what: str
) -> None:
    for slug in ("one", "two"):
        write_initiative(atlas_root, slug)
    counts(cached)
    folder = atlas_root / "initiatives" / "two"
    if what == "yaml":
        path = folder / "initiative.yaml"
        path.write_text(path.read_text().replace("lat: -1.29", "lat: -1.2921"))
    elif what == "picture":
        (folder / "images" / "river.png").write_bytes(png_bytes((500, 400)))
    else:
        (folder / "notes.txt").write_text("a stray file")
    touch_later(folder / "initiative.yaml")
    assert counts(cached) == (1, 1, 0 if what == "picture" else 1)


def test_a_change_to_the_schema_or_the_checks_checks_everything_again(
    atlas_root: Path, cached: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SCHEMA, atlas_root / "schema")
    cached = replace(cached, schema_dir=atlas_root / "schema")
    write_initiative(atlas_root, "one")
    counts(cached)
    vocabularies = cached.schema_dir / "vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text() + "\n# a comment\n")
    touch_later(vocabularies)
    assert counts(cached) == (1, 0, 0)
    monkeypatch.setattr(verdicts, "code_version", lambda: "a new version of the checks")
    assert counts(cached) == (1, 0, 0)


def test_problems_that_depend_on_the_day_are_found_from_the_cache_too(
    atlas_root: Path, cached: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = 'calls:\n  - title: Seeds\n    seeks: [equipment]\n    until: "2027-03-01"\n'
    write_initiative(atlas_root, extra=call)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01
    assert counts(cached) == (1, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740787200")  # 2025-03-01
    result = pipeline.check(cached)
    assert result.from_cache == 1
    assert [(p.field, p.line) for p in result.problems] == [("calls[0].until", 27)]
