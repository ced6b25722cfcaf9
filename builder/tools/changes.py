"""What a pull request changes, from Git: which initiatives to check first, and which changes
a contributor's pull request may not make. The validate workflow runs this module from the base
branch, never from the pull request, so that a pull request cannot change its own guard."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from builder.data.messages import _
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


def merge_base(root: Path, base: str) -> str:
    """The commit the pull request's diff is taken from (`base...HEAD`)."""
    return subprocess.run(
        ["git", "merge-base", base, "HEAD"], cwd=root, capture_output=True, check=True, text=True
    ).stdout.strip()


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """A file's content at a commit, or None when it did not exist there."""
    shown = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


def initiative_slug(path: str) -> str | None:
    """The initiative a repository path belongs to: initiatives/<slug>/<file>."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == INITIATIVES_DIR else None


def initiative_slugs(changes: list[Change]) -> list[str]:
    """The initiative folders a pull request touches, whether or not they still exist."""
    return sorted({slug for change in changes if (slug := initiative_slug(change.path))})


OUTSIDE_MESSAGE = _(
    "is outside initiatives/: a pull request from a contributor may change only initiative folders"
)
OUTSIDE_APPROVED = _(
    "is outside initiatives/: a maintainer labelled this pull request as a code change; "
    "review this file closely"
)
MAINTAINER_NOTE = _(
    "For maintainers: this pull request changes files outside initiatives/. If the change is "
    "meant (code, pages, workflows), review every file, then add the label '%(label)s' to the "
    "pull request; the check runs again and lets it through. The check is the base branch's "
    "own code, so a pull request cannot change what it checks."
)


def outside_initiatives(problem: Problem) -> bool:
    return initiative_slug(problem.file) is None


def review_problems(
    changes: list[Change], approved: bool = False, label: str = "code-change"
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): links and submodules are refused anywhere; a change outside an
    initiative folder is refused unless a maintainer approved it with the label, and is then
    a warning that names the file to review."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for change in changes:
        if change.mode in (SYMLINK_MODE, SUBMODULE_MODE):
            message = (
                _("is a link; pull requests may not add links or submodules")
                if change.mode == SYMLINK_MODE
                else _("is a submodule; pull requests may not add links or submodules")
            )
            errors.append(
                Problem(change.path, 1, 1, WHOLE_FILE, message, _("commit the file itself"))
            )
        elif initiative_slug(change.path) is None:
            (warnings if approved else errors).append(
                Problem(
                    change.path,
                    1,
                    1,
                    WHOLE_FILE,
                    OUTSIDE_APPROVED if approved else OUTSIDE_MESSAGE,
                    _(
                        "an initiative needs only %(file)s and its images; maintainers: see the "
                        "last line of this report about '%(label)s'",
                        file=f"{INITIATIVES_DIR}/<id>/{INITIATIVE_FILE}",
                        label=label,
                    ),
                )
            )
    return errors, warnings
