"""What a pull request changes, from Git: which initiatives to check first, and which changes
need a maintainer's eye."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from builder.data.problems import WHOLE_FILE, Problem
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR

SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class Change:
    path: str
    mode: str
    """The new file mode; '000000' when the file was deleted."""


def changed_files(root: Path, base: str) -> list[Change]:
    """Files that differ between the merge base with `base` and HEAD."""
    output = subprocess.run(
        ["git", "diff", "--raw", "-z", "--no-renames", "--no-abbrev", f"{base}...HEAD"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    fields = output.split("\0")
    changes = []
    for header, path in zip(fields[0::2], fields[1::2], strict=False):
        if header.startswith(":"):
            changes.append(Change(path, header.split()[1]))
    return sorted(changes, key=lambda c: c.path)


def initiative_slug(path: str) -> str | None:
    """The initiative a repository path belongs to: initiatives/<slug>/<file>."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == INITIATIVES_DIR else None


def initiative_slugs(changes: list[Change]) -> list[str]:
    """The initiative folders a pull request touches, whether or not they still exist."""
    return sorted({slug for change in changes if (slug := initiative_slug(change.path))})


def review_problems(changes: list[Change]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): links and submodules are refused anywhere; a change outside an
    initiative folder is allowed but needs a maintainer's review."""
    errors, warnings = [], []
    for change in changes:
        if change.mode in (SYMLINK_MODE, SUBMODULE_MODE):
            kind = "a link" if change.mode == SYMLINK_MODE else "a submodule"
            errors.append(
                Problem(
                    change.path,
                    1,
                    1,
                    WHOLE_FILE,
                    f"is {kind}; pull requests may not add links or submodules",
                    "commit the file itself",
                )
            )
        elif initiative_slug(change.path) is None:
            warnings.append(
                Problem(
                    change.path,
                    1,
                    1,
                    WHOLE_FILE,
                    "is outside initiatives/: a maintainer must review this change",
                    f"an initiative needs only {INITIATIVES_DIR}/<id>/{INITIATIVE_FILE} "
                    "and its images",
                )
            )
    return errors, warnings
