"""Remember the outcome of checking each initiative folder, so that unchanged folders are
neither parsed nor their pictures decoded again, by `validate`, the build, `mkdocs serve` and
every language's build alike.

A verdict is keyed by the content of every file in the folder and by the version of everything
the checks read: the schema folder and the checking code itself. Change any of them and the
key changes, so a stale verdict cannot be used. File contents are hashed once and remembered by
size and modification time (as Git's index does); a file whose size or time differs is hashed
again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from builder.data.problems import Problem, problem_from_json, problem_to_json

DIGESTS_FILE = "digests.json"
FORMAT = "2"


@dataclass
class Digests:
    """SHA-256 of files, remembered by path, size and modification time."""

    known: dict[str, list[Any]] = field(default_factory=dict)
    fresh: dict[str, list[Any]] = field(default_factory=dict)
    """The entries hashed in this process, to be saved."""

    def of(self, path: Path) -> str:
        info = path.stat()
        stamp = [info.st_size, info.st_mtime_ns]
        entry = self.known.get(str(path))
        if entry and entry[:2] == stamp:
            return str(entry[2])
        digest = file_digest(path)
        self.known[str(path)] = self.fresh[str(path)] = [*stamp, digest]
        return digest


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    """Every file and link below a folder, links not followed, in a stable order."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            else:
                yield Path(entry.path)


@cache
def code_version() -> str:
    """A digest of the checking code: builder/data/*.py."""
    hasher = hashlib.sha256(FORMAT.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        hasher.update(path.name.encode() + path.read_bytes())
    return hasher.hexdigest()


def reference_version(schema_dir: Path, digests: Digests) -> str:
    """A digest of everything in the schema folder, with the checking code's."""
    hasher = hashlib.sha256(code_version().encode())
    for path in sorted(p for p in schema_dir.rglob("*") if p.is_file()):
        hasher.update(f"{path.relative_to(schema_dir)}:{digests.of(path)}".encode())
    return hasher.hexdigest()


def folder_key(folder: Path, reference: str, digests: Digests) -> str | None:
    """The verdict's key for one folder; None when the folder cannot be listed (the checks
    then report why)."""
    hasher = hashlib.sha256(reference.encode())
    try:
        for path in _files(folder):
            kind = "link" if path.is_symlink() else digests.of(path)
            hasher.update(f"{path.relative_to(folder).as_posix()}:{kind}\n".encode())
    except OSError:
        return None
    return hasher.hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What checking one folder found: its problems, and its data when it could be read
    (checks that depend on the day run on that data every time, outside the cache)."""

    problems: tuple[Problem, ...]
    data: dict[str, Any] | None
    language: str | None = None
    """The language the file says it is written in, even when it could not be read."""


class VerdictCache:
    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir
        self.folder.mkdir(parents=True, exist_ok=True)
        self.digests = Digests(self._read_digests())

    def _read_digests(self) -> dict[str, list[Any]]:
        try:
            known = json.loads((self.folder / DIGESTS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return known if isinstance(known, dict) else {}

    def get(self, key: str) -> Verdict | None:
        try:
            raw = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            problems = tuple(problem_from_json(p) for p in raw["problems"])
            return Verdict(problems, raw["data"], raw.get("language"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, verdict: Verdict) -> None:
        raw = {
            "problems": [problem_to_json(p) for p in verdict.problems],
            "data": verdict.data,
            "language": verdict.language,
        }
        _write_atomically(self.folder / f"{key}.json", json.dumps(raw, ensure_ascii=False))

    def save_digests(self, found: dict[str, list[Any]]) -> None:
        """Merge digests found (by this process or its workers) and write them once."""
        self.digests.known.update(found)
        if found or self.digests.fresh:
            _write_atomically(self.folder / DIGESTS_FILE, json.dumps(self.digests.known))


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
