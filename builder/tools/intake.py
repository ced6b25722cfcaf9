"""Take in what an unprivileged job of the from-issue workflow made, as data only.

The jobs that hold write permissions run this, from the default branch, with nothing but the
standard library (and `actions_log.log_text`, which needs nothing else): it parses no YAML and
decodes no picture. It accepts exactly `comment.md`, `initiatives/<id>/initiative.yaml`
and `initiatives/<id>/images/photo-<n>.jpg|png|webp`, as regular files of bounded size, copies
the initiative into the checkout, and says which folder it copied. Without `--into` (the
answer to an opened or edited issue), it accepts nothing but `comment.md`.

    python3 -m builder.tools.intake PROPOSAL --into CHECKOUT --comment COMMENT_FILE
    python3 -m builder.tools.intake PROPOSAL --comment COMMENT_FILE
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from builder.tools.actions_log import log_text

ACCEPTED = re.compile(
    r"initiatives/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/"
    r"(?:initiative\.yaml|images/photo-(?:[1-9]|1[0-2])\.(?:jpg|png|webp))"
)
"""The only files a proposal may hold besides comment.md (from-issue names photos 1 to 12)."""
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SLUG = 80
COMMENT = "comment.md"
NO_COMMENT = (
    "The automatic check stopped before it could say why. A maintainer will read the "
    "workflow's log and answer here."
)


class ProposalRefused(Exception):
    """The artifact holds something the conversion never writes."""


def _entries(proposal: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry below the proposal, links included and never followed."""
    found = []
    for directory, folders, names in os.walk(proposal):
        for name in folders + names:
            path = Path(directory, name)
            found.append((path.relative_to(proposal).as_posix(), os.lstat(path)))
    return sorted(found)


def accepted_files(proposal: Path) -> tuple[str, list[str]]:
    """(the initiative folder, its files), both relative to the proposal; ('', []) when the
    proposal holds only a comment. Raises ProposalRefused for anything else."""
    slugs, files = set(), []
    for relative, info in _entries(proposal):
        if stat.S_ISDIR(info.st_mode):
            continue
        if not stat.S_ISREG(info.st_mode):
            raise ProposalRefused(f"{relative!r} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ProposalRefused(f"{relative!r} is larger than {MAX_FILE_BYTES} bytes")
        if relative == COMMENT:
            continue
        match = ACCEPTED.fullmatch(relative)
        if not match or len(match.group("slug")) > MAX_SLUG:
            raise ProposalRefused(f"{relative!r} is not a file that from-issue writes")
        slugs.add(match.group("slug"))
        files.append(relative)
    if len(slugs) > 1:
        raise ProposalRefused(f"the proposal holds {len(slugs)} initiatives, not one")
    folder = f"initiatives/{slugs.pop()}" if slugs else ""
    if folder and f"{folder}/initiative.yaml" not in files:
        raise ProposalRefused(f"{folder} has no initiative.yaml")
    return folder, files


def take_in(proposal: Path, checkout: Path) -> str:
    """Copy the proposed initiative into the checkout; the folder copied, or ''."""
    folder, files = accepted_files(proposal)
    if folder and (checkout / folder).exists():
        raise ProposalRefused(f"{folder} already exists in the repository")
    for relative in files:
        target = checkout / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(proposal / relative, target)
    return folder


def read_comment(proposal: Path) -> str:
    """The comment, when it is a regular file of bounded size; else NO_COMMENT."""
    try:
        info = os.lstat(proposal / COMMENT)
    except OSError:
        return NO_COMMENT
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return NO_COMMENT
    return (proposal / COMMENT).read_text(encoding="utf-8", errors="replace")


def take_in_comment_only(proposal: Path) -> None:
    """Raise ProposalRefused unless the proposal holds nothing but comment.md."""
    folder, _files = accepted_files(proposal)
    if folder:
        raise ProposalRefused(f"{folder} was handed over where only a comment is expected")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m builder.tools.intake")
    parser.add_argument("proposal", type=Path)
    parser.add_argument(
        "--into", type=Path, help="the repository's checkout (without it: only a comment)"
    )
    parser.add_argument("--comment", type=Path, required=True, help="where to write the comment")
    arguments = parser.parse_args(argv)
    proposal: Path = arguments.proposal
    arguments.comment.write_text(read_comment(proposal), encoding="utf-8")
    if not proposal.is_dir():
        return 0
    try:
        if arguments.into is None:
            take_in_comment_only(proposal)
            return 0
        folder = take_in(proposal, arguments.into)
    except ProposalRefused as refused:
        print(log_text(f"The proposal was refused: {refused}"), file=sys.stderr)
        arguments.comment.write_text(NO_COMMENT, encoding="utf-8")
        return 1
    outputs = os.environ.get("GITHUB_OUTPUT")
    if outputs and folder:
        with open(outputs, "a", encoding="utf-8") as handle:
            handle.write(f"folder={folder}\n")
    print(log_text(f"Accepted {folder}" if folder else "No initiative to propose"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
